"""The agent's own lots, as the fold of its fills and the removals reconciliation recorded."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agent.domain import Side
from agent.portfolio.lots import LotBook, LotFill, LotRemoval, fold_lots
from agent.store.models import ExternalOrder, Fill, LotAdjustment, Order


class LotRepository:
    """Read the agent's fills as lot events; record shares the user took out by hand."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def events(self, code: str | None = None) -> list[LotFill | LotRemoval]:
        """Return every fill of the agent's orders and every removal, in time order."""
        with self._sessions() as session:
            query = select(Fill, Order.strategy_tag).join(Order, Fill.order_id == Order.id)
            if code is not None:
                query = query.where(Fill.code == code)
            fills = [
                LotFill(
                    code=fill.code,
                    side=fill.side,
                    quantity=fill.quantity,
                    price=fill.price,
                    at=fill.filled_at,
                    order_id=fill.order_id,
                    commission=fill.commission,
                    tax=fill.tax,
                    strategy_tag=tag or "",
                )
                for fill, tag in session.execute(query.order_by(Fill.filled_at, Fill.id))
            ]
            removals_query = select(LotAdjustment).order_by(LotAdjustment.at, LotAdjustment.id)
            if code is not None:
                removals_query = removals_query.where(LotAdjustment.code == code)
            removals = [
                LotRemoval(code=r.code, quantity=r.quantity, at=r.at, reason=r.reason)
                for r in session.scalars(removals_query)
            ]
        # A removal is recorded after the fills it follows: on a tie the fill goes first.
        merged: list[tuple[datetime, int, LotFill | LotRemoval]] = [(f.at, 0, f) for f in fills] + [
            (r.at, 1, r) for r in removals
        ]
        merged.sort(key=lambda item: (item[0], item[1]))
        return [event for _, _, event in merged]

    def book(self) -> LotBook:
        """Return the agent's lots as of now."""
        return fold_lots(self.events())

    def remove(self, code: str, quantity: int, at: datetime, **detail: Any) -> None:
        """Record that ``quantity`` shares left the agent's lot in ``code`` without its sell."""
        if quantity <= 0:
            raise ValueError(f"a removal takes shares out, got {quantity}")
        with self._sessions() as session:
            session.add(
                LotAdjustment(
                    code=code, quantity=quantity, at=at, reason="MANUAL_SELL", detail=detail
                )
            )
            session.commit()


class Sighting(StrEnum):
    """What recording an external order found against what was already stored."""

    NEW = "new"
    """First seen today."""
    FILLED_MORE = "filled_more"
    """Seen before; more of it has executed since."""
    UNCHANGED = "unchanged"


class ExternalOrderRepository:
    """Orders in the account that the agent did not place, each recorded once a day."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self,
        trade_date: date,
        order_no: str,
        *,
        code: str,
        side: Side | None,
        kind: str,
        quantity: int,
        price: int,
        filled: int,
        at: datetime,
    ) -> Sighting:
        """Record the order (or its progress); return whether it is new or filled more."""
        with self._sessions() as session:
            row = session.scalar(
                select(ExternalOrder).where(
                    ExternalOrder.trade_date == trade_date,
                    ExternalOrder.broker_order_no == order_no,
                )
            )
            if row is not None:
                if filled <= row.filled_quantity:
                    return Sighting.UNCHANGED
                row.filled_quantity, row.updated_at = filled, at
                session.commit()
                return Sighting.FILLED_MORE
            session.add(
                ExternalOrder(
                    trade_date=trade_date,
                    broker_order_no=order_no,
                    code=code,
                    side=side,
                    kind=kind[:32],
                    quantity=max(quantity, 0),
                    price=max(price, 0),
                    filled_quantity=max(filled, 0),
                    first_seen_at=at,
                    updated_at=at,
                )
            )
            try:
                session.commit()
            except IntegrityError:  # seen by another writer in the meantime
                session.rollback()
                return Sighting.UNCHANGED
            return Sighting.NEW

    def known(self, trade_date: date) -> set[str]:
        with self._sessions() as session:
            return set(
                session.scalars(
                    select(ExternalOrder.broker_order_no).where(
                        ExternalOrder.trade_date == trade_date
                    )
                )
            )

    def for_day(self, trade_date: date) -> list[ExternalOrder]:
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(ExternalOrder)
                    .where(ExternalOrder.trade_date == trade_date)
                    .order_by(ExternalOrder.id)
                )
            )
