"""Volatility interruptions (VI) and trading halts as pure functions (krx-market-rules.md B3).

A VI turns one stock into a single-price auction: 2 minutes plus a random end of up to 30 s on
KRX; on Nextrade (dynamic VI only) a 2-minute halt in which orders can only be cancelled.
Static VI compares a would-be price with the *static reference*, the last single-price auction
price (the open, or the previous VI's uncross; the base price before the open), so after a VI it
re-arms at the new level. Dynamic VI compares it with the immediately preceding trade.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum

from agent.market.board import Board
from agent.market.sessions import AUCTION_RANDOM_END_MAX, Phase
from agent.market.tick_size import round_down, round_up

__all__ = [
    "DYNAMIC_VI",
    "NXT_VI_HALT",
    "STATIC_VI_BPS",
    "VI_AUCTION",
    "VI_RANDOM_END_MAX",
    "Block",
    "DynamicViThresholds",
    "StockState",
    "Venue",
    "ViBand",
    "ViKind",
    "ViReferences",
    "dynamic_vi_bps",
    "in_vi",
    "order_block",
    "static_vi_applies",
    "vi_band",
    "vi_window",
    "would_trigger_vi",
]


class Venue(Enum):
    KRX = "krx"
    NXT = "nxt"


class ViKind(Enum):
    STATIC = "static"
    DYNAMIC = "dynamic"


@dataclass(frozen=True, slots=True)
class DynamicViThresholds:
    """Dynamic VI thresholds in bps of the preceding trade price, by phase."""

    continuous_bps: int
    closing_auction_bps: int
    after_hours_bps: int  # [G] after-hours single price: 3% / 6%


# Keyed by KOSPI200 membership; other KOSPI names and KOSDAQ share the wider thresholds.
DYNAMIC_VI: dict[bool, DynamicViThresholds] = {
    True: DynamicViThresholds(continuous_bps=300, closing_auction_bps=200, after_hours_bps=300),
    False: DynamicViThresholds(continuous_bps=600, closing_auction_bps=400, after_hours_bps=600),
}
STATIC_VI_BPS = 1_000
VI_AUCTION = timedelta(minutes=2)
VI_RANDOM_END_MAX = AUCTION_RANDOM_END_MAX
NXT_VI_HALT = timedelta(minutes=2)


def dynamic_vi_bps(phase: Phase, *, kospi200: bool) -> int | None:
    """Return the dynamic VI threshold in ``phase``, or None where dynamic VI does not apply."""
    thresholds = DYNAMIC_VI[kospi200]
    return {
        Phase.CONTINUOUS: thresholds.continuous_bps,
        Phase.CLOSING_AUCTION: thresholds.closing_auction_bps,
        Phase.AFTER_HOURS: thresholds.after_hours_bps,
    }.get(phase)


def static_vi_applies(phase: Phase, venue: Venue = Venue.KRX) -> bool:
    """Tell whether static VI is checked in ``phase`` (KRX only; the open counts) [G]."""
    regular = (Phase.OPENING_AUCTION, Phase.CONTINUOUS, Phase.CLOSING_AUCTION)
    return venue is Venue.KRX and phase in regular


def _reaches(price: int, reference: int, bps: int) -> bool:
    return abs(price - reference) * 10_000 >= reference * bps


@dataclass(frozen=True, slots=True)
class ViReferences:
    """The prices a stock's VI checks compare against."""

    static_reference: int  # last single-price auction price; the base price before the open
    last_trade: int | None = None  # the immediately preceding trade (dynamic VI)

    def after_trade(self, price: int) -> ViReferences:
        """Return the references after a continuous-session trade at ``price``."""
        return replace(self, last_trade=price)

    def after_uncross(self, price: int) -> ViReferences:
        """Return the references after a single-price auction (open, VI) uncrossed at ``price``.

        This is how static VI re-arms: the next trigger is +-10% from this price.
        """
        return ViReferences(static_reference=price, last_trade=price)


