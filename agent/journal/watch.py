"""The journal's record of what each StockActor took besides the feed's prints: what the broker
said of its code when watching began, its stop, and the ranks, news scores, holding and entry
counts its entry loop went by."""

from __future__ import annotations

from msgspec import Struct

from agent.core.watch import StockReads


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
