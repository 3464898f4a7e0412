"""The Account: cash and positions as the broker reports them, and the view the risk checks.

Its state is rebuilt on every start from the broker (deposit, holdings) and the database
(pending orders, today's trades, the day's starting equity); it never trusts memory it lost.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from actors import ids
from actors.account.messages import (
    AccountSnapshot,
    FillRecorded,
    GetView,
    PositionSummary,
    Refresh,
)
from actors.board import Topic
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent.clock import KST
from agent.domain import OrderStatus, Side
from agent.kiwoom.errors import TransientError
from agent.kiwoom.models.trading import Balance, Deposit
from agent.orders.lifecycle import TERMINAL
from agent.risk.account import AccountView, PendingOrder, Position, pending_order
from agent.risk.exits import stop_price
from agent.store.repositories import OrderRepository
from agent.store.repositories.metrics import MetricsRepository
from agent.store.repositories.positions import Held, PositionRepository
from agent.store.repositories.trades import TradeRepository

log = logging.getLogger(__name__)

REFRESH_EVERY_S = 30.0
DEBOUNCE_S = 1.0
UNACKNOWLEDGED = (OrderStatus.PENDING, OrderStatus.SENT, OrderStatus.UNKNOWN)


class Account(SupervisedActor):
    """Keeps the broker's view of cash and holdings, and closes round trips into trade_log."""

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._orders = OrderRepository(services.sessions)
        self._positions = PositionRepository(services.sessions)
        self._trades = TradeRepository(services.sessions)
        self._metrics = MetricsRepository(services.sessions)
        self._deposit: Deposit | None = None
        self._balance: Balance | None = None
        self._reconciled_at: datetime | None = None
        self._day_start_equity = 0
        self._timer: Cancellable | None = None
        self._refresh_due = False

    # Life cycle
    def on_start(self) -> None:
        self._reconcile()
        self._close_round_trips()
        self._schedule(REFRESH_EVERY_S)

    def on_stop(self) -> None:
        self._cancel()

    def on_failure(self, *_: Any) -> None:
        self._cancel()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _schedule(self, market_seconds: float) -> None:
        self._cancel()
        self._timer = self._services.tell_later(
            market_seconds, self.actor_ref, Refresh(), min_wall=0.5
        )

    # Messages
    def on_receive(self, message: Any) -> Any:
        if isinstance(message, Refresh):
            self._schedule(REFRESH_EVERY_S if self._try_reconcile() else DEBOUNCE_S)
        elif isinstance(message, FillRecorded):
            if message.side is Side.SELL:
                self._trades.close_round_trips(message.code, self._today())
            # Fills arrive in bursts: refresh once shortly after the last one.
            self._schedule(DEBOUNCE_S)
        elif isinstance(message, GetView):
            return self.view()
        elif isinstance(message, DayClosed):
            if not self._try_reconcile():
                self._schedule(DEBOUNCE_S)
        elif isinstance(message, PhaseChanged):
            pass
        else:
            raise TypeError(f"account got an unknown message {type(message).__name__}")
        return None

    def view(self) -> AccountView:
        """Ask: the account as the risk governor checks it."""
        deposit, _ = self._require()
        pending = self._pending_orders()
        unacknowledged_cash = sum(
            p.reserved_won for p, acked in pending if p.side is Side.BUY and not acked
        )
        positions = tuple(self._risk_positions())
        return AccountView(
            equity_won=self._equity(),
            cash_won=max(deposit.orderable - unacknowledged_cash, 0),
            day_start_equity_won=self._day_start_equity or self._equity(),
            realised_pnl_today_won=self._trades.realized_pnl(self._today()),
            open_pnl_won=sum(p.open_pnl_won for p in positions),
            positions=positions,
            pending=tuple(p for p, _ in pending),
        )

    # Internals
    def _close_round_trips(self) -> None:
        """Record every round trip closed today (idempotent): a FillRecorded told to a dead
        incarnation is lost, the fills in the database are not."""
        day = self._today()
        for code in {o.code for o in self._orders.for_day(day) if o.filled_quantity > 0}:
            self._trades.close_round_trips(code, day)

    def _today(self) -> date:
        return self._services.clock.now().astimezone(KST).date()

    def _try_reconcile(self) -> bool:
        """Reconcile unless the broker session is down; False means try again soon.

        The gateway restarting is no reason for the account to die: crashing here would also
        restart the risk governor and the router after it (rest_for_one) for nothing. The last
        reconciled view stays valid until the session is back.
        """
        try:
            self._reconcile()
        except TransientError as exc:
            log.warning("account not reconciled: %s", exc)
            return False
        return True

    def _reconcile(self) -> None:
        broker = self._services.broker.current()
        self._deposit = broker.deposit()
        self._balance = broker.balance()
        now = self._services.clock.now()
        self._reconciled_at = now
        limits = self._services.limits()
        held = [
            Held(code=h.code, name=h.name, quantity=h.qty, avg_price=h.avg_price)
            for h in self._balance.holdings
        ]
        self._positions.replace_all(
            held, now, lambda avg: stop_price(avg, limits.stop_loss_bps) if avg > 0 else None
        )
        self._day_start_equity = self._metrics.start_day(self._today(), self._equity(), now)
        self._publish()

    def _require(self) -> tuple[Deposit, Balance]:
        """Return the last deposit and balance, reconciling first if there are none."""
        if self._deposit is None or self._balance is None:
            self._reconcile()
        if self._deposit is None or self._balance is None:
            raise RuntimeError("the account has not been reconciled with the broker")
        return self._deposit, self._balance

    def _equity(self) -> int:
        deposit, balance = self._require()
        if balance.estimated_assets > 0:
            return balance.estimated_assets
        return deposit.cash + balance.total_eval

    def _risk_positions(self) -> list[Position]:
        _, balance = self._require()
        stops = {p.code: p.stop_price for p in self._positions.all()}
        prices = self._latest_prices()
        return [
            Position(
                code=h.code,
                quantity=h.qty,
                avg_price=h.avg_price,
                current_price=prices.get(h.code, h.price) or h.avg_price,
                stop_price=stops.get(h.code),
            )
            for h in balance.holdings
            if h.qty > 0
        ]

    def _latest_prices(self) -> dict[str, int]:
        prices: dict[str, int] = {}
        for source, snapshot in self._services.board.snapshots(ids.STOCK + "/").items():
            price = getattr(snapshot.data, "price", None)
            if isinstance(price, int) and price > 0:
                prices[source.split("/", 1)[1]] = price
        return prices

    def _pending_orders(self) -> list[tuple[PendingOrder, bool]]:
        rate = self._services.limits().commission_bps
        pending: list[tuple[PendingOrder, bool]] = []
        for order in self._orders.for_day(self._today()):
            if order.status in TERMINAL:
                continue
            pending.append(
                (
                    pending_order(
                        code=order.code,
                        side=order.side,
                        purpose=order.purpose,
                        remaining=order.quantity - order.filled_quantity,
                        price=order.price or order.signal_price or 0,
                        commission_bps=rate,
                        strategy_tag=order.strategy_tag or "",
                    ),
                    order.status not in UNACKNOWLEDGED,
                )
            )
        return pending

    def _publish(self) -> None:
        deposit, balance = self._require()
        stops = {p.code: p.stop_price for p in self._positions.all()}
        prices = self._latest_prices()
        summaries = []
        for h in balance.holdings:
            if h.qty <= 0:
                continue
            price = prices.get(h.code, h.price) or h.avg_price
            pnl = (price - h.avg_price) * h.qty
            summaries.append(
                PositionSummary(
                    code=h.code,
                    name=h.name,
                    quantity=h.qty,
                    avg_price=h.avg_price,
                    price=price,
                    pnl=pnl,
                    return_bps=pnl * 10_000 // max(h.avg_price * h.qty, 1),
                    stop_price=stops.get(h.code),
                )
            )
        snapshot = AccountSnapshot(
            at=self._services.clock.now(),
            cash=deposit.cash,
            orderable=deposit.orderable,
            equity=self._equity(),
            day_start_equity=self._day_start_equity,
            realized_pnl=self._trades.realized_pnl(self._today()),
            open_pnl=sum(s.pnl for s in summaries),
            positions=tuple(summaries),
            reconciled_at=self._reconciled_at,
        )
        self._services.board.publish_snapshot(ids.ACCOUNT, snapshot)
        self._services.board.publish(Topic.POSITION_UPDATE, ids.ACCOUNT, snapshot)
