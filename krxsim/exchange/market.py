"""What the matching engine needs to know about a market, so a recorded day can stand in for
the synthetic one (backtests): quotes, the book, and the tape of prints per code."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from krxsim.market.book import Book
from krxsim.market.market import Quote
from krxsim.market.path import Print
from krxsim.rules import Board


class Tape(Protocol):
    """One code's prints, indexed by step."""

    @property
    def auction_ks(self) -> set[int]:
        """Steps whose print is a single-price uncross."""
        ...

    def index_at(self, t: float) -> int: ...

    def prints(self, after_k: int, to_k: int) -> list[Print]: ...


class Listed(Protocol):
    @property
    def board(self) -> Board: ...


class Market(Protocol):
    """A market the exchange can match against."""

    @property
    def listings(self) -> Mapping[str, Listed]: ...

    def quote(self, code: str, now: datetime) -> Quote: ...

    def book(self, code: str, now: datetime) -> Book: ...

    def index(self, code: str, now: datetime) -> int: ...

    def day(self, code: str) -> Tape: ...

    def seconds(self, now: datetime) -> float: ...

    def at(self, t: float) -> datetime: ...

    def halted(self, code: str, now: datetime) -> bool:
        """Tell whether trading in ``code`` is halted (new orders refused)."""
        ...

    def limit_down_queue(self, code: str, now: datetime) -> int:
        """Return the sell quantity resting at the lower limit while locked there, else 0."""
        ...
