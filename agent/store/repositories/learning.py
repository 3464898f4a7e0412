"""Patterns per day (``learning_patterns``) and the stored daily and weekly reports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from agent.learning.patterns import Pattern, PatternStats, PatternTrade, merge
from agent.store.models import PatternDay, Report, TradeLog


def pattern_trades(rows: Iterable[TradeLog]) -> list[PatternTrade]:
    """The closed round trips among ``rows``, as the pattern grouping reads them."""
    return [
        PatternTrade(
            reasons=tuple(row.reason_codes or ()),
            entry_time=row.entry_time,
            news_score=row.news_score_at_entry,
            volume_rank=row.volume_rank_at_entry,
            exit_reason=row.exit_reason.value if row.exit_reason is not None else "unknown",
            realized_pnl=row.realized_pnl or 0,
            return_bps=row.return_bps or 0,
        )
        for row in rows
        if row.exit_time is not None
    ]


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
