"""The router says loudly when the broker gives an order a number another order of the day
holds: an ERROR event naming both orders and a dashboard alert; no fill reaches either."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from actors.board import Topic
from actors.router.messages import BrokerNumberConflict, Reconcile, SubmitOrder
from actors.runtime.services import Services
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, OrderType, Side
from agent.store.models import EventKind, Severity, SystemEvent
from agent.store.repositories import OrderRepository
from tests.support.orders import persisted_entry
from tests.unit.actors.router.bed import NOW, SharedSession, start_router


def _approved() -> Approved:
    intent = Intent(
        code="005930",
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=10_000,
        at=NOW,
        strategy_tag="opening_leader",
    )
    return Approved(intent=intent, quantity=10, order_type=OrderType.LIMIT, limit_price=10_000)


def test_a_taken_number_is_an_error_event_naming_both_orders_and_no_fill_is_attached(
    services: Services, broker: SharedSession, account: Any, caplog: pytest.LogCaptureFixture
) -> None:
    repo = OrderRepository(services.sessions)
    older = persisted_entry(repo, "run-1", NOW)  # the day's earlier broker session
    repo.transition(older, OrderStatus.SENT, NOW)
    repo.transition(older, OrderStatus.ACCEPTED, NOW, broker_order_no="0000001")
    alerts = services.board.subscribe(topics={Topic.ACTOR_EVENT})
    router = start_router(services)

    router.ask(SubmitOrder(approved=_approved(), client_order_id="run-2"), timeout=5)
    broker.execute("0000001", 10, 10_000)
    router.ask(Reconcile(), timeout=5)

    claimant = repo.by_client_id("run-2")
    assert claimant is not None
    assert claimant.status is OrderStatus.UNKNOWN
    with services.sessions() as db:
        (event,) = db.scalars(
            select(SystemEvent).where(SystemEvent.kind == EventKind.RECONCILIATION_MISMATCH)
        )
    assert event.severity is Severity.ERROR
    assert event.reason is not None
    assert "0000001" in event.reason
    assert "run-1" in event.reason
    assert "run-2" in event.reason
    assert event.detail["held_by"] == older
    assert event.detail["claimed_by"] == claimant.id
    assert repo.fills(older) == []
    assert repo.fills(claimant.id) == []
    assert any(r.levelname == "ERROR" and r.name == "agent.orders.service" for r in caplog.records)
    (alert,) = [e.data for e in alerts.drain() if isinstance(e.data, BrokerNumberConflict)]
    assert alert.orders == (older, claimant.id)
    assert alert.broker_order_no == "0000001"
