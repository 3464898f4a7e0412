"""The approved signal behind each order the router sends, kept beside the order (the trade log
and the reports read why an order was sent, and the stock's name, from it)."""

from __future__ import annotations

from collections.abc import Callable

from actors.runtime.services import Services
from agent.domain import Approved
from agent.store.models import Order, SignalDecision
from agent.store.repositories import OrderRepository
from agent.store.repositories.signals import SignalRepository


class ApprovedSignals:
    """Records the governor's approval of each order the router persisted."""

    def __init__(
        self, services: Services, repo: OrderRepository, name_of: Callable[[str], str | None]
    ) -> None:
        self._repo = repo
        self._signals = SignalRepository(services.sessions)
        self._name_of = name_of
        """The stock's name as its StockActor told it (None: not watched since the start)."""

    def record(self, approved: Approved, order: Order) -> None:
        intent = approved.intent
        if self._repo.get(order.id) is None:
            return
        name = self._name_of(intent.code)
        self._signals.record(
            intent,
            SignalDecision.APPROVED,
            intent.reasons + approved.reasons,
            order.created_at,
            order.trade_date,
            quantity=approved.quantity,
            order_id=order.id,
            detail={"name": name} if name is not None and name != intent.code else None,
        )
