"""Market history for backtests: instruments, daily and minute bars, and what a fetch has done.

A bar written twice is kept once (the first stays); a fetch marks each finished read in
``history_fetches`` so an interrupted fetch resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from agent.clock import KST
from agent.history import DayBar, Instrument, MinuteBar
from agent.store.models import Bar, DailyBar, HistoryFetch
from agent.store.models import Instrument as InstrumentRow

DAILY = "daily"
MINUTE = "minute"


def _insert_ignoring(session: Session, model: Any, keys: list[str]) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return pg_insert(model).on_conflict_do_nothing(index_elements=keys)
    if dialect == "sqlite":
        return sqlite_insert(model).on_conflict_do_nothing(index_elements=keys)
    return insert(model)


def _upserting(session: Session, model: Any, keys: list[str]) -> Any:
    """An insert that overwrites the row with the same ``keys``."""
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):
        return insert(model)
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(model)
    updates = {
        c.name: statement.excluded[c.name]
        for c in model.__table__.columns
        if c.name not in keys and not c.primary_key
    }
    return statement.on_conflict_do_update(index_elements=keys, set_=updates)


class HistoryRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # Instruments
    def save_instruments(self, instruments: Iterable[Instrument]) -> None:
        """Insert or update every instrument."""
        now = datetime.now(UTC)
        with self._sessions() as session:
            for i in instruments:
                session.merge(
                    InstrumentRow(
                        code=i.code,
                        name=i.name,
                        board=i.board,
                        kind=i.kind,
                        listed_shares=i.listed_shares,
                        updated_at=now,
                    )
                )
            session.commit()

    def instruments(self) -> dict[str, Instrument]:
        with self._sessions() as session:
            rows = session.scalars(select(InstrumentRow)).all()
            return {
                r.code: Instrument(
                    code=r.code,
                    name=r.name,
                    board=r.board,
                    kind=r.kind,
                    listed_shares=r.listed_shares,
                )
                for r in rows
            }

    # Daily bars
    def save_daily(self, code: str, bars: Sequence[DayBar], through: date) -> None:
        """Store ``code``'s daily bars and mark its daily history read up to ``through``."""
        rows = [
            {
                "code": b.code,
                "day": b.day,
                "open": b.open,
                "high": b.high,
                "low": b.low,
                "close": b.close,
                "volume": b.volume,
                "turnover": b.turnover,
                "base": b.base,
            }
            for b in bars
            if b.low > 0
        ]
        with self._sessions() as session:
            if rows:
                session.execute(_insert_ignoring(session, DailyBar, ["code", "day"]), rows)
            self._mark(session, DAILY, code, through, len(rows))
            session.commit()

    def daily_read(self, through: date, since: date, sessions: int) -> set[str]:
        """Codes whose daily bars were read up to ``through`` or later and are stored for at
        least ``sessions`` days from ``since`` to ``through`` (the trading days there): a
        stock with a gap in that range, or listed later, is read again."""
        with self._sessions() as session:
            marked = select(HistoryFetch.code).where(
                HistoryFetch.kind == DAILY, HistoryFetch.day >= through
            )
            covering = (
                select(DailyBar.code)
                .where(DailyBar.day >= since, DailyBar.day <= through)
                .group_by(DailyBar.code)
                .having(func.count() >= sessions)
            )
            return set(session.scalars(marked.intersect(covering)).all())

    def daily_on(self, day: date) -> list[DayBar]:
        """Every stored daily bar of ``day``."""
        with self._sessions() as session:
            rows = session.scalars(select(DailyBar).where(DailyBar.day == day)).all()
            return [_day_bar(r) for r in rows]

    def daily_before(self, code: str, day: date) -> DayBar | None:
        """``code``'s last daily bar before ``day``."""
        with self._sessions() as session:
            row = session.scalars(
                select(DailyBar)
                .where(DailyBar.code == code, DailyBar.day < day)
                .order_by(DailyBar.day.desc())
                .limit(1)
            ).first()
            return None if row is None else _day_bar(row)

    def trading_days(self, first: date, last: date) -> list[date]:
        """Days from ``first`` to ``last`` that have daily bars, oldest first."""
        with self._sessions() as session:
            days = session.scalars(
                select(DailyBar.day)
                .where(DailyBar.day >= first, DailyBar.day <= last)
                .group_by(DailyBar.day)
                .order_by(DailyBar.day)
            ).all()
            return list(days)

    # Minute bars
    def save_minutes(self, code: str, day: date, bars: Sequence[MinuteBar]) -> None:
        """Store ``code``'s minute bars of ``day`` and mark that read done. The broker's bars
        replace any the agent built from its own prints that day (a reconnect may have left
        those short); a read that brought no bars is marked with 0."""
        rows = [
            {
                "code": b.code,
                "start": b.start,
                "open": b.open,
                "high": b.high,
                "low": b.low,
                "close": b.close,
                "volume": b.volume,
                # ka10080 carries no turnover: the close stands in for the minute's price.
                "turnover": b.close * b.volume,
            }
            for b in bars
            if b.low > 0
        ]
        with self._sessions() as session:
            if rows:
                session.execute(_upserting(session, Bar, ["code", "start"]), rows)
            self._mark(session, MINUTE, code, day, len(rows))
            session.commit()

    def minutes_read(
        self, first: date, last: date, *, with_bars: bool = False
    ) -> dict[date, set[str]]:
        """Per day from ``first`` to ``last``: the codes whose minute bars were read (with
        ``with_bars``, only the reads that brought some)."""
        with self._sessions() as session:
            query = select(HistoryFetch.day, HistoryFetch.code).where(
                HistoryFetch.kind == MINUTE,
                HistoryFetch.day >= first,
                HistoryFetch.day <= last,
            )
            if with_bars:
                query = query.where(HistoryFetch.bars > 0)
            rows = session.execute(query).all()
        out: dict[date, set[str]] = {}
        for day, code in rows:
            out.setdefault(day, set()).add(code)
        return out

    def minutes_of(self, code: str, day: date) -> list[MinuteBar]:
        """``code``'s stored minute bars of ``day``, oldest first."""
        start = datetime.combine(day, time(0, 0), KST)
        with self._sessions() as session:
            rows = session.scalars(
                select(Bar)
                .where(Bar.code == code, Bar.start >= start, Bar.start < start + timedelta(days=1))
                .order_by(Bar.start)
            ).all()
            return [
                MinuteBar(
                    code=r.code,
                    start=r.start.astimezone(KST),
                    open=r.open,
                    high=r.high,
                    low=r.low,
                    close=r.close,
                    volume=r.volume,
                )
                for r in rows
            ]

    @staticmethod
    def _mark(session: Session, kind: str, code: str, day: date, bars: int) -> None:
        row = session.scalars(
            select(HistoryFetch).where(
                HistoryFetch.kind == kind, HistoryFetch.code == code, HistoryFetch.day == day
            )
        ).first()
        if row is None:
            row = HistoryFetch(kind=kind, code=code, day=day, bars=bars)
            session.add(row)
        row.bars = bars
        row.fetched_at = datetime.now(UTC)


def _day_bar(r: DailyBar) -> DayBar:
    return DayBar(
        code=r.code,
        day=r.day,
        open=r.open,
        high=r.high,
        low=r.low,
        close=r.close,
        volume=r.volume,
        turnover=r.turnover,
        base=r.base,
    )
