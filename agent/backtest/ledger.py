"""The router's and the account's bookkeeping, in memory: orders, fills, the risk view, trades.

Mirrors what the OrderRouter and the Account actor keep in the database for the risk governor:
orders with their remaining quantity, the :class:`AccountView` a decision is checked against
(:meth:`Ledger.view`, built as ``actors/account`` builds it) and the round trips a position
going flat closes (as ``TradeRepository.close_round_trips`` builds ``trade_log`` rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from agent.backtest.result import BacktestTrade
from agent.core.orders import ManagedOrder
from agent.domain import Approved, OrderPurpose, OrderStatus, OrderType, Side
from agent.market.board import Board
from agent.orders.lifecycle import OrderEvent as Event
from agent.orders.pnl import round_trip_pnl
from agent.orders.slippage import PricedFill
from agent.risk.account import AccountView, PendingOrder, Position, pending_order
from agent.risk.exit_desk import PulledStop, stop_attempts
from agent.risk.exits import stop_price
from krxsim.exchange.engine import Exchange
from krxsim.exchange.orders import OrderEvent
from krxsim.exchange.orders import Side as SimSide
from krxsim.exchange.results import Accepted

LIMIT, MARKET = "0", "3"
"""Kiwoom ``trde_tp`` codes the router sends: 보통 (limit) and 시장가 (market)."""


@dataclass
class BtFill:
    side: Side
    price: int
    quantity: int
    at: datetime
    order: BtOrder


@dataclass
class BtOrder(ManagedOrder):
    """An order of the core's (:class:`~agent.core.orders.ManagedOrder`) at the simulated
    exchange, with its fills."""

    fills: list[BtFill] = field(default_factory=list)


@dataclass(frozen=True)
class _Books:
    version: int
    holdings: tuple[tuple[str, int, int], ...]
    working: tuple[BtOrder, ...]
    pending: tuple[PendingOrder, ...]
    known: frozenset[str]
    rejected_sells: tuple[tuple[str, datetime], ...]
    pulled: tuple[PulledStop, ...]
    realised: int


class Ledger:
    """Orders sent to one simulated exchange, and what they did to the account."""

    def __init__(
        self,
        exchange: Exchange,
        *,
        trading_date: date,
        stop_loss_bps: int,
        commission_bps: Decimal,
        names: dict[str, str],
        boards: dict[str, Board],
    ) -> None:
        self.exchange = exchange
        self.trading_date = trading_date
        self.stop_loss_bps = stop_loss_bps
        self.commission_bps = commission_bps
        self.names = names
        self.boards = boards
        self.orders: list[BtOrder] = []
        self._by_ord_no: dict[str, BtOrder] = {}
        self._fills: dict[str, list[BtFill]] = {}
        self._open_from: dict[str, int] = {}
        self.trades: list[BacktestTrade] = []
        self._stops: dict[int, int] = {}
        self.version = 0
        """Counts every order sent, cancelled or filled: the account changed when it moved."""
        self._cached: _Books | None = None
        """Stop prices by average price (the same every second a position is held)."""
        self.capital = exchange.account.cash
        """The agent's capital: the account's cash at the day's start (as the demo's default)."""

    # Sending
    def send(self, approved: Approved, client_order_id: str, now: datetime) -> BtOrder:
        """Send one (child) order to the exchange and apply what followed at once."""
        intent = approved.intent
        market = approved.order_type is OrderType.MARKET
        price = approved.limit_price
        order = BtOrder(
            id=len(self.orders) + 1,
            client_order_id=client_order_id,
            approved=approved,
            created_at=now,
        )
        order.apply(Event.SEND, now)
        self.orders.append(order)
        self.version += 1
        side = SimSide.BUY if intent.side is Side.BUY else SimSide.SELL
        result = self.exchange.submit(
            now, side, intent.code, approved.quantity, price or 0, MARKET if market else LIMIT
        )
        if isinstance(result, Accepted):
            order.broker_order_no = result.order.ord_no
            order.apply(Event.ACCEPT, now)
            self._by_ord_no[order.broker_order_no] = order
            self.apply(result.events)
        else:
            order.reject_code = result.code
            order.apply(Event.REJECT, now)
        return order

    def cancel(self, order: BtOrder, now: datetime) -> bool:
        """Cancel the unfilled rest of ``order``; False if the exchange refused."""
        result = self.exchange.cancel(now, order.broker_order_no, order.code, 0)
        if not isinstance(result, Accepted):
            return False
        self.apply(result.events)
        if order.working:
            order.apply(Event.CANCEL, now)
        self.version += 1
        return True

    def apply(self, events: list[OrderEvent]) -> None:
        """Book the fills among the exchange's ``events`` (each fill is in exactly one)."""
        for event in events:
            fill = event.fill
            order = self._by_ord_no.get(event.order.ord_no)
            if fill is None or order is None:
                continue
            booked = BtFill(
                side=order.side, price=fill.price, quantity=fill.qty, at=fill.at, order=order
            )
            order.fills.append(booked)
            order.apply(Event.FILL_PART, fill.at, quantity=fill.qty)
            self.version += 1
            self._book(booked)

    def _book(self, fill: BtFill) -> None:
        code = fill.order.code
        fills = self._fills.setdefault(code, [])
        fills.append(fill)
        # Flat by the fills booked so far, not by the account: one step of the exchange may
        # carry several fills, and the account has taken them all before the first is booked.
        start = self._open_from.get(code, 0)
        open_fills = fills[start:]
        held = sum(f.quantity if f.side is Side.BUY else -f.quantity for f in open_fills)
        if held == 0:
            self._open_from[code] = len(fills)
            trade = self._trade(code, open_fills)
            if trade is not None:
                self.trades.append(trade)

    # Views
    def holdings(self) -> list[tuple[str, int, int]]:
        """Return (code, shares, average price) held, by code."""
        return list(self._books().holdings)

    def _stop_of(self, avg: int) -> int:
        stop = self._stops.get(avg)
        if stop is None:
            stop = self._stops[avg] = stop_price(avg, self.stop_loss_bps)
        return stop

    def working(self) -> list[BtOrder]:
        return list(self._books().working)

    def _books(self) -> _Books:
        """What the orders and fills say, read again only when one of them moved."""
        if self._cached is not None and self._cached.version == self.version:
            return self._cached
        account = self.exchange.account
        working = tuple(o for o in self.orders if o.working)
        self._cached = _Books(
            version=self.version,
            holdings=tuple(
                (code, h.qty, h.avg_price)
                for code, h in sorted(account.holdings.items())
                if h.qty > 0
            ),
            working=working,
            pending=tuple(
                pending_order(
                    code=order.code,
                    side=order.side,
                    purpose=order.purpose,
                    remaining=order.quantity - order.filled,
                    price=order.price or order.approved.intent.reference_price,
                    commission_bps=self.commission_bps,
                    strategy_tag=order.approved.intent.strategy_tag,
                )
                for order in working
            ),
            known=frozenset(o.client_order_id for o in self.orders),
            rejected_sells=tuple(
                (o.code, o.ended_at)
                for o in self.orders
                if o.side is Side.SELL
                and o.status is OrderStatus.REJECTED
                and o.ended_at is not None
            ),
            pulled=tuple(
                PulledStop(code=o.code, ended_at=o.ended_at)
                for o in self.orders
                if o.purpose is OrderPurpose.STOP_LOSS
                and o.status is OrderStatus.CANCELLED
                and o.ended_at is not None
            ),
            realised=sum(t.realized_pnl for t in self.trades),
        )
        return self._cached

    def view(
        self, price_of: Callable[[str], int], now: datetime, stop_reprice: timedelta
    ) -> AccountView:
        """Return the account as the risk governor checks it at ``now``, with ``price_of``
        current prices: every view is a fresh read of the exchange's account."""
        books = self._books()
        positions = tuple(
            Position(
                code=code,
                quantity=qty,
                avg_price=avg,
                current_price=price_of(code) or avg,
                # As the account keeps it: fixed from the average price (KOSPI grid).
                stop_price=self._stop_of(avg) if avg > 0 else None,
            )
            for code, qty, avg in books.holdings
        )
        return AccountView(
            capital_won=self.capital,
            cash_won=max(self.exchange.account.orderable_cash, 0),
            realised_pnl_today_won=books.realised,
            open_pnl_won=sum(p.open_pnl_won for p in positions),
            positions=positions,
            pending=books.pending,
            known_order_ids=books.known,
            read_at=now,
            rejected_sells=books.rejected_sells,
            stop_attempts=stop_attempts(books.pulled, now, stop_reprice),
        )

    def entries_today(self, code: str) -> int:
        """Entry orders in ``code`` today that were not refused (or that filled)."""
        return sum(
            1
            for o in self.orders
            if o.code == code
            and o.purpose is OrderPurpose.ENTRY
            and (o.status is not OrderStatus.REJECTED or o.filled > 0)
        )

    # Round trips
    def _trade(self, code: str, fills: list[BtFill]) -> BacktestTrade | None:
        buys = [f for f in fills if f.side is Side.BUY]
        sells = [f for f in fills if f.side is Side.SELL]
        if not buys or not sells:
            return None
        pnl = round_trip_pnl(
            [PricedFill(price=f.price, quantity=f.quantity) for f in buys],
            [PricedFill(price=f.price, quantity=f.quantity) for f in sells],
            self.boards.get(code, Board.KOSPI),
            self.trading_date,
            self.commission_bps,
        )
        entry, exit_ = buys[0].order, sells[-1].order
        quantity = pnl.quantity
        entry_price = (pnl.buy_amount_won + quantity // 2) // quantity
        signal = entry.approved.intent.reference_price
        intent = entry.approved.intent
        return BacktestTrade(
            code=code,
            name=self.names.get(code, code),
            quantity=quantity,
            entry_time=buys[0].at,
            entry_price=entry_price,
            signal_price=signal,
            stop_price=stop_price(pnl.buy_amount_won // quantity, self.stop_loss_bps),
            exit_time=sells[-1].at,
            exit_price=(pnl.sell_amount_won + quantity // 2) // quantity,
            exit_reason=exit_.purpose.value,
            reasons=tuple(str(r) for r in (*intent.reasons, *entry.approved.reasons)),
            news_score=intent.news_score,
            volume_rank=intent.volume_rank,
            commission=pnl.buy_commission_won + pnl.sell_commission_won,
            tax=pnl.sell_tax_won,
            realized_pnl=pnl.net_won,
            return_bps=pnl.net_won * 10_000 // max(pnl.buy_amount_won, 1),
            slippage_won=(entry_price - signal) * quantity if signal else 0,
        )
