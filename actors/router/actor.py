"""The OrderRouter: the only sender of orders.

It persists every order before sending (see :mod:`agent.orders.service`), applies realtime
executions, reconciles with the broker's open-order and fill lists on start and on a timer,
cancels entries that do not fill in time (and every entry while the governor blocks new ones),
re-sends unfilled limit exits at market and closes what an earlier day left open. When its own
order closes or the user's order shows up or executes, it asks the Account to read the broker.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from actors import ids
from actors.account.messages import FillRecorded, Refresh
from actors.board.events import (
    LiveActorEvent,
    LiveOrderFilled,
    LiveOrderUpdate,
)
from actors.router.backstops import BackstopDesk
from actors.router.foreign import UsersOrders
from actors.router.messages import (
    CancelEntries,
    CancelOrder,
    ExecutionReceived,
    Guards,
    Reconcile,
    SendsAmbiguous,
    SubmitOrder,
)
from actors.router.peers import RouterPeers
from actors.router.reports import report_conflict, report_expired, report_locked
from actors.router.rows import chase_rows
from actors.router.signals import ApprovedSignals
from actors.router.views import OrderFill, fill_view, order_view
from actors.runtime.broker import LiveBroker
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent import journal
from agent.broker.errors import BrokerUnavailable
from agent.broker.events import ExecutionState, OrderExecution
from agent.core.orders import (
    CANCEL_BY_BRAKE,
    CANCEL_BY_CHASE,
    CANCEL_BY_OPERATOR,
    OrderManager,
    ReportLocked,
    Send,
)
from agent.domain import (
    Approved,
    OrderPurpose,
    OrderStatus,
)
from agent.orders.chase import ChaseTimes
from agent.orders.lifecycle import TERMINAL, WORKING
from agent.orders.reports import ExecutionReport
from agent.orders.service import OrderService
from agent.orders.slicing import SlicePolicy
from agent.store.models import Order
from agent.store.repositories import OrderRepository, SystemEventRepository
from agent.store.repositories.orders import NewFill

log = logging.getLogger(__name__)

RECONCILE_EVERY_S = 3.0
PENDING_MAX_AGE = timedelta(seconds=15)
ENDED = frozenset({ExecutionState.CANCELLED, ExecutionState.REJECTED, ExecutionState.CONFIRMED})
"""Reports after which the broker's lists say what became of the original order."""


