"""A recorded day as a market the matching engine can trade against (backtests).

Give it each code's previous close and its recorded prints (from the ``ticks`` table, say);
the exchange then fills our orders against those prints exactly as it does against the
synthetic tape: the first print of the day is the opening uncross, the book is synthetic depth
around the last print. VIs are not reconstructed.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

import msgspec

from krxsim.clock import KST
from krxsim.exchange.market import Market
from krxsim.market.book import Book, build_book
from krxsim.market.market import Quote
from krxsim.market.path import Print
from krxsim.rules import Board, price_limits


class RecordedTick(msgspec.Struct, frozen=True):
    """One recorded print; ``qty`` signed (+ buyer-initiated, - seller-initiated)."""

    at: datetime
    price: int
    qty: int


class RecordedListing(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    name: str = ""
    prev_close: int
    board: Board = Board.KOSPI


class RecordedTape:
    """One code's recorded prints; step k is the k-th print of the day."""

    def __init__(self, open_at: datetime, ticks: Sequence[RecordedTick]) -> None:
        ordered = sorted(ticks, key=lambda tick: tick.at)
        self.times = [(tick.at - open_at).total_seconds() for tick in ordered]
        self.ticks = ordered
        self.auction_ks: set[int] = {0} if ordered else set()

    def index_at(self, t: float) -> int:
        return bisect.bisect_right(self.times, t) - 1

    def prints(self, after_k: int, to_k: int) -> list[Print]:
        lo = max(after_k + 1, 0)
        return [
            Print(k, int(self.times[k]), self.ticks[k].price, self.ticks[k].qty)
            for k in range(lo, min(to_k, len(self.ticks) - 1) + 1)
        ]


class RecordedMarket:
    """Recorded prints of one trading day behind the exchange's Market."""

    def __init__(
        self,
        trading_date: date,
        listings: Sequence[RecordedListing],
        ticks: Mapping[str, Sequence[RecordedTick]],
        *,
        seed: int = 0,
    ) -> None:
        self.open_at = datetime.combine(trading_date, time(9, 0), KST)
        self.listings: dict[str, RecordedListing] = {item.code: item for item in listings}
        self._tapes = {
            code: RecordedTape(self.open_at, ticks.get(code, ())) for code in self.listings
        }
        self.seed = seed

    def seconds(self, now: datetime) -> float:
        return (now - self.open_at).total_seconds()

    def at(self, t: float) -> datetime:
        return self.open_at + timedelta(seconds=t)

    def day(self, code: str) -> RecordedTape:
        return self._tapes[code]

    def index(self, code: str, now: datetime) -> int:
        return self._tapes[code].index_at(self.seconds(now))

    def quote(self, code: str, now: datetime) -> Quote:
        listing = self.listings[code]
        tape = self._tapes[code]
        k = tape.index_at(self.seconds(now))
        seen = tape.ticks[: k + 1]
        lower, upper = price_limits(listing.prev_close, listing.board)
        prices = [tick.price for tick in seen]
        volume = sum(abs(tick.qty) for tick in seen)
        buys = sum(tick.qty for tick in seen if tick.qty > 0)
        return Quote(
            code=code,
            name=listing.name,
            base=listing.prev_close,
            price=prices[-1] if prices else listing.prev_close,
            open=prices[0] if prices else 0,
            high=max(prices, default=0),
            low=min(prices, default=0),
            volume=volume,
            value=sum(abs(tick.qty) * tick.price for tick in seen),
            upper=upper,
            lower=lower,
            expected_price=0,
            expected_qty=0,
            buy_volume=buys,
            sell_volume=volume - buys,
            in_vi=False,
            auction=k < 0,
        )

    def halted(self, code: str, now: datetime) -> bool:
        """A recording knows no halts; a halted stock simply has no ticks."""
        return False

    def limit_down_queue(self, code: str, now: datetime) -> int:
        """A recording has no book to say how much rests at the lower limit."""
        return 0

    def book(self, code: str, now: datetime) -> Book:
        listing = self.listings[code]
        tape = self._tapes[code]
        k = tape.index_at(self.seconds(now))
        price = tape.ticks[k].price if k >= 0 else listing.prev_close
        sizes = [abs(tick.qty) for tick in tape.ticks[max(0, k - 50) : k + 1]]
        depth = max(10, 3 * sum(sizes) // max(len(sizes), 1))
        lower, upper = price_limits(listing.prev_close, listing.board)
        return build_book(
            seed=self.seed,
            code=code,
            seq=k,
            price=price,
            board=listing.board,
            lower=lower,
            upper=upper,
            depth=depth,
        )


def as_market(market: RecordedMarket) -> Market:
    """Return ``market`` as what the exchange takes (mypy checks that it fits)."""
    return market
