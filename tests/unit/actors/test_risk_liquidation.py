"""An emergency liquidation asked while the account restarts is carried out once it is back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.account.messages import GetView
from actors.board import SnapshotBoard, Topic
from actors.messages import Wanted
from actors.risk.actor import RiskGovernor
from actors.risk.messages import (
    BrakesChanged,
    EngageKillSwitch,
    GovernorBrakes,
    GovernorSnapshot,
    LiquidateAll,
    PriceObserved,
    ReleaseKillSwitch,
    SetEntriesPaused,
    SetFrozen,
)
from actors.router.messages import CancelEntries, SubmitOrder
from actors.runtime.services import Services
from actors.supervision import ThreadingScheduler
from agent.clock import KST, ManualClock
from agent.domain import Intent, OrderPurpose, OrderType, Rejected, Side
from agent.risk.account import AccountView, Position
from agent.store.models import EventKind
from agent.store.repositories import SystemEventRepository
from tests.support.actor_services import actor_services
from tests.support.inbox import Inbox
from tests.support.waiting import wait_until

# A regular trading day in the continuous session.
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=KST)


class FakeAccount(pykka.ThreadingActor):
    def on_receive(self, message: Any) -> Any:
        assert isinstance(message, GetView)
        return AccountView(
            capital_won=100_000_000,
            cash_won=50_000_000,
            positions=(
                Position(code="005930", quantity=10, avg_price=70_000, current_price=71_000),
            ),
        )


@pytest.fixture
def services(sessions: sessionmaker[Session]) -> Iterator[Services]:
    yield actor_services(
        sessions,
        ManualClock(NOW),
        scheduler=ThreadingScheduler(),
        board=SnapshotBoard(),
    )
    pykka.ActorRegistry.stop_all()


def test_a_liquidation_waits_for_the_account_and_then_sells_everything(
    services: Services, sessions: sessionmaker[Session]
) -> None:
    router = Inbox.start()
    services.registry.register(ids.ROUTER, router)
    risk = RiskGovernor.start(None, services)
    risk.tell(
        PriceObserved(
            code="005930",
            price=71_000,
            at=NOW,
            base_price=70_000,
            upper_limit=91_000,
            lower_limit=49_000,
        )
    )

    risk.tell(LiquidateAll(reason="drill", by="test"))
    # The account is down: the request is recorded and entries are cancelled at once...
    wait_until(
        lambda: SystemEventRepository(sessions).recent(kind=EventKind.EMERGENCY_LIQUIDATION),
        timeout=5,
    )
    # ...and the sells go out once the account answers again.
    services.registry.register(ids.ACCOUNT, FakeAccount.start())
    told = wait_until(
        lambda: [m for m in router.proxy().messages().get(timeout=5) if isinstance(m, SubmitOrder)],
        timeout=10,
    )

    orders = [m for m in router.proxy().messages().get(timeout=5) if type(m) is not GovernorBrakes]
    assert isinstance(orders[0], CancelEntries)
    assert len(told) == 1
    approved = told[0].approved
    assert approved.intent.side is Side.SELL
    assert approved.intent.purpose is OrderPurpose.LIQUIDATION
    assert approved.quantity == 10
    assert approved.order_type is OrderType.MARKET
    assert risk.is_alive()


def test_a_liquidation_halts_new_entries_until_the_operator_resumes(
    services: Services,
) -> None:
    router = Inbox.start()
    services.registry.register(ids.ROUTER, router)
    services.registry.register(ids.ACCOUNT, FakeAccount.start())
    risk = RiskGovernor.start(None, services)
    entry = Intent(
        code="000660",
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=100_000,
        at=NOW,
        strategy_tag="opening_leader",
    )

    risk.tell(
        PriceObserved(
            code="000660",
            price=100_000,
            at=NOW,
            base_price=98_000,
            upper_limit=127_400,
            lower_limit=68_600,
        )
    )
    risk.tell(LiquidateAll(reason="drill", by="test"))
    refused = risk.proxy().evaluate(entry).get(timeout=5)
    risk.tell(ReleaseKillSwitch(by="test"))
    snapshot = wait_until(
        lambda: (
            (s := services.board.snapshot(ids.RISK)) is not None
            and isinstance(s.data, GovernorSnapshot)
            and not s.data.kill_switch
            and s
        ),
        timeout=5,
    )

    assert isinstance(refused, Rejected)
    assert "KILL_SWITCH" in refused.reasons
    assert snapshot is not None


def test_a_freeze_pulled_anywhere_is_said_on_the_live_stream(services: Services) -> None:
    """The dashboard's freeze banner refetches on it: a freeze from the CLI shows at once."""
    services.registry.register(ids.ROUTER, Inbox.start())
    services.registry.register(ids.ACCOUNT, FakeAccount.start())
    risk = RiskGovernor.start(None, services)

    def brakes() -> list[BrakesChanged]:
        events = services.board.recent(topics=(Topic.SYSTEM_STATUS,))
        return [e.data for e in events if isinstance(e.data, BrakesChanged)]

    risk.ask(SetFrozen(frozen=True, by="test"), timeout=5)
    wait_until(brakes, timeout=5)
    risk.ask(SetFrozen(frozen=False, by="test"), timeout=5)
    said = wait_until(lambda: brakes() if len(brakes()) == 2 else None, timeout=5)

    assert [b.frozen for b in said] == [True, False]
    assert not any(b.kill_switch for b in said)


def test_the_governor_tells_the_router_every_change_of_its_brakes(services: Services) -> None:
    """The router cancels working entries and re-sends no exit by what it was told: each
    brake is told as it moves, and a router that has just started asks for them."""
    router = Inbox.start()
    services.registry.register(ids.ROUTER, router)
    services.registry.register(ids.ACCOUNT, FakeAccount.start())
    risk = RiskGovernor.start(None, services)
    commands = (
        SetFrozen(frozen=True, by="test"),
        SetFrozen(frozen=False, by="test"),
        EngageKillSwitch(reason="drill", by="test"),
        ReleaseKillSwitch(by="test"),
        SetEntriesPaused(paused=True, by="test"),
    )
    for command in commands:
        risk.ask(command, timeout=5)

    def told() -> list[tuple[bool, bool]]:
        messages = router.proxy().messages().get(timeout=5)
        return [(m.frozen, m.entries_blocked) for m in messages if type(m) is GovernorBrakes]

    said = wait_until(lambda: told() if len(told()) == 6 else None, timeout=5)

    assert said == [
        (False, False),  # the governor's start
        (True, True),  # a freeze stops every automatic order, entries too
        (False, False),
        (False, True),  # the kill switch and the pause block entries only
        (False, False),
        (False, True),
    ]
    assert risk.ask(Wanted(), timeout=5) == GovernorBrakes(frozen=False, entries_blocked=True)
