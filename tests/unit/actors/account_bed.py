"""The Account's test bed: a broker driven by hand (kt00001, kt00018) and the agent's orders as
the router leaves them in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from typing import Any, cast

import pykka

from actors import ids
from actors.account.actor import Account
from actors.account.messages import GetView
from actors.runtime.services import Services
from actors.supervision import ManualScheduler
from agent.broker.account import Balance, Deposit, Holding
from agent.clock import KST
from agent.domain import OrderPurpose, OrderStatus, OrderType, Side
from agent.risk.account import AccountView
from agent.store.repositories import OrderRepository
from agent.store.repositories.orders import NewFill, NewOrder

MORNING = datetime(2026, 11, 24, 9, 10, tzinfo=KST)
_numbers = count(1)


@dataclass
class Held:
    qty: int
    sellable: int
    avg: int
    price: int


@dataclass
class HandBroker:
    """kt00001 and kt00018 as the test says; counts the reads."""

    cash: int = 10_000_000
    holdings: dict[str, Held] = field(default_factory=dict)
    reads: int = 0
    is_open: bool = True

    def deposit(self) -> Deposit:
        c = self.cash
        return Deposit(cash=c, d1=c, d2=c, orderable=c, withdrawable=c, orderable_cash_only=c)

    def balance(self) -> Balance:
        self.reads += 1
        rows = tuple(
            Holding(
                code=code,
                name=code,
                qty=h.qty,
                sellable_qty=h.sellable,
                avg_price=h.avg,
                price=h.price,
                prev_close=h.price,
                purchase_amount=h.qty * h.avg,
                eval_amount=h.qty * h.price,
                pnl=0,
                rate_bp=0,
                fees=0,
                tax=0,
                weight_bp=0,
            )
            for code, h in self.holdings.items()
            if h.qty > 0
        )
        total = sum(r.eval_amount for r in rows)
        return Balance(
            total_purchase=0,
            total_eval=total,
            total_pnl=0,
            total_rate_bp=0,
            estimated_assets=0,
            holdings=rows,
        )


def start(services: Services, broker: HandBroker) -> pykka.ActorRef[Account]:
    services.broker.set(cast(Any, broker))
    ref = Account.start(None, services)
    services.registry.register(ids.ACCOUNT, ref)
    ref.ask(GetView(), timeout=5)
    return ref


def view(account: pykka.ActorRef[Account]) -> AccountView:
    answer = account.ask(GetView(), timeout=5)
    assert isinstance(answer, AccountView)
    return answer


def place(
    services: Services,
    code: str,
    side: Side,
    qty: int,
    price: int,
    *,
    filled: int = 0,
    purpose: OrderPurpose | None = None,
) -> int:
    """One of the agent's orders as the router leaves it: sent, accepted, maybe filled."""
    repo = OrderRepository(services.sessions)
    at = services.clock.now()
    n = next(_numbers)
    order, _ = repo.create(
        NewOrder(
            client_order_id=f"c{n}",
            trade_date=at.astimezone(KST).date(),
            code=code,
            side=side,
            order_type=OrderType.LIMIT,
            purpose=purpose or (OrderPurpose.ENTRY if side is Side.BUY else OrderPurpose.STOP_LOSS),
            quantity=qty,
            price=price,
            signal_price=price,
            strategy_tag="opening_leader",
        ),
        at,
    )
    repo.transition(order.id, OrderStatus.SENT, at)
    repo.transition(order.id, OrderStatus.ACCEPTED, at, broker_order_no=f"{n:07d}")
    if filled:
        fill(services, order.id, filled, price)
    return order.id


def fill(services: Services, order_id: int, qty: int, price: int) -> None:
    OrderRepository(services.sessions).record_fill(
        order_id,
        NewFill(
            broker_fill_no=f"f{next(_numbers)}",
            quantity=qty,
            price=price,
            commission=0,
            tax=0,
            filled_at=services.clock.now(),
        ),
    )


def cancel(services: Services, order_id: int) -> None:
    repo = OrderRepository(services.sessions)
    repo.transition(order_id, OrderStatus.CANCEL_REQUESTED, services.clock.now())
    repo.transition(order_id, OrderStatus.CANCELLED, services.clock.now())


def advance(services: Services, seconds: float) -> None:
    scheduler = services.scheduler
    assert isinstance(scheduler, ManualScheduler)
    scheduler.advance(seconds)
