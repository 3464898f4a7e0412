"""The Account between two reads of the broker: its own orders since keep cash and shares right.

A real Account actor on SQLite, a broker driven by hand, and market time moved by a manual
scheduler: each test changes what the agent's orders did after the broker was read and checks
what the governor would be told before the next read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import count
from typing import Any, cast

import pykka
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.account.actor import MIN_GAP_S, REFRESH_EVERY_S, Account
from actors.account.messages import FillRecorded, GetView, Refresh
from actors.runtime.services import Services
from actors.supervision import ManualScheduler
from agent.broker.account import Balance, Deposit, Holding
from agent.clock import KST, ManualClock
from agent.domain import OrderPurpose, OrderStatus, OrderType, Side
from agent.market.fees import commission
from agent.risk.account import AccountView
from agent.settings import load_settings
from agent.store.models import TradeLog
from agent.store.repositories import OrderRepository
from agent.store.repositories.orders import NewFill, NewOrder
from tests.support.actor_services import actor_services

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


@pytest.fixture
def services(tmp_path: Any, sessions: sessionmaker[Session]) -> Iterator[Services]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    clock = ManualClock(MORNING)
    yield actor_services(sessions, clock, settings=settings)
    pykka.ActorRegistry.stop_all()


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


def test_a_stop_pulled_for_repricing_after_a_read_frees_its_shares_at_once(
    services: Services,
) -> None:
    broker = HandBroker(holdings={"A": Held(10, 10, 10_000, 9_600)})
    place(services, "A", Side.BUY, 10, 10_000, filled=10)
    account = start(services, broker)
    stop = place(services, "A", Side.SELL, 10, 9_570)
    broker.holdings["A"].sellable = 0  # the resting stop holds every share
    advance(services, REFRESH_EVERY_S + 1)  # a read lands while it rests
    assert view(account).position("A").sellable_now == 0  # type: ignore[union-attr]

    cancel(services, stop)  # pulled to re-price; the broker frees the shares, unread yet

    position = view(account).position("A")
    assert position is not None
    assert position.sellable_now == 10


def test_an_entry_accepted_after_the_read_is_not_spent_twice(services: Services) -> None:
    broker = HandBroker(cash=1_000_000)
    account = start(services, broker)

    place(services, "B", Side.BUY, 99, 10_050)  # the broker holds its cash; the read said 1M

    held = 99 * 10_050 + commission(99 * 10_050, services.limits().commission_bps)
    assert view(account).cash_won == 1_000_000 - held


def test_an_entry_filled_after_the_read_is_not_spent_twice(services: Services) -> None:
    broker = HandBroker(cash=1_000_000)
    account = start(services, broker)

    place(services, "B", Side.BUY, 50, 10_000, filled=50)

    assert view(account).cash_won <= 1_000_000 - 500_000


def test_a_burst_of_fills_neither_starves_the_reads_nor_floods_the_broker(
    services: Services,
) -> None:
    broker = HandBroker(holdings={"A": Held(10, 10, 10_000, 10_000)})
    order_id = place(services, "A", Side.BUY, 10, 10_000, filled=10)
    account = start(services, broker)
    before = broker.reads

    for _ in range(240):  # two market minutes of fills, half a second apart
        account.tell(
            FillRecorded(
                order_id=order_id,
                code="A",
                side=Side.BUY,
                purpose=OrderPurpose.ENTRY,
                quantity=1,
                price=1,
                at=services.clock.now(),
            )
        )
        view(account)
        advance(services, 0.5)
    view(account)

    reads = broker.reads - before
    assert reads >= 120 / REFRESH_EVERY_S  # the burst never pushed the reads back
    assert reads <= 120 / MIN_GAP_S + 120 / REFRESH_EVERY_S + 1  # nor read every second


def test_an_asked_refresh_reads_the_users_sale_within_seconds(services: Services) -> None:
    broker = HandBroker(holdings={"A": Held(110, 110, 10_000, 10_000)})
    account = start(services, broker)
    broker.holdings["A"] = Held(100, 100, 10_000, 10_000)  # the user sold 10 in HTS

    account.tell(Refresh())  # the router saw the user's order
    view(account)  # the ask queues behind the tell: the refresh is scheduled
    advance(services, MIN_GAP_S + 0.1)

    external = view(account).external
    assert [(p.code, p.quantity) for p in external] == [("A", 100)]


def test_the_users_row_shows_their_own_average_price_not_the_blend(services: Services) -> None:
    # The user bought 100 at 200,000; the agent 10 at 80,000: kt00018 blends them.
    blended = (100 * 200_000 + 10 * 80_000) // 110
    broker = HandBroker(holdings={"A": Held(110, 110, blended, 81_000)})
    broker.holdings["A"].avg = blended
    place(services, "A", Side.BUY, 10, 80_000, filled=10)
    account = start(services, broker)

    (theirs,) = view(account).external
    assert theirs.quantity == 100
    assert abs(theirs.avg_price - 200_000) <= 100  # 매입금액 rounding only


def test_a_lot_emptied_by_the_users_sale_closes_the_agents_round_trip(
    services: Services,
) -> None:
    broker = HandBroker(holdings={"A": Held(10, 10, 10_000, 10_500)})
    place(services, "A", Side.BUY, 10, 10_000, filled=10)
    account = start(services, broker)
    place(services, "A", Side.SELL, 6, 10_500, filled=6, purpose=OrderPurpose.EOD_EXIT)
    broker.holdings["A"] = Held(4, 4, 10_000, 10_500)
    advance(services, 60)  # the agent's sell settles
    broker.holdings.pop("A")  # then the user sells the other 4 by hand

    advance(services, REFRESH_EVERY_S + 1)
    view(account)

    with services.sessions() as session:
        trades = list(session.scalars(select(TradeLog)))
    assert [(t.code, t.quantity) for t in trades] == [("A", 6)]
    assert timedelta(0) <= services.clock.now() - MORNING
