"""Messages of the OrderRouter: the only sender of orders."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.broker.events import OrderExecution
from agent.domain import Approved
from agent.orders.backstops import Guard


class SubmitOrder(Struct, frozen=True, kw_only=True):
    """Send an order the RiskGovernor approved (nothing else may ask for one)."""

    approved: Approved
    client_order_id: str


class ExecutionReceived(Struct, frozen=True, kw_only=True):
    """A realtime ``00`` push for one of the account's orders."""

    execution: OrderExecution


class CancelEntries(Struct, frozen=True, kw_only=True):
    """Cancel every working entry order (kill switch, end of entries).

    An entry whose send is still unresolved (no broker number yet) cannot be cancelled now;
    the router cancels it when the broker's lists show it, as long as the governor's snapshot
    blocks new entries.
    """

    reason: str


class CancelOrder(Struct, frozen=True, kw_only=True):
    order_id: int
    reason: str = "operator"


class Guards(Struct, frozen=True, kw_only=True):
    """The backstops the agent's positions call for now (the governor's exit timer, each
    second): the router keeps the broker's in line (:mod:`actors.router.backstops`)."""

    guards: tuple[Guard, ...]


class Reconcile(Struct, frozen=True):
    """Timer tick: reconcile with the broker and re-price stale limits."""


class OrderView(Struct, frozen=True, kw_only=True):
    """One order as the board and API show it."""

    id: int
    client_order_id: str
    broker_order_no: str | None
    code: str
    side: str
    purpose: str
    order_type: str
    quantity: int
    price: int | None
    filled_quantity: int
    avg_fill_price: int | None
    status: str
    reject_code: str | None
    updated_at: datetime
    stop_price: int | None = None
    """A stop-limit's trigger (a backstop's); None for every other type."""
