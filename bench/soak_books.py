"""The soak's two sources of truth: the agent's database and the broker's own books.

The database is shared by every session, so what the agent did on a day is read by the
orders' trade date; the broker (a fresh simulator a day) holds that day's orders only. Judged
with the crash test's judge (tests/support/ledger.py), one day at a time.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from soak_figures import count_duplicates
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from agent.orders.lifecycle import TERMINAL
from agent.store.models import EventKind, Fill, Order, Position, SystemEvent
from tests.support.ledger import (
    AgentBook,
    BrokerBook,
    ledger_problems,
)


def day_orders(sessions: sessionmaker[Session], day: date, *, sent: bool = False) -> int:
    """Count the day's orders (``sent``: those the broker acknowledged with its number)."""
    query = select(func.count(Order.id)).where(Order.trade_date == day)
    if sent:
        query = query.where(Order.broker_order_no.is_not(None))
    try:
        with sessions() as session:
            return int(session.scalar(query) or 0)
    except OperationalError:  # the first life is still creating the schema
        return 0


def unfinished(sessions: sessionmaker[Session], day: date) -> bool:
    """Tell whether one of the day's orders is persisted and not finished."""
    with sessions() as session:
        statuses = session.scalars(select(Order.status).where(Order.trade_date == day)).all()
    return any(status not in TERMINAL for status in statuses)


def last_event_id(sessions: sessionmaker[Session]) -> int:
    try:
        with sessions() as session:
            return int(session.scalar(select(func.max(SystemEvent.id))) or 0)
    except OperationalError:  # no database yet
        return 0


def events_since(sessions: sessionmaker[Session], after_id: int) -> Counter[str]:
    """Count the system events recorded after event ``after_id``, by kind."""
    try:
        with sessions() as session:
            kinds = session.scalars(select(SystemEvent.kind).where(SystemEvent.id > after_id))
            return Counter(kind.value for kind in kinds)
    except OperationalError:
        return Counter()


def day_closed(sessions: sessionmaker[Session], day: date, after_id: int) -> bool:
    """Tell whether the recorder announced the close of ``day`` (the day_closed event)."""
    try:
        with sessions() as session:
            rows = session.scalars(
                select(SystemEvent.detail).where(
                    SystemEvent.id > after_id, SystemEvent.kind == EventKind.DAY_CLOSED
                )
            ).all()
    except OperationalError:
        return False
    return any(detail.get("date") == day.isoformat() for detail in rows)


def day_book(sessions: sessionmaker[Session], day: date) -> AgentBook:
    """The agent's orders and fills of ``day`` and its positions now."""
    with sessions() as session:
        orders = tuple(
            session.scalars(select(Order).where(Order.trade_date == day).order_by(Order.id))
        )
        ids = [o.id for o in orders]
        fills = tuple(session.scalars(select(Fill).where(Fill.order_id.in_(ids)).order_by(Fill.id)))
        positions = {p.code: p.quantity for p in session.scalars(select(Position))}
        session.expunge_all()
    keys = Counter((f.order_id, f.broker_fill_no) for f in fills)
    return AgentBook(orders=orders, fills=fills, positions=positions, fill_keys=keys)


def judge(agent: AgentBook, broker: BrokerBook) -> tuple[int, list[str]]:
    """Return the duplicates and every ledger problem of one day."""
    owners = [o.broker_order_no for o in agent.orders if o.broker_order_no]
    duplicates = count_duplicates(owners, [o.order_no for o in broker.orders], agent.fill_keys)
    return duplicates, ledger_problems(agent, broker)
