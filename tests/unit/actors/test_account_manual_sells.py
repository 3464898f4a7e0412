"""Shares missing at the broker are the user's sale only once the agent's own sells are in.

Found by the soak (bench/soak.py): the Account read its lots, the router then recorded the fill
of the agent's own stop-loss (learned a minute late, so the order carried the exchange's older
time and looked settled), and the 39 shares the agent had just sold were recorded as sold by
hand. On SQLite (and PostgreSQL when reachable), with the interleaving laid out in order.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actors.account.manual_sells import ManualSells
from agent.broker.account import Balance, Holding
from agent.clock import KST, ManualClock
from agent.domain import OrderPurpose, OrderStatus, OrderType, Side
from agent.store.models import EventKind, LotAdjustment, SystemEvent
from agent.store.repositories import OrderRepository
from agent.store.repositories.lots import LotRepository
from agent.store.repositories.orders import NewFill, NewOrder
from tests.support.actor_services import actor_services

BOUGHT = datetime(2026, 12, 1, 9, 48, 35, tzinfo=KST)
SOLD = datetime(2026, 12, 1, 13, 11, 6, tzinfo=KST)
NOW = SOLD + timedelta(seconds=60)
"""The Account's read: a minute after the exchange filled the sell, as the soak saw it."""


def _balance(held: dict[str, int]) -> Balance:
    rows = tuple(
        Holding(
            code=code,
            name="",
            qty=qty,
            sellable_qty=qty,
            avg_price=289_000,
            price=285_500,
            prev_close=285_000,
            purchase_amount=0,
            eval_amount=0,
            pnl=0,
            rate_bp=0,
            fees=0,
            tax=0,
            weight_bp=0,
        )
        for code, qty in held.items()
    )
    return Balance(
        total_purchase=0,
        total_eval=0,
        total_pnl=0,
        total_rate_bp=0,
        estimated_assets=0,
        holdings=rows,
    )


def _filled(
    orders: OrderRepository, side: Side, purpose: OrderPurpose, sent: datetime, filled: datetime
) -> None:
    order, _ = orders.create(
        NewOrder(
            client_order_id=f"{side.value}-{purpose.value}",
            trade_date=sent.date(),
            code="258610",
            side=side,
            order_type=OrderType.LIMIT,
            purpose=purpose,
            quantity=39,
            price=285_000,
        ),
        sent,
    )
    orders.transition(order.id, OrderStatus.SENT, sent)
    orders.transition(order.id, OrderStatus.ACCEPTED, sent, broker_order_no=f"{order.id:07d}")
    fill = NewFill(
        broker_fill_no="cum:39",
        quantity=39,
        price=285_500,
        commission=0,
        tax=0,
        filled_at=filled,
    )
    assert orders.record_fill(order.id, fill)


@pytest.fixture
def sells(sessions: sessionmaker[Session]) -> ManualSells:
    return ManualSells(actor_services(sessions, ManualClock(NOW)), LotRepository(sessions))


def _removals(sessions: sessionmaker[Session]) -> list[Any]:
    with sessions() as session:
        events = session.scalars(
            select(SystemEvent.reason).where(SystemEvent.kind == EventKind.LOT_REDUCED)
        ).all()
        return [*session.scalars(select(LotAdjustment.quantity)).all(), *events]


def test_the_agents_own_sell_recorded_after_the_lots_were_read_is_not_a_sale_by_hand(
    sessions: sessionmaker[Session], sells: ManualSells
) -> None:
    orders = OrderRepository(sessions)
    _filled(orders, Side.BUY, OrderPurpose.ENTRY, BOUGHT, BOUGHT)
    read_before_the_fill = LotRepository(sessions).book()
    assert read_before_the_fill.open["258610"].quantity == 39
    # The router records the stop-loss's fill now; the exchange filled it a minute ago.
    _filled(orders, Side.SELL, OrderPurpose.STOP_LOSS, SOLD - timedelta(seconds=1), SOLD)

    book = sells.shrink(read_before_the_fill, _balance({}), NOW, NOW.date())

    assert book.open == {}
    assert _removals(sessions) == []


def test_shares_the_user_sold_by_hand_still_shrink_the_lot(
    sessions: sessionmaker[Session], sells: ManualSells
) -> None:
    _filled(OrderRepository(sessions), Side.BUY, OrderPurpose.ENTRY, BOUGHT, BOUGHT)
    lots = LotRepository(sessions).book()

    book = sells.shrink(lots, _balance({"258610": 20}), NOW, NOW.date())

    assert book.open["258610"].quantity == 20
    assert _removals(sessions) == [
        19,
        "258610: 19 of the agent's shares were sold outside the agent",
    ]
