"""Every intent and its decision, with reason codes: why the agent did or did not trade."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agent.domain import Intent
from agent.store.models import Signal, SignalDecision


class SignalRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self,
        intent: Intent,
        decision: SignalDecision,
        reasons: tuple[str, ...],
        at: datetime,
        trade_date: date,
        *,
        quantity: int | None = None,
        order_id: int | None = None,
        detail: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> Signal:
        row = Signal(
            trade_date=trade_date,
            at=at,
            code=intent.code,
            purpose=intent.purpose,
            decision=decision,
            price=intent.reference_price,
            quantity=quantity,
            reason_codes=list(reasons),
            detail={
                "news_score": intent.news_score,
                "volume_rank": intent.volume_rank,
                "strategy_tag": intent.strategy_tag,
                **(detail or {}),
            },
            note=note,
            order_id=order_id,
        )
        with self._sessions() as session:
            session.add(row)
            session.commit()
            return row

    def for_day(self, trade_date: date, limit: int = 500) -> list[Signal]:
        with self._sessions() as session:
            query = select(Signal).where(Signal.trade_date == trade_date)
            return list(session.scalars(query.order_by(Signal.id.desc()).limit(limit)))
