"""The market view the risk governor checks an intent against."""

from __future__ import annotations

from datetime import datetime, timedelta

from actors.risk.messages import PriceObserved
from actors.runtime.services import Services
from agent.clock import KST
from agent.market.sessions import phase_of, session_for
from agent.market.tick_size import price_limits
from agent.risk.market_view import MarketView
from agent.strategy.thresholds import window_shift_for


def market_view(
    code: str, now: datetime, seen: PriceObserved | None, services: Services
) -> MarketView:
    """Build the view from the StockActor's last report, or from a broker quote without one."""
    session = session_for(now.astimezone(KST).date(), services.calendar)
    phase = phase_of(session, now)
    # Today's open and closing auction: late-opening days move the entry window and the EOD cut.
    shift = timedelta(0) if session is None else window_shift_for(session.open)
    auction = None if session is None else session.closing_auction.start
    if seen is None:
        # No StockActor reported this code: ask the broker for a quote rather than guess.
        info = services.broker.current().stock_info(code)
        base = info.base_price or info.price
        lower, upper = price_limits(base)
        return MarketView(
            code=code,
            last_price=info.price,
            base_price=base,
            upper_limit=info.upper_limit or upper,
            lower_limit=info.lower_limit or lower,
            phase=phase,
            window_shift=shift,
            closing_auction_start=auction,
        )
    base = seen.base_price or seen.price
    lower, upper = price_limits(base)
    return MarketView(
        code=code,
        last_price=seen.price,
        base_price=base,
        upper_limit=seen.upper_limit or upper,
        lower_limit=seen.lower_limit or lower,
        phase=phase,
        vi_active=seen.vi_active,
        halted=seen.halted,
        window_shift=shift,
        closing_auction_start=auction,
    )
