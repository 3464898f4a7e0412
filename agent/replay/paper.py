"""The what-if's matching engine and account: the agent's orders against a recorded tape.

Stated model: an order is live :data:`LATENCY` after it is sent, by the prints' own times
(a feed that delivers late does not delay the trades); a cancel takes effect at its own time,
so a trade before it fills the order even when its print arrives after. A buy fills when a
print trades at or under its limit (a sell at or over it), a market order on the next print;
the fill is capped by the print's quantity (the rest waits for later prints). An order that rests
fills at its own limit (it would have been hit at its price first); one marketable on arrival
fills at the print. Commission on both sides and the sell tax of the stock's board are paid as
the broker would. The account is the agent's own: its capital is its cash at the day's start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from agent.core.orders import ManagedOrder
from agent.domain import Approved, OrderPurpose, OrderStatus, OrderType, Side
from agent.learning.daily import TradeResult
from agent.market.board import Board
from agent.market.fees import commission, sell_tax
from agent.orders.lifecycle import OrderEvent
from agent.risk.account import AccountView, Position, pending_order
from agent.risk.exit_desk import PulledStop, stop_attempts
from agent.risk.exits import stop_price

__all__ = ["LATENCY", "Paper", "PaperOrder"]

LATENCY = timedelta(milliseconds=200)
"""From an order's send to its arrival at the exchange."""


@dataclass
class PaperOrder(ManagedOrder):
    """An order of the core's (:class:`~agent.core.orders.ManagedOrder`) on the paper exchange:
    accepted as it is sent."""

    touched: bool = False
    """A print has reached the order since it arrived (it rests from then on)."""

    def live_at(self, at: datetime) -> bool:
        """Whether the order rested at the exchange at ``at``: a trade before its cancel
        reached the exchange still fills it (a feed that delivers late says so late)."""
        if self.remaining <= 0:
            return False
        return self.working or (self.ended_at is not None and at < self.ended_at)


@dataclass
class _Lot:
    quantity: int = 0
    cost: int = 0
    """What the shares held cost, commission included."""


