"""Synthetic ten-level order book around a price, deterministic for (seed, code, print)."""

from __future__ import annotations

import msgspec

from krxsim.rules import Board, round_down, tick_size
from krxsim.seeded import seeded

LEVELS = 10


class Book(msgspec.Struct, frozen=True, kw_only=True):
    """Asks ascending and bids descending, each level (price, quantity)."""

    asks: tuple[tuple[int, int], ...]
    bids: tuple[tuple[int, int], ...]

    @property
    def best_ask(self) -> int:
        return self.asks[0][0] if self.asks else 0

    @property
    def best_bid(self) -> int:
        return self.bids[0][0] if self.bids else 0


def build_book(
    *, seed: int, code: str, seq: int, price: int, board: Board, lower: int, upper: int, depth: int
) -> Book:
    """Return the book behind the last print ``price``: best bid at it, best ask a tick above."""
    rng = seeded(f"book:{seed}:{code}:{seq}")
    asks: list[tuple[int, int]] = []
    bids: list[tuple[int, int]] = []
    ask = price + tick_size(price, board) if price < upper else 0
    bid = price
    for _ in range(LEVELS):
        if 0 < ask <= upper:
            asks.append((ask, max(1, int(depth * rng.uniform(0.3, 1.7)))))
            ask += tick_size(ask, board)
        if bid >= lower and bid > 0:
            bids.append((bid, max(1, int(depth * rng.uniform(0.3, 1.7)))))
            bid = round_down(bid - 1, board) if bid > 1 else 0
    return Book(asks=tuple(asks), bids=tuple(bids))
