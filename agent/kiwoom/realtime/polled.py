"""Trade prints from successive ka10095 quotes: market data where no realtime feed is.

When the realtime WebSocket is down (or turned off), the Gateway polls the multi-quote TR for
the watched codes and turns the difference between two quotes of a code into one
:class:`~agent.kiwoom.realtime.events.TradeTick`: the volume traded since the last poll, at the
last price, stamped with the poll's time. It is coarser than the feed (one print per poll, no
aggressor side), but the bars, VWAP, cumulative volume and the opening range keep moving, and
stop-losses keep seeing prices.

The first quote of a code is a baseline only: its volume was traded before we looked, and
putting the whole morning's volume in one print at the current price would bend the VWAP. A
volume that went down (a new day, or a bad row) starts a new baseline too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from agent.broker.events import TradeTick
from agent.broker.market import Quote

REGULAR_SESSION = "2"


def ticks_from_quotes(
    previous: Mapping[str, Quote], quotes: Sequence[Quote], at: datetime
) -> tuple[list[TradeTick], dict[str, Quote]]:
    """Return the prints implied by ``quotes`` after ``previous``, and the new baselines.

    ``at`` must be timezone-aware (the poll's market time); every print is a regular-session
    print, so call this only while the regular session trades.
    """
    if at.tzinfo is None:
        raise ValueError("market times must be timezone-aware")
    ticks: list[TradeTick] = []
    baselines = dict(previous)
    for quote in quotes:
        before = previous.get(quote.code)
        baselines[quote.code] = quote
        if before is None or quote.price <= 0 or quote.volume <= before.volume:
            continue
        ticks.append(
            TradeTick(
                code=quote.code,
                time=at,
                price=quote.price,
                change=quote.change,
                rate_bp=quote.rate_bp,
                qty=quote.volume - before.volume,
                side=None,
                ask=quote.ask,
                bid=quote.bid,
                cum_volume=quote.volume,
                cum_turnover_won=quote.turnover_won,
                open=quote.open,
                high=quote.high,
                low=quote.low,
                strength_bp=quote.strength_bp,
                session=REGULAR_SESSION,
            )
        )
    return ticks, baselines
