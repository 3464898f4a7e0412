"""Patterns per day (``learning_patterns``) and the stored daily and weekly reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from agent.learning.patterns import MIN_TRADES, Pattern, PatternStats, merge
from agent.learning.reports import (
    DailyReport,
    DayFigures,
    ReportTrade,
    WeeklyReport,
    daily_report,
    weekly_report,
)
from agent.store.models import LearningMetrics, PatternDay, Report, TradeLog


def report_trades(rows: Iterable[TradeLog]) -> list[ReportTrade]:
    """The closed round trips among ``rows`` (in their order), as reports and patterns read
    them."""
    return [
        ReportTrade(
            code=row.code,
            name=row.name,
            quantity=row.quantity,
            reasons=tuple(row.reason_codes or ()),
            entry_time=row.entry_time,
            entry_price=row.entry_price,
            news_score=row.news_score_at_entry,
            volume_rank=row.volume_rank_at_entry,
            exit_time=row.exit_time,
            exit_price=row.exit_price or 0,
            exit_reason=row.exit_reason.value if row.exit_reason is not None else "unknown",
            realized_pnl=row.realized_pnl or 0,
            return_bps=row.return_bps or 0,
            commission=row.commission,
            tax=row.tax,
        )
        for row in rows
        if row.exit_time is not None
    ]


class ReportRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def save(
        self,
        kind: str,
        period: str,
        first_day: date,
        last_day: date,
        body: dict[str, Any],
        at: datetime,
    ) -> None:
        """Store a report, replacing the one of the same period (a close run twice)."""
        with self._sessions() as session:
            row = session.scalar(select(Report).where(Report.kind == kind, Report.period == period))
            if row is None:
                row = Report(kind=kind, period=period)
                session.add(row)
            row.first_day, row.last_day, row.body, row.created_at = first_day, last_day, body, at
            session.commit()

    def get(self, kind: str, period: str) -> Report | None:
        with self._sessions() as session:
            return session.scalar(
                select(Report).where(Report.kind == kind, Report.period == period)
            )

    def latest(self, kind: str) -> Report | None:
        with self._sessions() as session:
            return session.scalar(
                select(Report).where(Report.kind == kind).order_by(Report.last_day.desc()).limit(1)
            )


class ReportSource:
    """The closed trades and learning metrics of days, as the reports read them."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def days(
        self, first: date, last: date
    ) -> dict[date, tuple[list[ReportTrade], DayFigures | None]]:
        """Each day from ``first`` to ``last`` with trades or metrics: its closed trades in the
        order they closed, and its equity figures (None without a metrics row)."""
        with self._sessions() as session:
            trades: dict[date, list[TradeLog]] = {}
            query = (
                select(TradeLog)
                .where(TradeLog.trade_date >= first, TradeLog.trade_date <= last)
                .order_by(TradeLog.exit_time, TradeLog.id)
            )
            for row in session.scalars(query):
                trades.setdefault(row.trade_date, []).append(row)
            metrics = {
                m.date: DayFigures(starting_equity=m.starting_equity, ending_equity=m.ending_equity)
                for m in session.scalars(
                    select(LearningMetrics).where(
                        LearningMetrics.date >= first, LearningMetrics.date <= last
                    )
                )
            }
            return {
                day: (report_trades(trades.get(day, [])), metrics.get(day))
                for day in sorted({*trades, *metrics})
            }

    def daily(
        self,
        day: date,
        open_of: Callable[[date], datetime],
        *,
        final: bool = False,
        min_trades: int = MIN_TRADES,
    ) -> DailyReport:
        """``day``'s report as its trades and metrics stand now."""
        trades, figures = self.days(day, day).get(day, ([], None))
        return daily_report(
            day, trades, figures, open_of=open_of, final=final, min_trades=min_trades
        )

    def weekly(
        self,
        week: str,
        sessions: Sequence[date],
        open_of: Callable[[date], datetime],
        *,
        final: bool = False,
        min_trades: int = MIN_TRADES,
    ) -> WeeklyReport:
        """``week``'s report over its ``sessions`` (those that have begun, in order)."""
        if not sessions:
            raise ValueError(f"{week} has no session yet")
        read = self.days(sessions[0], sessions[-1])
        return weekly_report(
            week,
            [(day, *read.get(day, ([], None))) for day in sessions],
            open_of=open_of,
            final=final,
            min_trades=min_trades,
        )


class PatternRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def replace_day(self, day: date, rows: Iterable[PatternStats]) -> None:
        """Store ``day``'s patterns in place of any stored before (the close may run twice)."""
        with self._sessions() as session:
            session.execute(delete(PatternDay).where(PatternDay.date == day))
            session.add_all(
                PatternDay(
                    date=day,
                    name=row.name,
                    reasons=row.pattern.reasons,
                    minute=row.pattern.minute,
                    news=row.pattern.news,
                    rank=row.pattern.rank,
                    exit=row.pattern.exit,
                    trades=row.trades,
                    wins=row.wins,
                    gross_profit_won=row.gross_profit_won,
                    gross_loss_won=row.gross_loss_won,
                    return_bps_sum=row.return_bps_sum,
                )
                for row in rows
            )
            session.commit()

    def span(self, first: date, last: date) -> list[PatternStats]:
        """Every pattern of the days from ``first`` to ``last``, added up; best first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(PatternDay)
                .where(PatternDay.date >= first, PatternDay.date <= last)
                .order_by(PatternDay.date, PatternDay.id)
            )
            return merge(
                PatternStats(
                    pattern=Pattern(
                        reasons=r.reasons, minute=r.minute, news=r.news, rank=r.rank, exit=r.exit
                    ),
                    name=r.name,
                    trades=r.trades,
                    wins=r.wins,
                    gross_profit_won=r.gross_profit_won,
                    gross_loss_won=r.gross_loss_won,
                    return_bps_sum=r.return_bps_sum,
                )
                for r in rows
            )
