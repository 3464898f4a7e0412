"""The journal's record of the risk governor and the router: the inputs each took (signals,
prices, quotes, the Account's answers, timers, the chase's working orders), what each started
from, the parameters in force, and the governor's decisions."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.broker.market import ListingInfo
from agent.core.governor import Decided
from agent.core.market import Seen
from agent.domain import Approved, Intent
from agent.orders.backstops import BackstopRow, Guard
from agent.orders.chase import Working
from agent.risk.account import AccountView
from agent.settings.components import (
    ExecutionSettings,
    RiskSettings,
    Settings,
    StrategySettings,
)


class Signal(Struct, frozen=True, tag="signal", array_like=True):
    """An entry signal as the governor received it: the intent, the StockActor's view of the
    code and the stock information it read."""

    intent: Intent
    market: Seen | None
    listing: ListingInfo | None


class Observed(Struct, frozen=True, tag="observed", array_like=True):
    """A StockActor's report of a code the agent holds or trades, as the governor received it."""

    seen: Seen


class Traded(Struct, frozen=True, tag="traded", array_like=True):
    """A print of a held code as the governor received it (its stop is checked on each)."""

    code: str
    price: int
    at: datetime
    bid: int = 0


class AccountAnswer(Struct, frozen=True, tag="view", array_like=True):
    """The Account's answer to one of the governor's asks, before the governor's reservations
    are laid over it; None: the same as the last answer journaled (most asks of a quiet
    minute). The replay answers the core's asks with these, in order."""

    view: AccountView | None
    unavailable: str = ""
    """Why the ask failed (the Account or the broker was away); the decision went on without."""


class Started(Struct, frozen=True, tag="started", array_like=True):
    """A core's actor (re)started (``risk``: the governor): what it remembered is gone, and it
    restored the rest from the database."""

    component: str
    format: int = 0
    """The replay format of the writer (0: before the field existed)."""
    state: str = ""
    """What the governor restored from the database: its state, pause and freeze (the
    operator may have changed them while the agent was down), and today's entries."""
    paused: bool = False
    frozen: bool = False
    entered: tuple[str, ...] = ()


class Quotes(Struct, frozen=True, tag="quotes", array_like=True, gc=False):
    """The governor's quote read of held codes gone quiet (ka10001), in the broker's order, at
    each exit check; empty when no code was quiet or the read failed.

    One a second all day, and a dict of codes to prices is in no cycle: untracked by the cycle
    collector (``gc=False``), so a replay holding the day does not make it collect its oldest
    generation, which walks every entry held, again and again.
    """

    prices: dict[str, int]


class Configured(Struct, frozen=True, tag="configured", array_like=True):
    """The parameters the core decides with, at start and after every change the operator made
    (the replay decides with them, not with today's file)."""

    strategy: StrategySettings
    risk: RiskSettings
    execution: ExecutionSettings

    @classmethod
    def of(cls, settings: Settings) -> Configured:
        return cls(strategy=settings.strategy, risk=settings.risk, execution=settings.execution)


EXIT_TIMER = "risk.exits"
"""The governor's one-second exit check."""

LIQUIDATION_RETRY = "risk.liquidation"
"""A retry of the operator's emergency liquidation (the account was away or a sell refused)."""


class Timer(Struct, frozen=True, tag="timer", array_like=True):
    """A timer of the core fired (``risk.exits``: the governor's exit check). Live timers run on
    wall time as well as market time; journaled, the replay raises them at the same instants."""

    name: str


class Decision(Struct, frozen=True, tag="decision", array_like=True):
    """What the live governor decided on an intent: the core's output, which the replay
    compares its own with. An approval carries the order's client id and terms."""

    intent: Intent
    approved: bool
    reasons: tuple[str, ...] = ()
    quantity: int = 0
    order_type: str = ""
    limit_price: int | None = None
    client_order_id: str | None = None

    @classmethod
    def of(cls, decided: Decided) -> Decision:
        """Return a core's decision as the journal keeps it."""
        decision = decided.decision
        if isinstance(decision, Approved):
            return cls(
                intent=decision.intent,
                approved=True,
                reasons=decision.reasons,
                quantity=decision.quantity,
                order_type=decision.order_type.value,
                limit_price=decision.limit_price,
                client_order_id=decided.client_order_id,
            )
        return cls(intent=decision.intent, approved=False, reasons=decision.reasons)


class ChaseRow(Struct, frozen=True, array_like=True):
    """One working order as the router's chase saw it."""

    working: Working
    client_order_id: str
    remaining: int
    strategy_tag: str
    signal_price: int | None
    locked: bool
    """Whether a stop priced at the lower limit rests in a stock trading there (not in a VI);
    the order manager reports each such stop once (:class:`agent.core.orders.OrderManager`)."""


class Chased(Struct, frozen=True, tag="chased", array_like=True):
    """The router's chase ran (its timer) over these working orders, with the board's brakes
    as it read them: the replay runs the same chase over them."""

    rows: tuple[ChaseRow, ...]
    frozen: bool
    entries_blocked: bool


class Guarded(Struct, frozen=True, tag="guarded", array_like=True, kw_only=True):
    """The router planned its backstops (:func:`agent.core.backstops.plan`) from these: the
    replay plans from the same."""

    guards: tuple[Guard, ...]
    rows: tuple[BackstopRow, ...]
    """The day's working backstops."""
    lots: tuple[tuple[str, int], ...] = ()
    """The agent's lot per guarded code, read by the router after the fills it recorded: a
    guard the governor computed before a sell's fill never asks for shares already sold."""
    exiting: tuple[str, ...] = ()
    """Codes with an exit of the agent's working or held: their backstops go, none comes."""
    entering: tuple[str, ...] = ()
    """Codes with an entry still working: a backstop is placed, but not resized until the
    entry ends (each fill would replace it)."""
    sent: tuple[tuple[str, int], ...] = ()
    """Backstops sent today per code: the next one's client order id counts on."""
    refused: tuple[tuple[str, datetime, int], ...] = ()
    """Per code, when the broker last refused its backstop today and how many times."""
    declined: tuple[str, ...] = ()
    """Codes whose backstop someone else cancelled today (the user, in 영웅문 or the MTS, to
    sell those shares by hand): none is placed again that day."""
    open: bool = True
    """Whether orders may be sent now (the session's phase, trading not frozen)."""
