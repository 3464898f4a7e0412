"""``/reports``: a day's and a week's results, patterns, and the learning metrics over time.

A report is built from ``trade_log`` and ``learning_metrics`` (:mod:`agent.learning.reports`):
read during the day, its figures move with each closed trade. The recorder stores the day's
report at the close and the week's after its last session (``final``); a stored report is
served as it was stored.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import QueryParameter
from sqlalchemy import select

from agent.clock import KST
from agent.formats import ISO_WEEK
from agent.learning.patterns import MIN_TRADES, best_and_worst, session_opens
from agent.learning.reports import (
    DailyReport,
    WeeklyReport,
    daily_report,
    iso_week,
    pattern_row,
    week_monday,
)
from agent.market.calendar import KrxCalendar
from agent.store.engine import session_factory
from agent.store.models import LearningMetrics, TradeLog
from agent.store.repositories.learning import PatternRepository, ReportRepository, ReportSource
from web.context import AppContext
from web.routes.common import calendar_of, now_of
from web.schemas import PatternReport

DEFAULT_SPAN_DAYS = 30


class ReportsController(Controller):
    path = "/reports"
    tags = ("reports",)

    @get("/daily", operation_id="getDailyReport", summary="One day's results", sync_to_thread=True)
    def daily(
        self,
        ctx: NamedDependency[AppContext],
        day: Annotated[date | None, QueryParameter(name="date")] = None,
    ) -> DailyReport:
        """``date`` defaults to the last session (today's once it has opened)."""
        calendar = calendar_of(ctx)
        day = day or _last_session(ctx, calendar)
        sessions = session_factory(ctx.engine)
        stored = ReportRepository(sessions).get("daily", day.isoformat())
        if stored is not None:
            return msgspec.convert(stored.body, DailyReport)
        source = ReportSource(sessions)
        if not source.days(day, day):
            raise NotFoundException(detail=f"no results for {day.isoformat()}")
        return source.daily(day, session_opens(calendar))

    @get(
        "/weekly",
        operation_id="getWeeklyReport",
        summary="One ISO week's results, day by day",
        sync_to_thread=True,
    )
    def weekly(
        self,
        ctx: NamedDependency[AppContext],
        week: Annotated[str | None, QueryParameter(pattern=ISO_WEEK)] = None,
    ) -> WeeklyReport:
        """``week`` (``2026-W49``) defaults to the week of the last session."""
        calendar = calendar_of(ctx)
        last = _last_session(ctx, calendar)
        week = week or iso_week(last)
        try:
            monday = week_monday(week)
        except ValueError as exc:
            raise ValidationException(detail=str(exc)) from None
        sessions = session_factory(ctx.engine)
        stored = ReportRepository(sessions).get("weekly", week)
        if stored is not None:
            return msgspec.convert(stored.body, WeeklyReport)
        end = min(monday + timedelta(days=6), last)
        try:
            days = calendar.trading_days(monday, end) if monday <= end else []
        except ValueError as exc:  # a week outside the calendar's years
            raise NotFoundException(detail=f"no session of {week}: {exc}") from None
        if not days:
            raise NotFoundException(detail=f"no session of {week} has begun")
        return ReportSource(sessions).weekly(week, days, session_opens(calendar))

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
        """Each day's figures (a day's patterns and trades are in ``/reports/daily``)."""
        sessions = session_factory(ctx.engine)
        with sessions() as session:
            measured = session.scalars(
                select(LearningMetrics.date).order_by(LearningMetrics.date.desc()).limit(limit)
            )
            traded = session.scalars(
                select(TradeLog.trade_date)
                .distinct()
                .order_by(TradeLog.trade_date.desc())
                .limit(limit)
            )
            days = sorted({*measured, *traded}, reverse=True)[:limit]
        if not days:
            return []
        open_of = session_opens(calendar_of(ctx))
        read = ReportSource(sessions).days(days[-1], days[0])
        return [
            daily_report(day, *read.get(day, ([], None)), open_of=open_of, detail=False)
            for day in days
        ]

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
        """``to`` defaults to today (KST), ``from`` to 30 days before ``to``. Only closed days
        count: the close stores a day's patterns."""
        last = last or now_of(ctx).astimezone(KST).date()
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
            best=pattern_row(best) if best is not None else None,
            worst=pattern_row(worst) if worst is not None else None,
            patterns=[pattern_row(r) for r in rows],
        )


def _last_session(ctx: AppContext, calendar: KrxCalendar) -> date:
    """Today once its session has begun (the opening auction), else the session before."""
    now = now_of(ctx).astimezone(KST)
    today = calendar.session(now.date())
    if today is not None and now >= today.opening_auction.start:
        return now.date()
    return calendar.previous_trading_day(now.date())
