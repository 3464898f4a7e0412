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

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import anyio
import httpx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from agent.broker.account import Holding
from agent.domain import OrderPurpose, OrderStatus, Side
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.config import ClientConfig
from agent.orders.lifecycle import TERMINAL
from agent.secret import Secret
from agent.store.engine import session_factory
from agent.store.models import Fill, Order, Position
from stockagent.wiring import DEMO_APPKEY, DEMO_SECRETKEY

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


async def _read_broker(base_url: str) -> tuple[BrokerBook, tuple[Holding, ...]]:
    """The simulator's book over the wire (holdings, kt00018) and its own order list, with
    the holdings as the broker lists them."""
    config = ClientConfig(
        appkey=Secret(DEMO_APPKEY),
        secretkey=Secret(DEMO_SECRETKEY),
        base_url=base_url,
        ws_url=base_url.replace("http://", "ws://") + "/api/dostk/websocket",
        rate="real",
    )
    async with KiwoomClient(config) as client:
        balance = await client.balance()
    # The simulator's own list has every order it took, cancelled-unfilled ones included (over
    # Kiwoom's paths those are in neither the open-order nor the fill list).
    async with httpx.AsyncClient(base_url=base_url) as http:
        listed = (await http.get("/sim/orders")).raise_for_status().json()["orders"]
    orders = tuple(
        BrokerOrder(
            order_no=row["ord_no"],
            code=row["code"],
            quantity=row["qty"],
            filled=row["filled"],
            open=row["open"],
        )
        for row in listed
        if row["action"] == ""  # new orders; modify and cancel orders are not sends
    )
    book = BrokerBook(orders=orders, holdings={h.code: h.qty for h in balance.holdings})
    return book, tuple(balance.holdings)


def read_broker_holdings(base_url: str) -> tuple[BrokerBook, tuple[Holding, ...]]:
    """Read the broker's book of the simulator at ``base_url``, and its holdings' rows."""
    return anyio.run(_read_broker, base_url)


def read_broker(base_url: str) -> BrokerBook:
    """Read the broker's book of the simulator at ``base_url`` (see :func:`_read_broker`)."""
    return read_broker_holdings(base_url)[0]


def steadily(condition: Callable[[], bool], seconds: float) -> Callable[[], bool]:
    """Return a condition that holds once ``condition`` has held for ``seconds`` on end."""
    since: list[float] = []

    def check() -> bool:
        if not condition():
            since.clear()
            return False
        if not since:
            since.append(time.monotonic())
        return time.monotonic() - since[0] >= seconds

    return check


def settled(engine: Engine) -> bool:
    """Every order finished (but the backstops, which stay at the broker for the positions)
    and the positions table equal to the net of the recorded fills."""
    with session_factory(engine)() as session:
        orders = session.scalars(select(Order)).all()
        if any(o.status not in TERMINAL and o.purpose is not OrderPurpose.BACKSTOP for o in orders):
            return False
        net: dict[str, int] = defaultdict(int)
        for fill in session.scalars(select(Fill)):
            net[fill.code] += fill.quantity if fill.side is Side.BUY else -fill.quantity
        positions = {p.code: p.quantity for p in session.scalars(select(Position))}
    return positions == {code: qty for code, qty in net.items() if qty > 0}
