"""The market view the governor's core judges an intent against, from what was seen of a code."""

from __future__ import annotations

from datetime import datetime, timedelta

from msgspec import Struct

from agent.market.sessions import SessionTimes, phase_of
from agent.market.tick_size import price_limits
from agent.risk.market_view import MarketView
from agent.strategy.thresholds import window_shift_for


class Seen(Struct, frozen=True, kw_only=True):
    """What a StockActor last saw of its code: its price and the day's references."""

    code: str
    price: int
    at: datetime
    base_price: int | None
    upper_limit: int | None
    lower_limit: int | None
    vi_active: bool = False
    halted: bool = False


def view_of(seen: Seen, now: datetime, session: SessionTimes | None) -> MarketView:
    """Return the view of ``seen.code`` at ``now`` from what was seen of it."""
    return seen_view(
        seen.code,
        now,
        session,
        price=seen.price,
        base_price=seen.base_price,
        upper_limit=seen.upper_limit,
        lower_limit=seen.lower_limit,
        vi_active=seen.vi_active,
        halted=seen.halted,
    )


def seen_view(
    code: str,
    now: datetime,
    session: SessionTimes | None,
    *,
    price: int,
    base_price: int | None,
    upper_limit: int | None,
    lower_limit: int | None,
    vi_active: bool = False,
    halted: bool = False,
) -> MarketView:
    """Return the view of ``code`` at ``now`` from its last price and the day's references;
    limits the broker did not give are computed from the base price."""
    # Today's open and closing auction: late-opening days move the entry window and the EOD cut.
    shift = timedelta(0) if session is None else window_shift_for(session.open)
    auction = None if session is None else session.closing_auction.start
    base = base_price or price
    lower, upper = price_limits(base)
    return MarketView(
        code=code,
        last_price=price,
        base_price=base,
        upper_limit=upper_limit or upper,
        lower_limit=lower_limit or lower,
        phase=phase_of(session, now),
        vi_active=vi_active,
        halted=halted,
        window_shift=shift,
        closing_auction_start=auction,
    )
