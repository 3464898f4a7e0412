"""No buy of the agent's creates 미수: the broker's 미수-free cash is read just before each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from agent.broker.account import Deposit
from agent.clock import KST, ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.kiwoom.errors import TransientError
from agent.market.fees import KIWOOM_ONLINE_BPS, commission
from agent.orders.cash_check import CASH_UNCONFIRMED, NO_CASH_WITHOUT_CREDIT
from agent.orders.service import OrderService
from agent.store.repositories import OrderRepository
from tests.unit.orders.fake_broker import FakeBroker

OPEN = datetime(2026, 11, 24, 9, 5, tzinfo=KST)
COST = 10 * 70_000 + commission(10 * 70_000, KIWOOM_ONLINE_BPS)
"""Ten shares at 70,000 won, commission included."""


@dataclass
class MarginAccount(FakeBroker):
    """An account with 미수 room: the broker would accept a buy beyond the cash on credit."""

    down: bool = False

    def deposit(self) -> Deposit:
        if self.down:
            raise TransientError("connection reset")
        deposit = super().deposit()
        return Deposit(
            cash=deposit.cash,
            d1=deposit.d1,
            d2=deposit.d2,
            orderable=deposit.orderable + 50_000_000,  # ord_alow_amt counts the 미수 room
            withdrawable=deposit.withdrawable,
            orderable_cash_only=deposit.orderable_cash_only,
        )


@pytest.fixture
def broker() -> MarginAccount:
    return MarginAccount(ManualClock(OPEN))


@pytest.fixture
def service(sessions: sessionmaker[Session], broker: MarginAccount) -> OrderService:
    return OrderService(
        OrderRepository(sessions), broker, broker.clock, buy_commission_bps=KIWOOM_ONLINE_BPS
    )


def approved(side: Side = Side.BUY) -> Approved:
    intent = Intent(
        code="005930",
        side=side,
        purpose=OrderPurpose.ENTRY if side is Side.BUY else OrderPurpose.STOP_LOSS,
        reference_price=70_000,
        at=OPEN,
        strategy_tag="opening_leader",
    )
    return Approved(intent=intent, quantity=10, order_type=OrderType.LIMIT, limit_price=70_000)


def test_a_buy_the_cash_without_misu_covers_is_sent(
    service: OrderService, broker: MarginAccount
) -> None:
    broker.cash_only = COST

    order = service.submit(approved(), "c-1")

    assert order.status is OrderStatus.ACCEPTED
    assert broker.deposit_reads == 1


def test_a_buy_that_would_need_misu_is_rejected_unsent(
    service: OrderService, broker: MarginAccount
) -> None:
    broker.cash_only = COST - 1  # the user's manual buy took the rest since the last read

    order = service.submit(approved(), "c-1")

    assert order.status is OrderStatus.REJECTED
    assert order.reject_code == NO_CASH_WITHOUT_CREDIT
    assert "미수" in (order.reject_message or "")
    assert broker.calls == [], "nothing reached the broker"


def test_a_buy_is_not_sent_when_the_cash_cannot_be_read(
    service: OrderService, broker: MarginAccount
) -> None:
    broker.down = True

    order = service.submit(approved(), "c-1")

    assert (order.status, order.reject_code) == (OrderStatus.REJECTED, CASH_UNCONFIRMED)
    assert broker.calls == []


def test_a_sell_never_waits_on_the_cash(service: OrderService, broker: MarginAccount) -> None:
    broker.down = True

    order = service.submit(approved(Side.SELL), "s-1")

    assert order.status is OrderStatus.ACCEPTED
    assert broker.deposit_reads == 0


def test_on_a_cash_account_the_buy_is_sent_without_the_read(
    sessions: sessionmaker[Session], broker: MarginAccount
) -> None:
    service = OrderService(
        OrderRepository(sessions),
        broker,
        broker.clock,
        buy_commission_bps=KIWOOM_ONLINE_BPS,
        credit_possible=lambda: False,  # the broker refuses what the cash does not cover
    )
    broker.cash_only = 0

    order = service.submit(approved(), "c-1")

    assert order.status is OrderStatus.ACCEPTED
    assert broker.deposit_reads == 0
