"""The Account between two reads of the broker: its own orders since keep cash and shares right.

A real Account actor on SQLite, a broker driven by hand, and market time moved by a manual
scheduler: each test changes what the agent's orders did after the broker was read and checks
what the governor would be told before the next read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pykka
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actors.account.messages import FillRecorded, Refresh
from actors.account.refresh import MIN_GAP_S, REFRESH_EVERY_S
from actors.runtime.services import Services
from agent.clock import ManualClock
from agent.domain import OrderPurpose, Side
from agent.market.fees import commission
from agent.settings import load_settings
from agent.store.models import TradeLog
from tests.support.actor_services import actor_services
from tests.unit.actors.account_bed import (
    MORNING,
    HandBroker,
    Held,
    advance,
    cancel,
    place,
    start,
    view,
)


@pytest.fixture
def services(tmp_path: Any, sessions: sessionmaker[Session]) -> Iterator[Services]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    clock = ManualClock(MORNING)
    yield actor_services(sessions, clock, settings=settings)
    pykka.ActorRegistry.stop_all()


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
