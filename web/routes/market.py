"""``/market``: today's one-minute bars of a stock, for the dashboard's price chart."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter
from msgspec import Struct
from sqlalchemy import select

from actors import ids
from actors.scheduler.actor import MarketStatus
from agent.clock import KST
from agent.store.engine import session_factory
from agent.store.models import Bar
from web.context import AppContext
from web.routes.common import now_of, snapshot_data

MAX_BARS = 1_000  # a session is 390 minutes; the cap only guards against a bad clock


class MinuteBar(Struct, frozen=True, kw_only=True):
    """One recorded one-minute bar; ``start`` is its opening minute, prices in won."""

    start: datetime
    open: int
    high: int
    low: int
    close: int
    volume: int
    turnover: int


class MarketBars(Struct, frozen=True, kw_only=True):
    code: str
    trading_date: date
    bars: list[MinuteBar]


class MarketController(Controller):
    path = "/market"
    tags = ("market",)

    @get(
        "/bars",
        operation_id="listMarketBars",
        summary="Today's recorded one-minute bars of a stock, oldest first",
        sync_to_thread=True,
    )
    def bars(
        self,
        ctx: NamedDependency[AppContext],
        code: Annotated[str, QueryParameter(description="KRX stock code, e.g. 005930")],
    ) -> MarketBars:
        # Checked here rather than with a schema pattern so the message names the code.
        if len(code) != 6 or not code.isascii() or not code.isalnum() or code != code.upper():
            raise ValidationException(detail=f"{code!r} is not a KRX stock code (six digits)")
        day = trading_date(ctx)
        start = datetime.combine(day, time(0), KST).astimezone(UTC)
        with session_factory(ctx.engine)() as session:
            rows = session.scalars(
                select(Bar)
                .where(Bar.code == code, Bar.start >= start, Bar.start < start + timedelta(days=1))
                .order_by(Bar.start)
                .limit(MAX_BARS)
            )
            bars = [
                MinuteBar(
                    start=b.start,
                    open=b.open,
                    high=b.high,
                    low=b.low,
                    close=b.close,
                    volume=b.volume,
                    turnover=b.turnover,
                )
                for b in rows
            ]
        return MarketBars(code=code, trading_date=day, bars=bars)


def trading_date(ctx: AppContext) -> date:
    """The scheduler's trading date, else the agent's clock (a demo replays another day)."""
    market = snapshot_data(ctx.board, ids.SCHEDULER, MarketStatus) if ctx.board else None
    if market is not None:
        return date.fromisoformat(market.trading_date)
    now = now_of(ctx)
    return now.astimezone(KST).date()
