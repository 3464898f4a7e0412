"""The dashboard's rows say which of the agent's positions has a backstop at the broker."""

from __future__ import annotations

from datetime import date

from actors.account.views import backstop_triggers, position_rows
from agent.domain import OrderPurpose, OrderStatus, OrderType, Side
from agent.risk.account import Position
from agent.store.models import Order


def backstop(code: str, status: OrderStatus, number: str | None = "0000007") -> Order:
    return Order(
        client_order_id=f"{code}-{status.value}",
        trade_date=date(2026, 12, 2),
        code=code,
        side=Side.SELL,
        order_type=OrderType.STOP_LIMIT,
        purpose=OrderPurpose.BACKSTOP,
        quantity=10,
        price=66_100,
        stop_price=67_500,
        status=status,
        filled_quantity=0,
        broker_order_no=number,
    )


def test_only_a_backstop_working_at_the_broker_shows() -> None:
    orders = [
        backstop("005930", OrderStatus.ACCEPTED),
        backstop("000660", OrderStatus.CANCEL_REQUESTED),  # pulled for an exit
        backstop("035720", OrderStatus.SENT, number=None),  # not at the broker yet
        backstop("035420", OrderStatus.REJECTED),
    ]
    assert backstop_triggers(orders) == {"005930": 67_500}


def test_the_users_holdings_never_show_one() -> None:
    agents = [Position(code="005930", quantity=10, avg_price=70_000, current_price=69_000)]
    users = [Position(code="005930", quantity=100, avg_price=60_000, current_price=69_000)]
    rows = position_rows(
        agents, users, names={}, stops={"005930": 67_900}, backstops={"005930": 67_500}
    )
    assert [(r.managed, r.stop_price, r.backstop_price) for r in rows] == [
        (True, 67_900, 67_500),
        (False, None, None),
    ]
