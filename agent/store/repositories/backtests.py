"""Backtest runs, kept with their parameters and whole result for later comparison."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from sqlalchemy.orm import Session, sessionmaker

from agent.backtest.span import SpanResult
from agent.store.models import BacktestRun


class BacktestRunRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def save(self, result: SpanResult, parameters: dict[str, object]) -> int:
        """Store ``result`` run with ``parameters``; return its id."""
        row = BacktestRun(
            started_at=datetime.now(UTC),
            source=result.source,
            span=result.span,
            days=len(result.days),
            trades=result.summary.trades,
            realized_pnl=result.summary.realized_pnl,
            max_drawdown=result.summary.max_drawdown,
            parameters=parameters,
            result=msgspec.to_builtins(result),
        )
        with self._sessions() as session:
            session.add(row)
            session.commit()
            return row.id
