"""The scanner keeps watching the codes the agent holds (their stops need prices) by what the
Account tells it; until it has been told, it stops watching nothing."""

from __future__ import annotations

import pykka

from actors import ids
from actors.account.messages import AccountFacts
from actors.messages import Wanted
from actors.runtime.services import Services
from actors.scanner.actor import Scanner
from actors.scanner.messages import Unwatch
from tests.support.inbox import Inbox, told


class WatchDouble(pykka.ThreadingActor):
    """Stands in for the WatchSupervisor: a started child is an Inbox in the registry."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def start_child(self, key: str, code: str, prev_volume: int | None) -> None:
        self.services.registry.register(ids.stock_id(code), Inbox.start())

    def terminate_child(self, key: str) -> None:
        ref = self.services.registry.get(ids.stock_id(key))
        self.services.registry.unregister(ids.stock_id(key))
        if ref is not None:
            ref.stop()


def watched(services: Services) -> set[str]:
    return {i.split("/", 1)[1] for i in services.stock_ids()}


def test_the_scanner_stops_watching_nothing_until_the_account_says_what_is_held(
    offline_services: Services,
) -> None:
    services = offline_services
    services.registry.register(ids.WATCH, WatchDouble.start(services))
    account = Inbox.start()
    services.registry.register(ids.ACCOUNT, account)
    services.registry.register(ids.stock_id("A"), Inbox.start())  # held, watched before
    services.registry.register(ids.stock_id("B"), Inbox.start())
    try:
        scanner = Scanner.start(None, services)
        scanner.ask(Unwatch(code="A"), timeout=5)  # not told yet: "A" may be held
        kept = watched(services)
        scanner.ask(AccountFacts(held=frozenset({"A", "C"}), credit_possible=False), timeout=5)
        told_held = watched(services)
        scanner.ask(Unwatch(code="A"), timeout=5)
        scanner.ask(Unwatch(code="B"), timeout=5)

        assert [w.reply_to for w in told(account, Wanted)] == [scanner], "asked at its start"
        assert kept == {"A", "B"}
        assert told_held == {"A", "B", "C"}, "a held code is watched as soon as it is told"
        assert watched(services) == {"A", "C"}
    finally:
        pykka.ActorRegistry.stop_all()
