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

from agent.core.watch import StockReads
from agent.kiwoom.models.market import ListingInfo
from agent.kiwoom.models.trading import Balance, Deposit, Side
from agent.kiwoom.realtime.events import OrderExecution, TradeTick, ViTriggered
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
    """A read of a stock's information (ka10100): halt, designations, kind."""

    info: ListingInfo


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
    | Watched
    | Unwatched
    | AccountRead
    | ListingRead
    | OrderAnswer
    | Command
)


class Entry(Struct, frozen=True, array_like=True):
    """One journal frame: the input, its sequence number in the day and its market time."""

    seq: int
    at: datetime
    event: Event