def would_trigger_vi(
    price: int,
    refs: ViReferences,
    phase: Phase,
    *,
    kospi200: bool,
    venue: Venue = Venue.KRX,
    exempt: bool = False,
) -> ViKind | None:
    """Return which VI a trade at ``price`` would trigger, or None.

    ``exempt`` covers names VI does not apply to: a new listing's first day, 정리매매 names and
    short-term-overheated names. Static VI wins when both would trigger.
    """
    if exempt:
        return None
    if static_vi_applies(phase, venue) and _reaches(price, refs.static_reference, STATIC_VI_BPS):
        return ViKind.STATIC
    bps = dynamic_vi_bps(phase, kospi200=kospi200)
    if bps is not None and refs.last_trade is not None and _reaches(price, refs.last_trade, bps):
        return ViKind.DYNAMIC
    return None


@dataclass(frozen=True, slots=True)
class ViBand:
    """The nearest valid prices that would trigger a VI; ``lower`` None when no price can."""

    lower: int | None
    upper: int


def vi_band(reference: int, bps: int, board: Board = Board.KOSPI, on: date | None = None) -> ViBand:
    """Return the valid prices closest to ``reference`` that are ``bps`` or more away from it."""
    if reference <= 0:
        raise ValueError(f"reference must be positive, got {reference}")
    upper_raw = -(-reference * (10_000 + bps) // 10_000)  # ceiling
    lower_raw = reference * (10_000 - bps) // 10_000  # floor
    try:
        lower: int | None = round_down(lower_raw, board, on) if lower_raw > 0 else None
    except ValueError:  # below the lowest valid price
        lower = None
    return ViBand(lower=lower, upper=round_up(upper_raw, board, on))


def vi_window(started_at: datetime, venue: Venue = Venue.KRX) -> tuple[datetime, datetime]:
    """Return the earliest and latest end of a VI that started at ``started_at``."""
    if venue is Venue.NXT:
        end = started_at + NXT_VI_HALT
        return end, end
    earliest = started_at + VI_AUCTION
    return earliest, earliest + VI_RANDOM_END_MAX


@dataclass(frozen=True, slots=True)
class StockState:
    """What the feed and the broker say about one stock's tradability.

    ``vi_started_at`` is set when the feed reports a VI and cleared when it reports the uncross;
    if the clear is missed, the VI is assumed over at its latest possible end.
    """

    halted: bool = False  # 매매거래정지 (KRX or broker flag)
    vi_started_at: datetime | None = None
    vi_venue: Venue = Venue.KRX
    market_halted_until: datetime | None = None  # circuit breaker stage 1/2 (20 min halt)
    market_closed_for_day: bool = False  # circuit breaker stage 3


class Block(Enum):
    """Why an order may not be sent now."""

    HALTED = "halted"  # single-stock halt: every order is refused
    MARKET_HALTED = "market_halted"  # circuit breaker
    VI_HALT = "vi_halt"  # NXT VI: cancels only
    AUCTION_ONLY = "auction_only"  # KRX VI: no immediate orders (market, 최유리/최우선, IOC/FOK)


def in_vi(state: StockState, at: datetime) -> bool:
    """Tell whether a VI is (or may still be) in progress at ``at``."""
    if state.vi_started_at is None:
        return False
    return at < vi_window(state.vi_started_at, state.vi_venue)[1]


def order_block(state: StockState, at: datetime, *, immediate: bool) -> Block | None:
    """Return why a new order may not be sent at ``at``, or None if it may.

    ``immediate`` marks orders that need a continuous book: market orders, 최유리/최우선 and any
    IOC/FOK. Resting limit orders may still be placed during a KRX VI auction. A circuit breaker
    cancels any VI in progress, so it is checked first.
    """
    if state.halted:
        return Block.HALTED
    halt_until = state.market_halted_until
    if state.market_closed_for_day or (halt_until is not None and at < halt_until):
        return Block.MARKET_HALTED
    if in_vi(state, at):
        if state.vi_venue is Venue.NXT:
            return Block.VI_HALT
        if immediate:
            return Block.AUCTION_ONLY
    return None
