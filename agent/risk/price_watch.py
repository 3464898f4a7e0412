"""The governor's last print per held code, and which codes have gone quiet."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta


class PriceWatch:
    """Last price and time per code; remembers which quiet codes were already reported."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[int, datetime]] = {}
        self._bid: dict[str, int] = {}
        self.alerted: set[str] = set()

    def saw(self, code: str, price: int, at: datetime, *, trade: bool = True, bid: int = 0) -> None:
        """Remember a price; only a new trade print (not a polled quote, nor a StockActor
        repeating its last print) ends a quiet episode."""
        if price <= 0:
            return
        seen = self._last.get(code)
        newer = seen is None or at > seen[1]
        if seen is None or at >= seen[1]:
            self._last[code] = (price, at)
            if bid > 0:
                self._bid[code] = bid
            elif newer:
                self._bid.pop(code, None)  # a bid from an older print says nothing now
        if trade and newer:
            self.alerted.discard(code)

    def bid(self, code: str) -> int:
        """Return the best bid that came with the newest print of ``code`` (0: unknown)."""
        return self._bid.get(code, 0)

    def price(self, code: str) -> int | None:
        seen = self._last.get(code)
        return seen[0] if seen is not None else None

    def stale(self, codes: Iterable[str], now: datetime, max_age: timedelta) -> list[str]:
        """Return ``codes`` without a print in the last ``max_age`` (never seen: stale)."""
        stale = []
        for code in codes:
            seen = self._last.get(code)
            if seen is None or now - seen[1] > max_age:
                stale.append(code)
        return sorted(stale)

    def newly_stale(self, codes: Iterable[str]) -> list[str]:
        """Return the codes among ``codes`` not yet reported, and mark them reported."""
        new = [c for c in codes if c not in self.alerted]
        self.alerted.update(new)
        return new
