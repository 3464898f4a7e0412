"""``/reports``: the day's results and the learning metrics over time."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter
from sqlalchemy import select

from agent.store.engine import session_factory
from agent.store.models import LearningMetrics
from web.context import AppContext
from web.schemas import DailyReport


class ReportsController(Controller):
    path = "/reports"
    tags = ("reports",)

    @get("/daily", operation_id="getDailyReport", summary="One day's results", sync_to_thread=True)
    def daily(
        self, ctx: NamedDependency[AppContext], day: Annotated[date, QueryParameter(name="date")]
    ) -> DailyReport:
        with session_factory(ctx.engine)() as session:
            row = session.scalar(select(LearningMetrics).where(LearningMetrics.date == day))
            if row is None:
                raise NotFoundException(detail=f"no results for {day.isoformat()}")
            return _report(row)

    @get(
        "/metrics",
        operation_id="listMetrics",
        summary="Daily results, newest first",
        sync_to_thread=True,
    )
    def metrics(
        self,
        ctx: NamedDependency[AppContext],
        limit: Annotated[int, QueryParameter(ge=1, le=1_000)] = 90,
    ) -> list[DailyReport]:
        with session_factory(ctx.engine)() as session:
            rows = session.scalars(
                select(LearningMetrics).order_by(LearningMetrics.date.desc()).limit(limit)
            )
            return [_report(r) for r in rows]


def _report(row: LearningMetrics) -> DailyReport:
    return DailyReport(
        date=row.date,
        trades=row.trades,
        wins=row.wins,
        win_rate_bps=row.wins * 10_000 // row.trades if row.trades else 0,
        realized_pnl=row.realized_pnl,
        commission=row.commission,
        tax=row.tax,
        max_drawdown=row.max_drawdown,
        avg_return_bps=row.avg_return_bps,
        starting_equity=row.starting_equity,
        ending_equity=row.ending_equity,
    )
