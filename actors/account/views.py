"""The Account's pictures of the shared account, as pure functions of what it read.

The broker's deposit and holdings (the last read), the agent's lots and its orders of the day
(:class:`Since`: what moved after the read) give the agent's positions, the user's positions,
the stop re-issue counts and the dashboard's rows. The actor reads; these only compute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from actors.account.messages import PositionSummary
from agent.broker.account import Balance, Deposit, Holding
from agent.domain import OrderPurpose, OrderStatus, Side
from agent.orders.lifecycle import TERMINAL
from agent.portfolio.lots import Lot, LotBook
from agent.portfolio.since_read import (
    OwnOrder,
    ReadMark,
    backstopped,
    free_shares,
    held_shares,
)
from agent.risk.account import PendingOrder, Position, pending_order
from agent.risk.exit_desk import PulledStop
from agent.risk.exit_desk import stop_attempts as count_stop_attempts
from agent.store.models import Order

UNACKNOWLEDGED = (OrderStatus.PENDING, OrderStatus.SENT, OrderStatus.UNKNOWN)
"""Statuses of an order the broker has not confirmed yet."""


@dataclass(frozen=True)
class Since:
    """The agent's orders of the day and the mark of the last broker read: together they say
    what moved since the read (fills, working sells)."""

    own: list[OwnOrder]
    mark: ReadMark | None

    def free(self, code: str, holding: Holding | None) -> int:
        """Return the free shares of ``code`` now: sellable at the read less what moved."""
        sellable_at_read = holding.sellable_qty if holding is not None else 0
        return free_shares(code, sellable_at_read, self.own, self.mark)

    def exit_may_sell(self, code: str, holding: Holding | None) -> int:
        """Return the shares an exit of the agent's may sell now: the free ones and those its
        own backstop holds (the router cancels that first)."""
        return self.free(code, holding) + backstopped(code, self.own)


def agent_positions(
    book: LotBook,
    balance: Balance,
    since: Since,
    stops: dict[str, int | None],
    prices: dict[str, int],
) -> list[Position]:
    """Return the agent's positions: its open lots, capped at what the broker holds."""
    holdings = {h.code: h for h in balance.holdings}
    positions = []
    for code, lot in sorted(book.open.items()):
        holding = holdings.get(code)
        held_at_read = holding.qty if holding is not None else 0
        # An entry filled since the read is a position already (and holds a slot).
        quantity = min(lot.quantity, held_shares(code, held_at_read, since.own, since.mark))
        if quantity <= 0:
            continue
        price = prices.get(code) or (holding.price if holding else 0) or lot.avg_price
        positions.append(
            Position(
                code=code,
                quantity=quantity,
                avg_price=lot.avg_price,
                current_price=price,
                stop_price=stops.get(code),
                # Free shares now (the user's pending sells and the agent's own working
                # exits out, its backstop in); the exit check caps it at the lot less its
                # pending exits.
                sellable=since.exit_may_sell(code, holding),
            )
        )
    return positions


def external_positions(
    book: LotBook, balance: Balance, since: Since, prices: dict[str, int]
) -> list[Position]:
    """Return the user's shares: each holding less what the agent's lot owns of it."""
    external = []
    for holding in balance.holdings:
        lot = book.open.get(holding.code)
        agent_part = min(lot.quantity, holding.qty) if lot is not None else 0
        theirs = holding.qty - agent_part
        if theirs <= 0:
            continue
        # What the agent's shares do not already account for of the free shares.
        working_exits = sum(
            o.working for o in since.own if o.code == holding.code and o.side is Side.SELL
        )
        agent_free = max(agent_part - working_exits, 0)
        free = since.free(holding.code, holding)
        external.append(
            Position(
                code=holding.code,
                quantity=theirs,
                avg_price=users_avg_price(holding, lot, agent_part, theirs),
                current_price=prices.get(holding.code) or holding.price or holding.avg_price,
                sellable=max(free - agent_free, 0),
            )
        )
    return external


