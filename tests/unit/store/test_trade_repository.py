"""Round trips are built from the day's fills once the position is flat, and only once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from agent.domain import OrderPurpose, OrderStatus, OrderType, Side
from agent.store.repositories import NewFill, NewOrder, OrderRepository
from agent.store.repositories.trades import TradeRepository

DAY = date(2026, 11, 24)
T0 = datetime(2026, 11, 24, 0, 10, tzinfo=UTC)


def _filled(
    repo: OrderRepository,
    client_id: str,
    side: Side,
    purpose: OrderPurpose,
    qty: int,
    price: int,
    at: datetime,
) -> int:
    order, _ = repo.create(
        NewOrder(
            client_order_id=client_id,
            trade_date=DAY,
            code="005930",
            side=side,
            order_type=OrderType.LIMIT,
            purpose=purpose,
            quantity=qty,
            price=price,
            signal_price=price - 100 if side is Side.BUY else None,
            strategy_tag="opening_leader",
            reason_codes=("OR_BREAKOUT",),
        ),
        at,
    )
    repo.transition(order.id, OrderStatus.SENT, at)
    repo.transition(order.id, OrderStatus.ACCEPTED, at, broker_order_no=client_id)
    repo.record_fill(
        order.id,
        NewFill(
            broker_fill_no="cum:1", quantity=qty, price=price, commission=0, tax=0, filled_at=at
        ),
    )
    return order.id


def test_a_round_trip_is_logged_once_with_costs_and_the_exit_reason(
    sessions: sessionmaker[Session],
) -> None:
    orders = OrderRepository(sessions)
    trades = TradeRepository(sessions)
    _filled(orders, "b1", Side.BUY, OrderPurpose.ENTRY, 10, 70_000, T0)
    assert trades.close_round_trips("005930", DAY) == []  # still holding
    _filled(orders, "s1", Side.SELL, OrderPurpose.STOP_LOSS, 10, 67_900, T0 + timedelta(minutes=5))

    first = trades.close_round_trips("005930", DAY)
    again = trades.close_round_trips("005930", DAY)

    assert again == []
    assert len(first) == 1
    trade = trades.for_day(DAY)[0]
    assert trade.exit_reason is OrderPurpose.STOP_LOSS
    assert (trade.entry_price, trade.exit_price, trade.quantity) == (70_000, 67_900, 10)
    # 0.015% commission per side; 2026 KOSPI sell tax 0.05% + 0.15% 농특세, each truncated.
    assert trade.commission == 105 + 101
    assert trade.tax == 339 + 1_018
    assert trade.realized_pnl == (679_000 - 700_000) - 105 - 101 - 1_357
    assert trade.slippage_won == 100 * 10
    assert trades.realized_pnl(DAY) == trade.realized_pnl
