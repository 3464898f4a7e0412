"""A StockActor learns from its peers' messages, never their snapshots: a started one asks the
Account whether the agent holds its code and the scanner for the rank and news score it told
the one before; it tells the router of a VI and the Account of its price."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.account.messages import AccountFacts
from actors.messages import Wanted, answer
from actors.risk.messages import TradePrice
from actors.runtime.services import Services
from actors.stock.actor import StockActor
from actors.stock.messages import (
    NewsScoreChanged,
    PriceMarked,
    StockFacts,
    StockSnapshot,
    ViReceived,
    WatchRankChanged,
)
from agent.broker.events import ViTriggered
from agent.clock import ManualClock
from tests.support.actor_services import actor_services
from tests.support.inbox import Inbox, told
from tests.support.waiting import wait_until
from tests.unit.actors.stock_bed import CODE, MONDAY, DaySession, trade

NAME = "삼성전자"


class Peer(Inbox):
    """A peer that remembers what it is told and answers :class:`Wanted` with ``replies``."""

    def __init__(self, *replies: Any) -> None:
        super().__init__()
        self.replies = replies

    def on_receive(self, message: Any) -> Any:
        super().on_receive(message)
        return answer(message, *self.replies) if isinstance(message, Wanted) else None


@pytest.fixture
def services(sessions: sessionmaker[Session]) -> Iterator[Services]:
    clock = ManualClock(MONDAY)
    yield actor_services(sessions, clock, broker=DaySession(clock))
    pykka.ActorRegistry.stop_all()


def register(services: Services, peer: str, ref: pykka.ActorRef[Any]) -> pykka.ActorRef[Any]:
    services.registry.register(peer, ref)
    return ref


def published(services: Services) -> StockSnapshot | None:
    snapshot = services.board.snapshot(ids.stock_id(CODE))
    data = snapshot.data if snapshot is not None else None
    return data if isinstance(data, StockSnapshot) else None


def test_a_started_stock_actor_is_told_again_what_its_predecessor_knew(
    services: Services,
) -> None:
    held = AccountFacts(held=frozenset({CODE}), credit_possible=False)
    ranked = WatchRankChanged(rank=2, volume_rank=3)
    register(services, ids.ACCOUNT, Peer.start(held))
    register(services, ids.SCANNER, Peer.start(ranked, NewsScoreChanged(score=80)))
    risk = register(services, ids.RISK, Inbox.start())
    router = register(services, ids.ROUTER, Inbox.start())

    stock = StockActor.start(None, services, CODE)
    seen = wait_until(lambda: (s := published(services)) and s.news_score == 80 and s, timeout=5)
    at = MONDAY + timedelta(seconds=1)
    prints = wait_until(
        lambda: stock.ask(trade(at, 70_500), timeout=5) or told(risk, TradePrice), timeout=5
    )

    assert (seen.watch_rank, seen.news_score) == (2, 80), "its entry need not wait for a scan"
    assert prints[-1].price == 70_500, "held: each print goes to its stop"
    assert told(router, StockFacts)[0] == StockFacts(code=CODE, name=NAME, vi_active=False)


def test_the_router_hears_of_a_vi_and_the_account_of_each_new_price(services: Services) -> None:
    account = register(services, ids.ACCOUNT, Peer.start())
    router = register(services, ids.ROUTER, Inbox.start())
    register(services, ids.RISK, Inbox.start())
    stock = StockActor.start(None, services, CODE)

    for price in (70_500, 70_500, 70_600):
        stock.ask(trade(MONDAY, price), timeout=5)
        stock.ask(NewsScoreChanged(score=None), timeout=5)  # a publish, whatever the wall clock
    stock.ask(ViReceived(event=vi_triggered()), timeout=5)
    stock.stop()

    assert told(account, PriceMarked) == [
        PriceMarked(code=CODE, price=70_500),
        PriceMarked(code=CODE, price=70_600),
        PriceMarked(code=CODE, price=None),  # no longer watched
    ]
    assert [f.vi_active for f in told(router, StockFacts)] == [False, True, False]


def vi_triggered() -> ViTriggered:
    return ViTriggered(
        code=CODE,
        name=NAME,
        kind="1",
        apply_type="동적",
        direction="1",
        trigger_price=70_600,
        triggered_at=MONDAY,
        released_at=None,
        static_base_price=0,
        dynamic_base_price=68_500,
        static_gap_bp=0,
        dynamic_gap_bp=305,
        count=1,
        cum_volume=100,
    )


def test_an_abandoned_incarnation_stopping_late_leaves_its_successor_alone(
    services: Services,
) -> None:
    account = register(services, ids.ACCOUNT, Peer.start())
    router = register(services, ids.ROUTER, Inbox.start())
    register(services, ids.RISK, Inbox.start())
    stuck = StockActor.start(None, services, CODE)
    # The watchdog gave up on it: its successor is registered before it finally stops.
    successor = StockActor.start(None, services, CODE)
    services.registry.register(ids.stock_id(CODE), successor)

    stuck.stop()

    assert PriceMarked(code=CODE, price=None) not in told(account, PriceMarked)
    assert len(told(router, StockFacts)) == 2, "one from each start, none from the late stop"
    assert published(services) is not None, "the successor's snapshot stays"


def test_an_account_that_has_just_started_is_told_the_price_at_once(services: Services) -> None:
    """A restarted Account asks every StockActor for its price; a quiet code's price comes
    back with the answer instead of with its next print."""
    account = register(services, ids.ACCOUNT, Peer.start())
    register(services, ids.ROUTER, Inbox.start())
    register(services, ids.RISK, Inbox.start())
    stock = StockActor.start(None, services, CODE)
    stock.ask(trade(MONDAY, 70_500), timeout=5)
    stock.ask(NewsScoreChanged(score=None), timeout=5)  # a publish: the price told once

    stock.ask(Wanted(reply_to=account, want=PriceMarked), timeout=5)

    assert told(account, PriceMarked) == [PriceMarked(code=CODE, price=70_500)] * 2
