"""The journal's inputs from outside the agent: what the realtime feed pushed (prints, VIs,
executions, its state), the scanner's ranking and news reads, breaking news, the broker's reads
and answers (account, stock information, order sends) and the operator's commands."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from msgspec import Struct, structs

from agent.broker.account import Balance, Deposit
from agent.broker.events import OrderExecution, TradeTick, ViTriggered
from agent.broker.market import ListingInfo
from agent.domain import Side
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
    """One scanner poll's ranking reads: turnover, volume surge and gainers, in list order
    (as journals before :class:`Ranks` keep them; still read, no longer written)."""

    turnover: tuple[RankEntry, ...]
    surges: tuple[RankEntry, ...]
    gainers: tuple[RankEntry, ...]


class RankRow(Struct, frozen=True, array_like=True, omit_defaults=True):
    """One ranking row as the journal keeps it: a :class:`RankEntry` as an array (keyed by
    field name, the day's ranking reads were half of its journal)."""

    code: str
    name: str
    price: int
    change_bps: int
    volume: int
    turnover_won: int | None = None
    prev_volume: int | None = None
    surge_bps: int | None = None

    @classmethod
    def of(cls, entry: RankEntry) -> RankRow:
        return cls(
            entry.code,
            entry.name,
            entry.price,
            entry.change_bps,
            entry.volume,
            entry.turnover_won,
            entry.prev_volume,
            entry.surge_bps,
        )

    def entry(self) -> RankEntry:
        return RankEntry(
            code=self.code,
            name=self.name,
            price=self.price,
            change_bps=self.change_bps,
            volume=self.volume,
            turnover_won=self.turnover_won,
            prev_volume=self.prev_volume,
            surge_bps=self.surge_bps,
        )


class Ranks(Struct, frozen=True, tag="ranks", array_like=True):
    """One scanner poll's ranking reads, compact: what :class:`Rankings` held (which older
    journals still have), rows as arrays. Read through the same three attributes."""

    turnover_rows: tuple[RankRow, ...]
    surge_rows: tuple[RankRow, ...]
    gainer_rows: tuple[RankRow, ...]

    @classmethod
    def of(
        cls,
        turnover: tuple[RankEntry, ...],
        surges: tuple[RankEntry, ...],
        gainers: tuple[RankEntry, ...],
    ) -> Ranks:
        return cls(
            tuple(RankRow.of(e) for e in turnover),
            tuple(RankRow.of(e) for e in surges),
            tuple(RankRow.of(e) for e in gainers),
        )

    @property
    def turnover(self) -> tuple[RankEntry, ...]:
        return tuple(r.entry() for r in self.turnover_rows)

    @property
    def surges(self) -> tuple[RankEntry, ...]:
        return tuple(r.entry() for r in self.surge_rows)

    @property
    def gainers(self) -> tuple[RankEntry, ...]:
        return tuple(r.entry() for r in self.gainer_rows)


class News(Struct, frozen=True, tag="news", array_like=True):
    """One scanner poll's news scores (None: the service has no score for the code)."""

    scores: dict[str, int | None]


class Breaking(Struct, frozen=True, tag="breaking", array_like=True):
    """A breaking-news score pushed to a watched code (Redis ``news_breaking_kr``)."""

    code: str
    score: int


class AccountRead(Struct, frozen=True, tag="account", array_like=True):
    """The Account's read of the broker: deposit (kt00001) and holdings (kt00018)."""

    deposit: Deposit
    balance: Balance


class ListingRead(Struct, frozen=True, tag="listing", array_like=True):
    """A read of a stock's information (ka10100): halt, designations, kind; ``asker`` says
    whose (a StockActor's with its signal, or the governor's own)."""

    info: ListingInfo
    asker: str = "stock"


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
