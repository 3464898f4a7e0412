"""``/reports``: the day's results and the learning metrics over time.

The trade figures (count, wins, P&L, fees, drawdown) are computed from ``trade_log`` on every
request, so today's report moves with each closed trade instead of waiting for the close; the
starting and ending equity come from the day's ``learning_metrics`` row.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import QueryParameter
from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.clock import KST
from agent.learning.daily import DailySummary, summarize, trade_results
from agent.learning.patterns import MIN_TRADES, PatternStats, best_and_worst
from agent.store.engine import session_factory
from agent.store.models import LearningMetrics, TradeLog
from agent.store.repositories.learning import PatternRepository
from web.context import AppContext
from web.schemas import DailyReport, PatternReport, PatternRow

DEFAULT_SPAN_DAYS = 30


class ReportsController(Controller):
    path = "/reports"
    tags = ("reports",)

    @get("/daily", operation_id="getDailyReport", summary="One day's results", sync_to_thread=True)
    def daily(
        self, ctx: NamedDependency[AppContext], day: Annotated[date, QueryParameter(name="date")]
    ) -> DailyReport:
        with session_factory(ctx.engine)() as session:
            row = session.scalar(select(LearningMetrics).where(LearningMetrics.date == day))
            summary = _summaries(session, [day]).get(day)
            if row is None and summary is None:
                raise NotFoundException(detail=f"no results for {day.isoformat()}")
            return _report(day, row, summary)

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
            rows = {
                r.date: r
                for r in session.scalars(
                    select(LearningMetrics).order_by(LearningMetrics.date.desc()).limit(limit)
                )
            }
            traded = session.scalars(
                select(TradeLog.trade_date)
                .distinct()
                .order_by(TradeLog.trade_date.desc())
                .limit(limit)
            )
            days = sorted({*rows, *traded}, reverse=True)[:limit]
            summaries = _summaries(session, days)
            return [_report(day, rows.get(day), summaries.get(day)) for day in days]

    @get(
        "/patterns",
        operation_id="getPatterns",
        summary="Closed trades grouped by pattern over a span of days",
        sync_to_thread=True,
    )
    def patterns(
        self,
        ctx: NamedDependency[AppContext],
        first: Annotated[date | None, QueryParameter(name="from")] = None,
        last: Annotated[date | None, QueryParameter(name="to")] = None,
        min_trades: Annotated[int, QueryParameter(ge=1, le=1_000)] = MIN_TRADES,
    ) -> PatternReport:
        """``to`` defaults to today (KST), ``from`` to 30 days before ``to``."""
        now = ctx.services.clock.now() if ctx.services is not None else datetime.now(UTC)
        last = last or now.astimezone(KST).date()
        first = first or last - timedelta(days=DEFAULT_SPAN_DAYS - 1)
        if first > last:
            raise ValidationException(
                detail=f"from ({first.isoformat()}) is after to ({last.isoformat()})"
            )
        rows = PatternRepository(session_factory(ctx.engine)).span(first, last)
        best, worst = best_and_worst(rows, min_trades)
        return PatternReport(
            first=first,
            last=last,
            min_trades=min_trades,
            best=_pattern_row(best) if best is not None else None,
            worst=_pattern_row(worst) if worst is not None else None,
            patterns=[_pattern_row(r) for r in rows],
        )


def _pattern_row(stats: PatternStats) -> PatternRow:
    pattern = stats.pattern
    return PatternRow(
        name=stats.name,
        reasons=pattern.reasons,
        minute=pattern.minute,
        news=pattern.news,
        rank=pattern.rank,
        exit=pattern.exit,
        trades=stats.trades,
        wins=stats.wins,
        win_rate_bps=stats.win_rate_bps,
        avg_return_bps=stats.avg_return_bps,
        realized_pnl=stats.realized_pnl,
        expectancy_won=stats.expectancy_won,
        profit_factor=stats.profit_factor,
    )


def _summaries(session: Session, days: list[date]) -> dict[date, DailySummary]:
    """Return each day's summary of its closed trades (days without any are left out)."""
    query = (
        select(TradeLog)
        .where(TradeLog.trade_date.in_(days))
        .order_by(TradeLog.exit_time, TradeLog.id)
    )
    by_day: dict[date, list[TradeLog]] = defaultdict(list)
    for trade in session.scalars(query):
        by_day[trade.trade_date].append(trade)
    return {day: summarize(trade_results(trades)) for day, trades in by_day.items()}


def _report(day: date, row: LearningMetrics | None, summary: DailySummary | None) -> DailyReport:
    figures = summary or summarize([])
    return DailyReport(
        date=day,
        trades=figures.trades,
        wins=figures.wins,
        win_rate_bps=figures.win_rate_bps,
        realized_pnl=figures.realized_pnl,
        commission=figures.commission,
        tax=figures.tax,
        max_drawdown=figures.max_drawdown,
        avg_return_bps=figures.avg_return_bps,
        starting_equity=row.starting_equity if row is not None else None,
        ending_equity=row.ending_equity if row is not None else None,
        best_pattern=row.best_pattern if row is not None else None,
        worst_pattern=row.worst_pattern if row is not None else None,
    )
