"""The day's learning metrics: started with the opening equity, completed after the close."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agent.store.models import LearningMetrics


class MetricsRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def start_day(self, day: date, equity: int, at: datetime) -> int:
        """Return the day's starting equity, recording ``equity`` if the day is new."""
        with self._sessions() as session:
            row = session.scalar(select(LearningMetrics).where(LearningMetrics.date == day))
            if row is not None and row.starting_equity is not None:
                return row.starting_equity
            if row is None:
                session.add(
                    LearningMetrics(
                        date=day,
                        trades=0,
                        wins=0,
                        realized_pnl=0,
                        commission=0,
                        tax=0,
                        max_drawdown=0,
                        starting_equity=equity,
                        parameters={},
                        computed_at=at,
                    )
                )
            else:
                row.starting_equity = equity
            try:
                session.commit()
            except IntegrityError:  # another writer started the day first
                session.rollback()
                existing = session.scalar(
                    select(LearningMetrics).where(LearningMetrics.date == day)
                )
                return existing.starting_equity or equity if existing else equity
            return equity

    def day_capital(self, day: date, capital: int, at: datetime, *, configured: bool) -> int:
        """Return the agent's capital for ``day``: a configured one as given (and stored), else
        the first value stored that day, recording ``capital`` if none is."""
        with self._sessions() as session:
            row = session.scalar(select(LearningMetrics).where(LearningMetrics.date == day))
            if row is not None and row.capital is not None and not configured:
                return row.capital
            if row is None:
                session.add(
                    LearningMetrics(
                        date=day,
                        trades=0,
                        wins=0,
                        realized_pnl=0,
                        commission=0,
                        tax=0,
                        max_drawdown=0,
                        capital=capital,
                        parameters={},
                        computed_at=at,
                    )
                )
            else:
                row.capital = capital
            try:
                session.commit()
            except IntegrityError:  # another writer started the day first
                session.rollback()
                existing = session.scalar(
                    select(LearningMetrics).where(LearningMetrics.date == day)
                )
                if existing is not None and existing.capital is not None and not configured:
                    return existing.capital
            return capital

    def get(self, day: date) -> LearningMetrics | None:
        with self._sessions() as session:
            return session.scalar(select(LearningMetrics).where(LearningMetrics.date == day))

    def complete_day(self, day: date, values: dict[str, Any], at: datetime) -> LearningMetrics:
        """Store the day's results (idempotent: a second call overwrites with fresh figures)."""
        with self._sessions() as session:
            row = session.scalar(select(LearningMetrics).where(LearningMetrics.date == day))
            if row is None:
                row = LearningMetrics(date=day, parameters={}, computed_at=at)
                session.add(row)
            for key, value in values.items():
                setattr(row, key, value)
            row.computed_at = at
            session.commit()
            return row
