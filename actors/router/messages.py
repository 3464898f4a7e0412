"""Messages of the OrderRouter: the only sender of orders."""

from __future__ import annotations

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
    the router cancels it when the broker's lists show it, as long as the governor's brakes
    block new entries.
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


# What the router puts on the board's event stream besides the orders (actors/board/events.py).


class LimitLocked(Struct, frozen=True, kw_only=True, tag_field="event", tag="limit_locked"):
    """A stop of the agent's rests at the lower price limit (a limit-down lock)."""

    code: str
    order_id: int
    price: int | None


class BrokerNumberConflict(
    Struct, frozen=True, kw_only=True, tag_field="event", tag="broker_number_conflict"
):
    """The broker gave an order a number another order of the day holds: executions and
    cancels by it are held back from both until a person looks."""

    code: str
    broker_order_no: str
    orders: tuple[int, int]
    """The holder's order id, then the claimant's."""


class SendsAmbiguous(Struct, frozen=True, kw_only=True, tag_field="event", tag="sends_ambiguous"):
    """Orders whose send the broker's lists cannot settle (which broker order is theirs):
    for a person to decide."""

    order_ids: tuple[int, ...]


class UsersOrderSeen(Struct, frozen=True, kw_only=True, tag_field="event", tag="users_order_seen"):
    """An order in the shared account the agent did not place (the user's), seen once."""

    order_no: str
    code: str
    kind: str
    """What it is, e.g. ``매수``, ``매도취소``."""
