"""Messages of the RiskGovernor: intents in, approved orders out, and the operator's brakes."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.domain import Intent


class EvaluateIntent(Struct, frozen=True, kw_only=True):
    """Decide on an entry or exit intent (from a StockActor, or the governor itself)."""

    intent: Intent
    market: PriceObserved | None = None


class PriceObserved(Struct, frozen=True, kw_only=True):
    """A StockActor's latest view of its code: feeds stop-losses and market checks."""

    code: str
    price: int
    at: datetime
    base_price: int | None
    upper_limit: int | None
    lower_limit: int | None
    vi_active: bool = False
    halted: bool = False


class EngageKillSwitch(Struct, frozen=True, kw_only=True):
    """Halt all new entries (and cancel pending ones) until released."""

    reason: str
    by: str = "operator"


class ReleaseKillSwitch(Struct, frozen=True, kw_only=True):
    by: str = "operator"


class LiquidateAll(Struct, frozen=True, kw_only=True):
    """Emergency: exit every position at market."""

    reason: str
    by: str = "operator"
    attempt: int = 0
    """Retries while the account is restarting (the operator's brake is never dropped)."""


class SetEntriesPaused(Struct, frozen=True, kw_only=True):
    paused: bool
    by: str = "operator"


class CheckExits(Struct, frozen=True):
    """Timer tick: stop-losses, end-of-day exit, daily loss limit."""


class GovernorSnapshot(Struct, frozen=True, kw_only=True):
    at: datetime
    state: str
    entries_paused: bool
    kill_switch: bool
    daily_loss_hit: bool
    approved_today: int
    rejected_today: int