@dataclass
class Paper:
    """The agent's orders and its account on the recorded tape."""

    cash: int
    trading_date: date
    commission_bps: Decimal
    stop_loss_bps: int
    boards: dict[str, Board] = field(default_factory=dict)
    orders: list[PaperOrder] = field(default_factory=list)
    trades: list[TradeResult] = field(default_factory=list)
    lots: dict[str, _Lot] = field(default_factory=dict)
    realised: int = 0

    def __post_init__(self) -> None:
        self.capital = self.cash
        self.max_held = 0
        """The most codes held at once over the day."""
        self.filled_after_cancel = 0
        """Orders a print filled after their cancel was sent: the print came first at the
        exchange, the news of it after the cancel (the race a live cancel can lose too)."""
        self._sold: dict[int, TradeResult] = {}
        """Each sell order's trade so far (later fills of the order add to it)."""
        self._cost: dict[int, int] = {}

    # Orders
    def send(self, approved: Approved, client_order_id: str, now: datetime) -> PaperOrder:
        order = PaperOrder(
            id=len(self.orders) + 1,
            client_order_id=client_order_id,
            approved=approved,
            created_at=now,
        )
        order.apply(OrderEvent.SEND, now)
        order.apply(OrderEvent.ACCEPT, now)
        self.orders.append(order)
        return order

    def cancel(self, order: PaperOrder, now: datetime) -> None:
        if order.working:
            order.apply(OrderEvent.CANCEL, now)

    def working(self) -> list[PaperOrder]:
        return [o for o in self.orders if o.working]

    def entries_today(self, code: str) -> int:
        return sum(1 for o in self.orders if o.code == code and o.purpose is OrderPurpose.ENTRY)

    # The tape
    def trade(self, code: str, price: int, quantity: int, at: datetime) -> list[PaperOrder]:
        """Match the working orders of ``code`` against a print; return those that filled."""
        filled = []
        for order in self.orders:
            arrived = order.sent_at is not None and at >= order.sent_at + LATENCY
            if order.code != code or not arrived or not order.live_at(at):
                continue
            limit = order.approved.limit_price
            market = order.approved.order_type is OrderType.MARKET or limit is None
            buy = order.side is Side.BUY
            crosses = market or (price <= limit if buy else price >= limit)  # type: ignore[operator]
            if not crosses or quantity <= 0:
                order.touched = True
                continue
            fill_price = price if market or not order.touched else int(limit or price)
            qty = min(order.remaining, quantity)
            if not buy:  # the broker sells no more than is held
                qty = min(qty, self.lots.get(code, _Lot()).quantity)
                if qty <= 0:
                    continue
            quantity -= qty
            order.touched = True
            self._fill(order, qty, fill_price, at)
            filled.append(order)
        return filled

    def _fill(self, order: PaperOrder, qty: int, price: int, at: datetime) -> None:
        amount = qty * price
        fee = commission(amount, self.commission_bps)
        lot = self.lots.setdefault(order.code, _Lot())
        if order.side is Side.BUY:
            self.cash -= amount + fee
            lot.quantity += qty
            lot.cost += amount + fee
        else:
            tax = sell_tax(amount, self.boards.get(order.code, Board.KOSPI), self.trading_date)
            cost = lot.cost * qty // lot.quantity if lot.quantity else 0
            pnl = amount - fee - tax - cost
            self.cash += amount - fee - tax
            lot.quantity -= qty
            lot.cost -= cost
            self.realised += pnl
            # One trade per sell order, however many prints filled it.
            previous = self._sold.get(order.id)
            if previous is not None:
                self.trades.remove(previous)
                pnl += previous.realized_pnl
                fee += previous.commission
                tax += previous.tax
                cost += self._cost.get(order.id, 0)
            self._cost[order.id] = cost
            trade = TradeResult(
                code=order.code,
                realized_pnl=pnl,
                return_bps=pnl * 10_000 // cost if cost else 0,
                commission=fee,
                tax=tax,
            )
            self._sold[order.id] = trade
            self.trades.append(trade)
        if order.status is OrderStatus.CANCELLED:
            self.filled_after_cancel += 1
        order.apply(OrderEvent.FILL_PART, at, quantity=qty)
        self.max_held = max(self.max_held, sum(1 for lot in self.lots.values() if lot.quantity))

    # The governor's view
    def view(
        self, price_of: Callable[[str], int], now: datetime, stop_reprice: timedelta
    ) -> AccountView:
        positions = []
        for code, lot in sorted(self.lots.items()):
            if lot.quantity <= 0:
                continue
            avg = lot.cost // lot.quantity
            positions.append(
                Position(
                    code=code,
                    quantity=lot.quantity,
                    avg_price=avg,
                    current_price=price_of(code) or avg,
                    stop_price=stop_price(avg, self.stop_loss_bps) if avg > 0 else None,
                )
            )
        pending = [
            pending_order(
                code=o.code,
                side=o.side,
                purpose=o.purpose,
                remaining=o.remaining,
                price=o.approved.limit_price or o.approved.intent.reference_price,
                commission_bps=self.commission_bps,
                strategy_tag=o.approved.intent.strategy_tag,
            )
            for o in self.working()
        ]
        reserved = sum(p.reserved_won for p in pending if p.side is Side.BUY)
        return AccountView(
            capital_won=self.capital,
            cash_won=max(self.cash - reserved, 0),
            realised_pnl_today_won=self.realised,
            open_pnl_won=sum(p.open_pnl_won for p in positions),
            positions=tuple(positions),
            pending=tuple(pending),
            known_order_ids=frozenset(o.client_order_id for o in self.orders),
            read_at=now,
            stop_attempts=stop_attempts(
                (
                    PulledStop(code=o.code, ended_at=o.ended_at)
                    for o in self.orders
                    if o.purpose is OrderPurpose.STOP_LOSS
                    and o.status is OrderStatus.CANCELLED
                    and o.ended_at is not None
                ),
                now,
                stop_reprice,
            ),
        )
