"""What the journal records: every input the trading core sees live, as it arrived.

Market prints, VI notices and order executions as the realtime feed decoded them, the ranking
and news reads of each scanner poll and the breaking news, what the broker said of a code when
watching it started, the Account's broker reads, the stock information reads,
the broker's answers to the agent's orders, the feed's state and the operator's commands. Timers are
not inputs: a replay in virtual time raises them again. Each kind is a tagged struct, so a
journal of an older version still decodes the kinds it knows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from msgspec import Struct, structs

from agent.core.governor import Decided
from agent.core.market import Seen
from agent.core.watch import StockReads
from agent.domain import Approved, Intent
from agent.kiwoom.models.market import ListingInfo
from agent.kiwoom.models.trading import Balance, Deposit, Side
from agent.kiwoom.realtime.events import OrderExecution, TradeTick, ViTriggered
from agent.orders.chase import Working
from agent.risk.account import AccountView
from agent.settings.components import (
    ExecutionSettings,
    RiskSettings,
    Settings,
    StrategySettings,
)
from agent.strategy.scanner import RankEntry


class Print(Struct, frozen=True, tag="print", array_like=True):
    """A trade print of a watched code (Kiwoom 0B), field by field: as a flat array a print
    takes about half the bytes the tick's own (named) encoding would."""

    code: str
    time: datetime | None
    price: int
    change: int
    rate_bp: int
    qty: int
    side: Side | None
    ask: int
    bid: int
    cum_volume: int
    cum_turnover_won: int
    open: int
    high: int
    low: int
    strength_bp: int
    session: str

    @classmethod
    def of(cls, tick: TradeTick) -> Print:
        return cls(**structs.asdict(tick))

    @property
    def tick(self) -> TradeTick:
        """Return the print as the feed decoded it."""
        return TradeTick(**structs.asdict(self))


class Execution(Struct, frozen=True, tag="execution", array_like=True):
    """An order execution notice (Kiwoom 00): accepted, filled, confirmed, cancelled."""

    execution: OrderExecution


class Vi(Struct, frozen=True, tag="vi", array_like=True):
    """A volatility interruption started or ended (Kiwoom 1h)."""

    event: ViTriggered


class Feed(Struct, frozen=True, tag="feed", array_like=True):
    """The realtime feed connected (True) or was lost (False)."""

    connected: bool


class Rankings(Struct, frozen=True, tag="rankings", array_like=True):
    """One scanner poll's ranking reads: turnover, volume surge and gainers, in list order."""

    turnover: tuple[RankEntry, ...]
    surges: tuple[RankEntry, ...]
    gainers: tuple[RankEntry, ...]


class News(Struct, frozen=True, tag="news", array_like=True):
    """One scanner poll's news scores (None: the service has no score for the code)."""

    scores: dict[str, int | None]


class Breaking(Struct, frozen=True, tag="breaking", array_like=True):
    """A breaking-news score pushed to a watched code (Redis ``news_breaking_kr``)."""

    code: str
    score: int


class Ranked(Struct, frozen=True, tag="ranked", array_like=True):
    """A watched code's StockActor took a new rank from the scanner's poll."""

    code: str
    rank: int | None
    volume_rank: int | None


class Scored(Struct, frozen=True, tag="scored", array_like=True):
    """A watched code's StockActor took a news score (the scanner's poll, or breaking news)."""

    code: str
    score: int | None


class Holding(Struct, frozen=True, tag="holding", array_like=True):
    """A watched code's StockActor saw the agent's holding of it change (it reads the account's
    snapshot at each publish; its entry loop asks it between publishes)."""

    code: str
    held: bool


class Counted(Struct, frozen=True, tag="counted", array_like=True):
    """A StockActor counted today's entries in its code in the orders table (its entry loop
    asks once the rule says enter)."""

    code: str
    entries: int


class Watched(Struct, frozen=True, tag="watched", array_like=True):
    """A code began to be watched (a StockActor started, or rebuilt for a new day): what the
    broker said of it then, and the scanner's rank and news score it started with."""

    reads: StockReads


class Unwatched(Struct, frozen=True, tag="unwatched", array_like=True):
    """A code stopped being watched (its StockActor stopped or crashed)."""

    code: str


class AccountRead(Struct, frozen=True, tag="account", array_like=True):
    """The Account's read of the broker: deposit (kt00001) and holdings (kt00018)."""

    deposit: Deposit
    balance: Balance


class ListingRead(Struct, frozen=True, tag="listing", array_like=True):
    """A read of a stock's information (ka10100): halt, designations, kind; ``asker`` says
    whose (a StockActor's with its signal, or the governor's own)."""

    info: ListingInfo
    asker: str = "stock"


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


REPLAY_FORMAT = 3
"""What a journal holds for the replay; raised when a change to the core needs new inputs, so a
replay never compares a day against inputs it cannot see."""


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


class ChaseRow(Struct, frozen=True, array_like=True):
    """One working order as the router's chase saw it."""

    working: Working
    client_order_id: str
    remaining: int
    strategy_tag: str
    signal_price: int | None
    locked: bool
    """What the chase was told if it asked whether the order is locked at the lower limit."""


class Chased(Struct, frozen=True, tag="chased", array_like=True):
    """The router's chase ran (its timer) over these working orders, with the board's brakes
    as it read them: the replay runs the same chase over them."""

    rows: tuple[ChaseRow, ...]
    frozen: bool
    entries_blocked: bool


class Quotes(Struct, frozen=True, tag="quotes", array_like=True):
    """The governor's quote read of held codes gone quiet (ka10001), in the broker's order, at
    each exit check; empty when no code was quiet or the read failed."""

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


class OrderAnswer(Struct, frozen=True, tag="answer", array_like=True):
    """The broker's answer to sending one of the agent's orders (kt10000 / kt10001):
    ``accepted`` with its order number, ``rejected`` with the broker's code, or ``unknown``
    (the answer was lost: only the broker's lists settle it)."""

    client_order_id: str
    outcome: str
    order_no: str | None = None
    code: str = ""
    message: str = ""


class Command(Struct, frozen=True, tag="command", array_like=True):
    """An operator's command to the governor (kill switch, pause, freeze, liquidation)."""

    name: str
    by: str
    detail: dict[str, Any] = {}


Event = (
    Print
    | Execution
    | Vi
    | Feed
    | Rankings
    | News
    | Breaking
    | Ranked
    | Scored
    | Holding
    | Counted
    | Watched
    | Unwatched
    | AccountRead
    | ListingRead
    | OrderAnswer
    | Command
    | AccountAnswer
    | Signal
    | Observed
    | Traded
    | Quotes
    | Chased
    | Started
    | Configured
    | Timer
    | Decision
)


class Entry(Struct, frozen=True, array_like=True):
    """One journal frame: the input, its sequence number in the day and its market time."""

    seq: int
    at: datetime
    event: Event
