"""What the governor needs to know about one code's market at the moment of a decision."""

from __future__ import annotations

from datetime import datetime, timedelta

from msgspec import Struct

from agent.market.board import Board
from agent.market.sessions import Phase

__all__ = ["MarketView"]


class MarketView(Struct, frozen=True, kw_only=True):
    """One code's price, limits and tradability, as the feed and the broker report them."""

    code: str
    last_price: int
    base_price: int
    """The day's base price (normally the previous close)."""
    upper_limit: int
    """상한가: take it from the broker (ka10001) rather than computing it."""
    lower_limit: int
    """하한가."""
    phase: Phase
    """The KRX phase now (:func:`agent.market.sessions.phase_at`)."""
    vi_active: bool = False
    """A volatility interruption (single-price auction) is in progress for this code."""
    halted: bool = False
    """No order can be placed: 매매거래정지, a circuit-breaker halt, or a Nextrade VI (cancels
    only). :func:`agent.market.vi.order_block` returning anything but ``AUCTION_ONLY`` is this;
    ``AUCTION_ONLY`` (a KRX VI) is ``vi_active``."""
    board: Board = Board.KOSPI
    entry_blocks: tuple[str, ...] = ()
    """Why the listing may not be entered at all, from the broker's stock information
    (:func:`agent.risk.tradability.entry_blocks`: halted, designated, excluded kind)."""
    window_shift: timedelta = timedelta(0)
    """How far today's open is from the regular 09:00 (1 h on the year's first trading day and
    CSAT day): the entry window moves with it, as the strategy's does
    (:func:`agent.strategy.thresholds.window_shift_for`)."""
    closing_auction_start: datetime | None = None
    """Today's closing auction start (16:20 on CSAT day), from which the EOD exit's lead counts;
    None: the regular 15:20 (:data:`agent.risk.limits.REGULAR_CLOSING_AUCTION`)."""
