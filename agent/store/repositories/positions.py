"""Positions as last reconciled with the broker; the stop fixed at entry survives restarts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agent.store.models import Position


@dataclass(frozen=True)
class Held:
    """One holding as the broker reports it."""

    code: str
    name: str
    quantity: int
    avg_price: int


class PositionRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def all(self) -> list[Position]:
        with self._sessions() as session:
            return list(session.scalars(select(Position).order_by(Position.code)))

    def replace_all(
        self, held: Sequence[Held], at: datetime, stop_for: Callable[[int], int | None]
    ) -> list[Position]:
        """Make the table equal the broker's holdings; keep each stop unless the average moved."""
        with self._sessions() as session:
            existing = {p.code: p for p in session.scalars(select(Position))}
            seen: set[str] = set()
            for item in held:
                if item.quantity <= 0:
                    continue
                seen.add(item.code)
                row = existing.get(item.code)
                if row is None:
                    session.add(
                        Position(
                            code=item.code,
                            name=item.name,
                            quantity=item.quantity,
                            avg_price=item.avg_price,
                            stop_price=stop_for(item.avg_price),
                            opened_at=at,
                            updated_at=at,
                        )
                    )
                    continue
                if row.avg_price != item.avg_price:
                    row.stop_price = stop_for(item.avg_price)
                row.quantity, row.avg_price, row.name = item.quantity, item.avg_price, item.name
                row.updated_at = at
            for code, row in existing.items():
                if code not in seen:
                    session.delete(row)
            session.commit()
        return self.all()
