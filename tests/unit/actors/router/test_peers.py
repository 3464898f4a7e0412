"""A router that has just started asks its peers for what they told its dead incarnation: the
governor's brakes before its first reconcile (tests/unit/actors/router/test_blocked_entries.py),
the Account's 미수 room and each StockActor's VI and name by message."""

from __future__ import annotations

from actors import ids
from actors.messages import Wanted
from actors.runtime.services import Services
from tests.support.inbox import Inbox, told
from tests.unit.actors.router.bed import SharedSession, start_router


def test_a_started_router_asks_the_account_and_every_stock_actor(
    services: Services, broker: SharedSession
) -> None:
    peers = [ids.ACCOUNT, ids.stock_id("005930"), ids.stock_id("000660")]
    inboxes = [Inbox.start() for _ in peers]
    for peer, inbox in zip(peers, inboxes, strict=True):
        services.registry.register(peer, inbox)

    router = start_router(services)

    for inbox in inboxes:
        assert [w.reply_to for w in told(inbox, Wanted)] == [router]
