"""Messages of the RiskGovernor: intents in, approved orders out, and the operator's brakes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from msgspec import Struct

from agent.broker.market import ListingInfo
from agent.core.market import Seen
from agent.domain import Intent


class EvaluateIntent(Struct, frozen=True, kw_only=True):
    """Decide on an entry or exit intent (from a StockActor, or the governor itself)."""

    intent: Intent
    market: PriceObserved | None = None
    listing: ListingInfo | None = None
    """The broker's stock information (ka10100) the StockActor fetched at its start, so the
    governor's mailbox (where stops wait) never waits on it; None: the governor asks."""


class PriceObserved(Seen, frozen=True, kw_only=True):
    """A StockActor's latest view of its code: feeds stop-losses and market checks."""


class GovernorBrakes(Struct, frozen=True, kw_only=True):
    """What the governor tells the router of its brakes, on every change (and when asked)."""

    frozen: bool
    """The operator's freeze: no automatic order at all (the chase re-sends nothing)."""
    entries_blocked: bool
    """No new entry gets through (freeze, kill switch, pause, daily loss limit): the router
    cancels every working entry, even one the broker's lists show only later."""


class TradePrice(Struct, frozen=True, kw_only=True):
    """A trade print in a code the agent holds: its stop is checked on every one."""

    code: str
    price: int
    at: datetime
    bid: int = 0
    """The best bid with the print (0: unknown): a stop's limit is priced through it."""


class SetFrozen(Struct, frozen=True, kw_only=True):
    """Freeze (or thaw) every automatic order: no entry, no stop, no end-of-day exit."""

    frozen: bool
    by: str = "operator"


class EngageKillSwitch(Struct, frozen=True, kw_only=True):
    """Halt all new entries (and cancel pending ones) until released."""

    reason: str
    by: str = "operator"


class ReleaseKillSwitch(Struct, frozen=True, kw_only=True):
    by: str = "operator"


class LiquidateAll(Struct, frozen=True, kw_only=True):
    """Emergency: sell the agent's positions at market (with ``scope`` "all", the user's
    holdings in the account too: only when the operator names them)."""

    reason: str
    by: str = "operator"
    scope: Literal["agent", "all"] = "agent"
    attempt: int = 0
    """Retries while the account is restarting (the operator's brake is never dropped)."""
    halt: bool = True
    """Engage the kill switch with it (false: the sale at a graceful shutdown, whose process
    takes no entry again; the next start trades as usual)."""


class DrainEntries(Struct, frozen=True, kw_only=True):
    """The agent is shutting down: refuse every new entry and cancel the working ones, for
    this process only (recorded nowhere durable: the next start trades as usual)."""

    reason: str = "shutdown"


class SetEntriesPaused(Struct, frozen=True, kw_only=True):
    paused: bool
    by: str = "operator"


class CheckExits(Struct, frozen=True):
    """Timer tick: stops of codes without a recent print, stale prices, end-of-day exit, daily
    loss limit."""


class GovernorSnapshot(Struct, frozen=True, kw_only=True):
    at: datetime
    state: str
    entries_paused: bool
    kill_switch: bool
    frozen: bool = False
    """Every automatic order is stopped (the operator's freeze)."""
    daily_loss_hit: bool
    approved_today: int
    rejected_today: int
    reserved: int = 0
    """Approvals not yet in the database (their exposure is reserved)."""
    stale_codes: tuple[str, ...] = ()
    """Held codes without a price for longer than ``risk.stale_price_s``."""
    locked_codes: tuple[str, ...] = ()
    """Held codes whose stop rests at the lower limit (limit-down lock)."""


# What the governor puts on the board's event stream (actors/board/events.py).


class TradeSignal(Struct, frozen=True, kw_only=True):
    """An intent and the governor's decision on it (the ``trade_signal`` event)."""

    code: str
    side: str
    purpose: str
    price: int
    """The intent's reference price."""
    decision: Literal["approved", "rejected"]
    quantity: int | None
    """The approved quantity; None when rejected."""
    reasons: tuple[str, ...]
    """The intent's reasons, then the decision's."""


class ExitRefused(Struct, frozen=True, kw_only=True, tag_field="event", tag="exit_refused"):
    """A sell of the agent's was refused (said once a day per code; retried with backoff)."""

    code: str
    reason: str


class PriceStale(Struct, frozen=True, kw_only=True, tag_field="event", tag="price_stale"):
    """A held code had no price for longer than the risk limits allow (once per episode)."""

    code: str
    reason: str


class BrakesChanged(Struct, frozen=True, kw_only=True, tag_field="event", tag="brakes_changed"):
    """The governor's brakes moved (the freeze, the kill switch, the operator's pause): every
    dashboard page shows them, whoever pulled them."""

    frozen: bool
    kill_switch: bool
    entries_paused: bool