def own_orders(orders: list[Order]) -> list[OwnOrder]:
    """Return the agent's orders of the day as :mod:`agent.portfolio.since_read` reads them."""
    return [
        OwnOrder(
            order_id=o.id,
            code=o.code,
            side=o.side,
            acknowledged=o.status not in UNACKNOWLEDGED,
            working=0 if o.status in TERMINAL else max(o.quantity - o.filled_quantity, 0),
            filled=o.filled_quantity,
            filled_amount_won=o.filled_quantity * (o.avg_fill_price or o.price or 0),
            price=o.price or o.signal_price or 0,
            backstop=o.purpose is OrderPurpose.BACKSTOP,
        )
        for o in orders
    ]


def stop_attempts(
    orders: list[Order], now: datetime, reprice: timedelta
) -> tuple[tuple[str, int], ...]:
    """Return (code, n): the agent's stop limits of the current episode in each code that ended
    unfilled (pulled to be re-priced); :func:`agent.risk.exit_desk.stop_attempts` counts."""
    pulled = (
        PulledStop(code=o.code, ended_at=o.updated_at)
        for o in orders
        if o.purpose is OrderPurpose.STOP_LOSS
        and o.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED)
        and o.filled_quantity < o.quantity
    )
    return count_stop_attempts(pulled, now, reprice)


def users_avg_price(holding: Holding, lot: Lot | None, agent_part: int, theirs: int) -> int:
    """The user's own average price: the broker's 매입금액 less what the agent's lot cost
    (kt00018 blends both into one 매입단가)."""
    if lot is None or agent_part <= 0 or holding.purchase_amount <= 0:
        return holding.avg_price
    agent_cost = lot.cost_won * agent_part // lot.quantity
    own = holding.purchase_amount - agent_cost
    return (own + theirs // 2) // theirs if own > 0 else holding.avg_price


def equity(deposit: Deposit, balance: Balance) -> int:
    """The whole account's value (the user's holdings included), as the broker estimates it."""
    if balance.estimated_assets > 0:
        return balance.estimated_assets
    return deposit.cash + balance.total_eval


def pending_orders(orders: list[Order], rate: Decimal | int) -> list[tuple[PendingOrder, bool]]:
    """Return the working ones of ``orders`` as the governor counts them, each with whether
    the broker has acknowledged it."""
    return [
        (pending_of_order(o, rate), o.status not in UNACKNOWLEDGED)
        for o in orders
        if o.status not in TERMINAL
    ]


def pending_of_order(order: Order, rate: Decimal | int) -> PendingOrder:
    """Return the working ``order`` as the governor counts it."""
    return pending_order(
        code=order.code,
        side=order.side,
        purpose=order.purpose,
        remaining=order.quantity - order.filled_quantity,
        price=order.price or order.signal_price or 0,
        commission_bps=rate,
        strategy_tag=order.strategy_tag or "",
        client_order_id=order.client_order_id,
    )


def summary(
    position: Position,
    name: str,
    *,
    managed: bool,
    stop: int | None,
    backstop: int | None = None,
) -> PositionSummary:
    """Return ``position`` as the dashboard lists it."""
    pnl = (position.current_price - position.avg_price) * position.quantity
    return PositionSummary(
        code=position.code,
        name=name,
        managed=managed,
        quantity=position.quantity,
        sellable=position.sellable_now,
        avg_price=position.avg_price,
        price=position.current_price,
        pnl=pnl,
        return_bps=pnl * 10_000 // max(position.avg_price * position.quantity, 1),
        stop_price=stop,
        backstop_price=backstop,
    )


def position_rows(
    agents: list[Position],
    users: list[Position],
    *,
    names: dict[str, str],
    stops: dict[str, int | None],
    backstops: dict[str, int],
) -> list[PositionSummary]:
    """The dashboard's rows: the agent's positions with their stops and backstops, then the
    user's holdings (neither)."""
    return [
        summary(
            p,
            names.get(p.code, p.code),
            managed=True,
            stop=stops.get(p.code),
            backstop=backstops.get(p.code),
        )
        for p in agents
    ] + [summary(p, names.get(p.code, p.code), managed=False, stop=None) for p in users]


def backstop_triggers(orders: list[Order]) -> dict[str, int]:
    """The trigger of each code's backstop working at the broker (numbered, not finished)."""
    return {
        o.code: o.stop_price
        for o in orders
        if o.purpose is OrderPurpose.BACKSTOP
        and o.broker_order_no
        and o.stop_price is not None
        and o.status in (OrderStatus.ACCEPTED, OrderStatus.PARTIALLY_FILLED)
    }
