"""A peer restarting is a moment to wait out, not a reason to die (and take others along)."""

from __future__ import annotations

from typing import Any, cast

from actors import ids
from actors.account.actor import Account
from actors.account.messages import GetView, Refresh
from actors.risk.actor import RiskGovernor
from actors.risk.messages import CheckExits, EvaluateIntent
from actors.router.actor import OrderRouter
from actors.router.messages import Reconcile
from actors.runtime.services import Services
from agent.domain import Intent, OrderPurpose, Side
from agent.risk.account import AccountView
from agent.store.models import Signal
from tests.unit.actors.restarts.conftest import MORNING, FakeSession


def test_account_survives_a_refresh_while_the_gateway_restarts(
    offline_services: Services,
) -> None:
    session = FakeSession()
    offline_services.broker.set(cast(Any, session))
    account = Account.start(None, offline_services)
    try:
        account.ask(GetView(), timeout=5)  # on_start has run
        offline_services.broker.clear(cast(Any, session))  # the gateway went down

        account.tell(Refresh())
        view = account.ask(GetView(), timeout=5)

        assert isinstance(view, AccountView)
        assert view.cash_won == 10_000_000
    finally:
        if account.is_alive():
            account.stop()


def test_risk_refuses_an_intent_while_the_account_restarts_and_stays_alive(
    offline_services: Services,
) -> None:
    assert offline_services.registry.get(ids.ACCOUNT) is None
    risk = RiskGovernor.start(None, offline_services)
    intent = Intent(
        code="005930",
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=70_000,
        at=MORNING,
        strategy_tag="opening_leader",
    )
    try:
        risk.tell(EvaluateIntent(intent=intent))
        risk.tell(CheckExits())
        decision = risk.proxy().evaluate(intent).get(timeout=5)

        assert decision.reasons == ("ACCOUNT_UNAVAILABLE",)
        with offline_services.sessions() as db:
            assert db.query(Signal).count() == 2
    finally:
        if risk.is_alive():
            risk.stop()


def test_router_survives_a_reconcile_while_the_gateway_restarts(
    offline_services: Services,
) -> None:
    session = FakeSession()
    offline_services.broker.set(cast(Any, session))
    router = OrderRouter.start(None, offline_services)
    try:
        router.ask(Reconcile(), timeout=5)  # on_start has run
        offline_services.broker.clear(cast(Any, session))

        router.tell(Reconcile())  # the timer's tick: a crash here would kill the router
        router.ask(Reconcile(), timeout=5)  # raises ActorDeadError if it did

        assert router.is_alive()
    finally:
        if router.is_alive():
            router.stop()
