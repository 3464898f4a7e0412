"""Judge the agent's books against the broker's: positions, fills, and orders sent once.

The broker is the source of truth for positions and orders, the database for what the agent
intended. After any amount of crashing the two must agree:

* every broker order (a new order, not a cancel) belongs to exactly one local order, and no
  local order claims a broker number the broker does not have;
* per order, the recorded fills add up to what the broker executed, and to the order's
  ``filled_quantity``; no fill is recorded twice;
* no local order is left in a state that hides whether it reached the broker;
* the positions table holds exactly the broker's holdings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agent.domain import OrderStatus
from agent.store.models import Fill, Order, Position

UNRESOLVED = (OrderStatus.PENDING, OrderStatus.SENT, OrderStatus.UNKNOWN)


@dataclass(frozen=True, kw_only=True)
class BrokerOrder:
    """A new order as the broker lists it."""

    order_no: str
    code: str
    quantity: int
    filled: int
    open: bool


@dataclass(frozen=True, kw_only=True)
class BrokerBook:
    """What the broker says: its new orders and its holdings (code -> shares)."""

    orders: tuple[BrokerOrder, ...]
    holdings: dict[str, int]
    complete: bool = True
    """False when ``orders`` omits some orders (over the wire, an order cancelled without a
    fill is in neither the open-order nor the fill list)."""


@dataclass(frozen=True, kw_only=True)
class AgentBook:
    """What the database says."""

    orders: tuple[Order, ...]
    fills: tuple[Fill, ...]
    positions: dict[str, int]
    fill_keys: Counter[tuple[int, str]] = field(default_factory=Counter)


def read_agent_book(sessions: sessionmaker[Session]) -> AgentBook:
    with sessions() as session:
        orders = tuple(session.scalars(select(Order).order_by(Order.id)))
        fills = tuple(session.scalars(select(Fill).order_by(Fill.id)))
        positions = {p.code: p.quantity for p in session.scalars(select(Position))}
        session.expunge_all()
    keys = Counter((f.order_id, f.broker_fill_no) for f in fills)
    return AgentBook(orders=orders, fills=fills, positions=positions, fill_keys=keys)


def ledger_problems(agent: AgentBook, broker: BrokerBook) -> list[str]:
    """Return every disagreement between the agent's books and the broker's (empty: agreed)."""
    problems: list[str] = []
    owners: dict[str, list[Order]] = defaultdict(list)
    for order in agent.orders:
        if order.broker_order_no:
            owners[order.broker_order_no].append(order)
        if order.status in UNRESOLVED:
            problems.append(f"order {order.client_order_id} still {order.status.value}")
    at_broker = {o.order_no: o for o in broker.orders}
    for number, mine in owners.items():
        if len(mine) > 1:
            ids = ", ".join(o.client_order_id for o in mine)
            problems.append(f"broker order {number} is owned by several local orders: {ids}")
        if broker.complete and number not in at_broker:
            problems.append(f"local order {mine[0].client_order_id} claims unknown {number}")
    for number in sorted(set(at_broker) - set(owners)):
        problems.append(f"broker order {number} belongs to no local order (sent twice?)")

    recorded: dict[int, int] = defaultdict(int)
    for fill in agent.fills:
        recorded[fill.order_id] += fill.quantity
    for key, count in agent.fill_keys.items():
        if count > 1:
            problems.append(f"fill {key} recorded {count} times")
    for order in agent.orders:
        theirs = at_broker.get(order.broker_order_no or "")
        if recorded[order.id] != order.filled_quantity:
            problems.append(
                f"order {order.client_order_id}: fills add to {recorded[order.id]}, "
                f"filled_quantity says {order.filled_quantity}"
            )
        if theirs is not None and theirs.filled != recorded[order.id]:
            problems.append(
                f"order {order.client_order_id}: broker executed {theirs.filled}, "
                f"recorded {recorded[order.id]}"
            )
    held = {code: qty for code, qty in broker.holdings.items() if qty > 0}
    if agent.positions != held:
        problems.append(f"positions {agent.positions} != broker holdings {held}")
    return problems
