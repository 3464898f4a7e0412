"""Recorded one-minute bars for replay and tuning; a bar written twice is kept once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from agent.marketdata import Bar as MarketBar
from agent.store.models import Bar


class BarRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def insert_many(self, bars: Sequence[MarketBar]) -> int:
        """Insert ``bars``, skipping any (code, start) already stored; return how many were sent."""
        if not bars:
            return 0
        rows = [
            {
                "code": b.code,
                "start": b.start,
                "open": b.open,
                "high": b.high,
                "low": b.low,
                "close": b.close,
                "volume": b.volume,
                "turnover": b.turnover_won,
            }
            for b in bars
        ]
        with self._sessions() as session:
            dialect = session.get_bind().dialect.name
            statement: Any
            if dialect == "postgresql":
                statement = pg_insert(Bar).on_conflict_do_nothing(index_elements=["code", "start"])
            elif dialect == "sqlite":
                statement = sqlite_insert(Bar).on_conflict_do_nothing(
                    index_elements=["code", "start"]
                )
            else:
                statement = insert(Bar)
            session.execute(statement, rows)
            session.commit()
        return len(rows)
