"""The approved signal behind each order the router sends, kept beside the order (the trade log
and the reports read why an order was sent, and the stock's name, from it)."""

from __future__ import annotations

from typing import Any

from actors import ids
from actors.runtime.services import Services
from agent.domain import Approved
from agent.store.models import Order, SignalDecision
from agent.store.repositories import OrderRepository
from agent.store.repositories.signals import SignalRepository


class ApprovedSignals:
    """Records the governor's approval of each order the router persisted."""

    def __init__(self, services: Services, repo: OrderRepository) -> None:
        self._services = services
        self._repo = repo
        self._signals = SignalRepository(services.sessions)

    def record(self, approved: Approved, order: Order) -> None:
        intent = approved.intent
        if self._repo.get(order.id) is None:
            return
        self._signals.record(
            intent,
            SignalDecision.APPROVED,
            intent.reasons + approved.reasons,
            order.created_at,
            order.trade_date,
            quantity=approved.quantity,
            order_id=order.id,
            detail=self._name_of(intent.code),
        )

    def _name_of(self, code: str) -> dict[str, Any] | None:
        """The stock's name as its StockActor published it (the trade log shows it)."""
        snapshot = self._services.board.snapshot(ids.stock_id(code))
        name = getattr(snapshot.data, "name", None) if snapshot is not None else None
        return {"name": name} if isinstance(name, str) and name != code else None
