"""An emergency liquidation asked while the account restarts is carried out once it is back."""

from __future__ import annotations

from collections.abc import Iterator

import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.risk.actor import RiskGovernor
from actors.risk.messages import (
    GovernorBrakes,
    GovernorSnapshot,
    LiquidateAll,
    PriceObserved,
    ReleaseKillSwitch,
)
from actors.router.messages import CancelEntries, SubmitOrder
from actors.runtime.services import Services
from agent.domain import Intent, OrderPurpose, OrderType, Rejected, Side
from agent.store.models import EventKind
from agent.store.repositories import SystemEventRepository
from tests.support.inbox import Inbox
from tests.support.waiting import wait_until
from tests.unit.actors.governor_bed import NOW, FakeAccount, governor_services


@pytest.fixture
def services(sessions: sessionmaker[Session]) -> Iterator[Services]:
    yield governor_services(sessions)
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
