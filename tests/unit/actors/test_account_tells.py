"""The Account tells its peers what they read of it (they never read its snapshot): the codes
the agent holds and the account's 미수 room, on every change, and again to one that has just
started; the StockActors tell it their prices, and its positions are marked at them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.account.messages import AccountFacts, GetEquity
from actors.account.refresh import REFRESH_EVERY_S
from actors.messages import Wanted
from actors.runtime.services import Services
from actors.stock.messages import PriceMarked
from agent.clock import ManualClock
from agent.domain import Side
from agent.settings import load_settings
from tests.support.actor_services import actor_services
from tests.support.inbox import Inbox, told
from tests.unit.actors.account_bed import MORNING, HandBroker, Held, advance, place, start, view

HOLDS_A = AccountFacts(held=frozenset({"A"}), credit_possible=False)
HOLDS_NONE = AccountFacts(held=frozenset(), credit_possible=False)


@pytest.fixture
def services(tmp_path: Any, sessions: sessionmaker[Session]) -> Iterator[Services]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    yield actor_services(sessions, ManualClock(MORNING), settings=settings)
    pykka.ActorRegistry.stop_all()


def peers(services: Services) -> dict[str, pykka.ActorRef[Any]]:
    """Inboxes where the router, the scanner and two StockActors are registered."""
    ids_ = (ids.ROUTER, ids.SCANNER, ids.stock_id("A"), ids.stock_id("B"))
    refs = {peer: Inbox.start() for peer in ids_}
    for peer, ref in refs.items():
        services.registry.register(peer, ref)
    return refs


def test_every_peer_is_told_the_codes_the_agent_holds_when_they_change(
    services: Services,
) -> None:
    inboxes = peers(services)
    broker = HandBroker(holdings={"A": Held(10, 10, 10_000, 10_000), "U": Held(5, 5, 800, 800)})
    place(services, "A", Side.BUY, 10, 10_000, filled=10)  # the user's "U" is not the agent's
    account = start(services, broker)
    advance(services, REFRESH_EVERY_S + 1)  # a read that changes nothing tells nothing
    view(account)  # that read is done, and the next one scheduled

    place(services, "A", Side.SELL, 10, 10_100, filled=10)
    del broker.holdings["A"]
    advance(services, REFRESH_EVERY_S + 1)
    view(account)  # the read and its tells are done

    for inbox in inboxes.values():
        assert told(inbox, AccountFacts) == [HOLDS_A, HOLDS_NONE]


def test_an_actor_that_has_just_started_is_told_again(services: Services) -> None:
    broker = HandBroker(holdings={"A": Held(10, 10, 10_000, 10_000)})
    place(services, "A", Side.BUY, 10, 10_000, filled=10)
    account = start(services, broker)
    starting = Inbox.start()  # not registered yet: its on_start has not returned

    asked = account.ask(Wanted(reply_to=starting), timeout=5)

    assert asked == HOLDS_A
    assert told(starting, AccountFacts) == [HOLDS_A]


def test_positions_are_marked_at_the_price_a_stock_actor_told(services: Services) -> None:
    broker = HandBroker(holdings={"A": Held(10, 10, 10_000, 9_600)})
    place(services, "A", Side.BUY, 10, 10_000, filled=10)
    account = start(services, broker)

    account.tell(PriceMarked(code="A", price=10_400))
    marked = view(account).position("A")
    account.tell(PriceMarked(code="A", price=None))  # no longer watched
    unwatched = view(account).position("A")

    assert marked is not None
    assert marked.current_price == 10_400
    assert unwatched is not None
    assert unwatched.current_price == 9_600, "the broker's price again"
    assert account.ask(GetEquity(), timeout=5) == broker.cash + 10 * 9_600


def test_a_peer_that_was_not_registered_when_told_is_told_at_the_next_read(
    services: Services,
) -> None:
    broker = HandBroker(holdings={"A": Held(10, 10, 10_000, 10_000)})
    account = start(services, broker)  # holds nothing of its own yet
    place(services, "A", Side.BUY, 10, 10_000, filled=10)
    advance(services, REFRESH_EVERY_S + 1)  # the scanner is restarting: not registered
    view(account)
    scanner = Inbox.start()
    services.registry.register(ids.SCANNER, scanner)

    advance(services, REFRESH_EVERY_S + 1)
    view(account)

    assert told(scanner, AccountFacts) == [HOLDS_A]


def test_an_account_that_has_just_started_asks_every_stock_actor_for_its_price(
    services: Services,
) -> None:
    inboxes = peers(services)

    account = start(services, HandBroker())

    for peer in (ids.stock_id("A"), ids.stock_id("B")):
        (wanted,) = told(inboxes[peer], Wanted)
        assert (wanted.reply_to, wanted.want) == (account, PriceMarked)
    assert told(inboxes[ids.ROUTER], Wanted) == [], "the router tells the Account nothing"