class OrderRouter(SupervisedActor):
    """Sends approved orders once, tracks them to the end, records every fill once."""

    def __init__(
        self, link: ChildLink | None, services: Services, slicing: SlicePolicy | None = None
    ) -> None:
        super().__init__(link)
        self._services = services
        self._repo = OrderRepository(services.sessions)
        self._peers = RouterPeers(services)
        self._signals = ApprovedSignals(services, self._repo, self._peers.name_of)
        self._service = OrderService(
            self._repo,
            LiveBroker(services.broker),
            services.clock,
            on_fill=self._filled,
            buy_commission_bps=services.limits().commission_bps,
            credit_possible=lambda: self._peers.credit_possible,
            on_answer=services.record,
            on_conflict=lambda taken: report_conflict(services, self._events, taken),
        )
        execution = services.settings.execution
        self._orders = OrderManager(
            slicing or SlicePolicy(max_slice_qty=execution.max_slice_qty),
            ChaseTimes.of(execution, services.limits().stop_reprice),
        )
        """The router's decisions: slicing, the chase and its market re-sends."""
        self._timer: Cancellable | None = None
        self._users = UsersOrders(services)
        self._events = SystemEventRepository(services.sessions)
        self._backstops = BackstopDesk(
            services, self._repo, self._service, self._events, self._publish
        )
        self._closed: set[int] = set()
        """Orders already published in a terminal status (the Account was told)."""
        self._refresh_due = False
        """This message changed what the Account reads from the broker."""
        self._swept: date | None = None
        """The trade date for which earlier days' open orders were closed."""

    def on_start(self) -> None:
        self._peers.ask(self.actor_ref)
        for order in self._service.resume_pending(PENDING_MAX_AGE, self._backstops.holding):
            self._publish(order)
        self._reconcile()
        self._flush_refresh()
        self._schedule()

    def on_stop(self) -> None:
        self._cancel_timer()

    def on_failure(self, *_: Any) -> None:
        self._cancel_timer()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _schedule(self) -> None:
        self._cancel_timer()
        self._timer = self._services.tell_later(
            RECONCILE_EVERY_S, self.actor_ref, Reconcile(), min_wall=1.0
        )

    # Messages
    def on_receive(self, message: Any) -> Any:
        try:
            self._dispatch(message)
        except BrokerUnavailable as exc:
            # The broker session is down (the gateway restarting, the network gone). Whatever
            # this message wanted from the broker, the next reconciliation (on its timer)
            # settles from the broker's lists; crashing would only spend trading's restart
            # budget and, under backoff, leave executions unrouted for longer.
            log.warning("router: %s not done: %s", type(message).__name__, exc)
        finally:
            self._flush_refresh()
        return None

    def _flush_refresh(self) -> None:
        """Tell the Account, once for the whole message, to read cash and holdings again.

        A closed order frees cash or (a stop pulled for re-pricing) sellable shares; the user's
        order changes holdings the agent must not count as its own. The Account's 30 s timer
        is too slow for either, and one Refresh per pass keeps a burst to one broker read.
        """
        if self._refresh_due:
            self._refresh_due = False
            self._services.tell(ids.ACCOUNT, Refresh())

    def _dispatch(self, message: Any) -> None:
        match message:
            case SubmitOrder(approved=approved, client_order_id=client_order_id):
                self._submit(approved, client_order_id)
            case ExecutionReceived(execution=execution):
                self._on_execution(execution)
            case Reconcile():
                try:
                    self._reconcile()
                    self._chase()
                finally:
                    self._schedule()
            case Guards(guards=guards):
                if self._backstops.told(guards):
                    self._backstops.step(self._services.clock.now())
            case CancelEntries(reason=reason):
                self._cancel_entries(reason)
            case CancelOrder(order_id=order_id):
                self._publish(self._service.cancel(order_id, CANCEL_BY_OPERATOR))
            case PhaseChanged() | DayClosed():
                self._reconcile()
            case _ if self._peers.took(message):
                pass
            case _:
                raise TypeError(f"router got an unknown message {type(message).__name__}")

    # Sending
    def _submit(self, approved: Approved, client_order_id: str) -> None:
        sends = self._orders.orders_of(approved, client_order_id)
        if not self._backstops.withdrawn(approved, sends):
            self._send(sends)

    def _send(self, sends: list[Send]) -> None:
        for index, send in enumerate(sends):
            hold = self._backstops.holds(send.approved)  # an exit waits for its backstop
            order = self._service.submit(
                send.approved, send.client_order_id, parent_id=send.parent_id, hold=hold
            )
            if hold and order.status is OrderStatus.PENDING:
                self._backstops.hold(order)
            if index == 0 and order.status is not OrderStatus.REJECTED:
                self._signals.record(send.approved, order)
            self._publish(order)

    # Executions
    def _on_execution(self, execution: OrderExecution) -> None:
        if execution.fill_qty > 0:
            report = ExecutionReport(
                order_no=execution.order_no,
                cum_qty=execution.fill_qty,
                cum_amount=execution.filled_amount or None,
                last_price=execution.unit_fill_price or execution.fill_price,
                at=execution.time or self._services.clock.now(),
            )
            self._service.apply_report(report)
        elif execution.state in ENDED:
            # A cancel or rejection: the lists say what became of the original order.
            self._reconcile()

    def _filled(self, order: Order, fill: NewFill) -> None:
        stored = self._repo.get(order.id) or order
        self._services.tell(
            ids.ACCOUNT,
            FillRecorded(
                order_id=order.id,
                code=order.code,
                side=order.side,
                purpose=order.purpose,
                quantity=fill.quantity,
                price=fill.price,
                at=fill.filled_at,
            ),
        )
        filled = OrderFill(order=order_view(stored), fill=fill_view(fill))
        self._services.board.publish(LiveOrderFilled, ids.ROUTER, filled, code=order.code)
        self._publish(stored)

    # Reconciliation, time-outs and cancels
    def _reconcile(self) -> None:
        self._expire_earlier_days()
        result = self._service.reconcile()
        for order_id in (*result.adopted, *result.not_at_broker, *result.closed):
            order = self._repo.get(order_id)
            if order is not None:
                self._publish(order)
                self._maybe_resend(order)
        if result.adopted and self._peers.brakes.entries_blocked:
            self._cancel_adopted_entries(result.adopted)
        if self._users.record(result.orphans, self._service.trade_date()):
            # The user's order moves the holdings (and the sellable quantity) the Account
            # must tell apart from the agent's lots: it should see them now, not in 30 s.
            self._refresh_due = True
        if result.ambiguous:
            ambiguous = SendsAmbiguous(order_ids=result.ambiguous)
            self._services.board.publish(LiveActorEvent, ids.ROUTER, ambiguous)
        self._backstops.step(self._services.clock.now())

    def _expire_earlier_days(self) -> None:
        """Close, once a trade date, the orders earlier days left open: KRX orders end with
        their day, and an open one would keep its code unsettled for the Account forever."""
        day = self._service.trade_date()
        if self._swept == day:
            return
        self._closed.clear()  # yesterday's order ids will not be published again
        expired = self._service.expire_earlier_days()
        self._swept = day
        for item in expired:
            order = self._repo.get(item.order_id)
            if order is not None:
                self._publish(order)
        if expired:
            report_expired(self._events, self._services.clock.now(), expired)

    def _chase(self) -> None:
        """Carry out the core's chase (:meth:`agent.core.orders.OrderManager.chase`) over the
        day's working orders: cancel entries that rested too long (or any while new entries
        are blocked), pull unfilled stops for re-pricing, cancel slow limit exits to re-send
        them at market, report stops locked at the lower limit."""
        now, brakes = self._services.clock.now(), self._peers.brakes
        orders = {o.id: o for o in self._repo.for_day(self._service.trade_date(), WORKING)}
        rows = chase_rows(orders.values(), self._peers.not_in_vi)
        # The times as the settings say now (a change over the API applies at the next pass).
        self._orders.times = ChaseTimes.of(
            self._services.settings.execution, self._services.limits().stop_reprice
        )
        frozen, blocked = brakes.frozen, brakes.entries_blocked
        self._services.record(
            journal.Chased(rows=rows, frozen=frozen, entries_blocked=blocked), at=now
        )
        for command in self._orders.chase(rows, now, frozen=frozen, entries_blocked=blocked):
            order = orders[command.order_id]
            if isinstance(command, ReportLocked):
                report_locked(self._services, self._events, order)
            elif order.purpose is OrderPurpose.ENTRY:
                self._cancel_entry(order, CANCEL_BY_CHASE)
            else:
                self._publish(self._service.cancel(order.id, CANCEL_BY_CHASE))

    def _cancel_adopted_entries(self, order_ids: tuple[int, ...]) -> None:
        """Cancel entries found at the broker after an ambiguous send: CancelEntries could not
        reach them then (no broker number), and they must not fill while entries are blocked."""
        for order_id in order_ids:
            order = self._repo.get(order_id)
            if order is not None and order.purpose is OrderPurpose.ENTRY:
                self._cancel_entry(order, CANCEL_BY_BRAKE)

    def _cancel_entry(self, order: Order, reason: str) -> None:
        working = order.status in (OrderStatus.ACCEPTED, OrderStatus.PARTIALLY_FILLED)
        if working and order.broker_order_no:
            self._publish(self._service.cancel(order.id, reason))

    def _maybe_resend(self, order: Order) -> None:
        """A closed order the chase cancelled to re-send at market: send the rest now."""
        if not self._orders.awaiting_close(order.id):
            return
        remaining = order.quantity - order.filled_quantity
        self._send(
            self._orders.closed(order.id, order.status, remaining, frozen=self._peers.brakes.frozen)
        )

    def _cancel_entries(self, reason: str) -> None:
        day = self._service.trade_date()
        for order in self._repo.for_day(day, (OrderStatus.PENDING,)):
            if order.purpose is OrderPurpose.ENTRY:
                self._publish(self._service.drop_pending(order.id, reason))
        for order in self._repo.for_day(day, WORKING):
            if order.purpose is OrderPurpose.ENTRY and order.broker_order_no:
                self._publish(self._service.cancel(order.id, CANCEL_BY_BRAKE))

    def _publish(self, order: Order) -> None:
        if order.status in TERMINAL and order.id not in self._closed:
            # Filled, cancelled, rejected or expired: cash and sellable shares moved.
            self._closed.add(order.id)
            self._refresh_due = True
        self._services.board.publish(
            LiveOrderUpdate, ids.ROUTER, order_view(order), code=order.code
        )
