"""The order router's algorithm: persist, send once, resolve the unknown, record fills once.

The rules that keep money safe, in the order they apply:

1. An intent is persisted (PENDING, unique client order id) before anything is sent, and moved
   to SENT in the database before the network call. A restart finds every order it ever sent.
2. An order is sent at most once. ``submit`` of a client order id that is past PENDING returns
   the stored order; the client refuses a second send of the same id within its life.
3. When the broker's answer is lost (timeout after sending, dropped connection, 5xx, a crash
   between SENT and the answer), the order is UNKNOWN. Only the broker's own open-order and fill
   lists move it on: to ACCEPTED with the broker's order number when exactly one broker order
   matches, or to REJECTED (``NOT_AT_BROKER``) once the broker has had time to show it and does
   not. Several matches leave it UNKNOWN for a person (``AMBIGUOUS``): the router never guesses.
4. Fills are keyed by the cumulative quantity they bring the order to (see
   :mod:`agent.orders.reports`), so realtime pushes and list polls count each execution once.
5. No buy creates 미수: on an account with 미수 room, just before a buy is sent, the broker's
   미수-free orderable cash is read again (:mod:`agent.orders.cash_check`); a buy it does not
   cover is rejected unsent. (A cash account's broker refuses such a buy itself.)
6. A broker order number belongs to one order of its day. A number the broker gives an order
   while another order of the day holds it (the database holds another broker session's day)
   is never attached: the order is UNKNOWN with the number set aside, executions and cancels
   by it are held back from both orders, and ``on_conflict`` is told (the router records it).
7. A KRX order ends with its day. One an earlier day left open is closed as expired, unconfirmed:
   the fill list (ka10076) shows today only, so whatever filled at that close cannot be proved
   here; the Account's lot reconciliation against the holdings shows the difference.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from agent.broker.errors import BrokerError, OrderOutcomeUnknown, OrderRefused
from agent.broker.port import BrokerPort
from agent.clock import KST, Clock
from agent.domain import Approved, OrderStatus, Side
from agent.journal.feed import OrderAnswer
from agent.orders.broker import broker_request
from agent.orders.cancels import OnAck, cancel_again, request_cancel
from agent.orders.cash_check import (
    CASH_UNCONFIRMED,
    NO_CASH_WITHOUT_CREDIT,
    buy_cost_won,
    cash_shortfall,
)
from agent.orders.expiry import ExpiredOrder, expire_earlier_days
from agent.orders.lifecycle import SEND_FAILED, STALE_PENDING, TERMINAL, WITHDRAWN
from agent.orders.reconcile import ReconcileResult, reconcile
from agent.orders.reports import ExecutionReport, Recorded, next_fill
from agent.store.models import Order
from agent.store.repositories.orders import (
    BrokerOrderNoContested,
    BrokerOrderNoTaken,
    NewFill,
    NewOrder,
    OrderRepository,
)

log = logging.getLogger(__name__)


class OrderService:
    """Send and track orders for one trading day against one broker."""

    def __init__(
        self,
        repo: OrderRepository,
        broker: BrokerPort,
        clock: Clock,
        *,
        unknown_grace: timedelta = timedelta(seconds=10),
        on_fill: Callable[[Order, NewFill], None] | None = None,
        buy_commission_bps: Decimal | int | None = None,
        credit_possible: Callable[[], bool] = lambda: True,
        on_answer: Callable[[OrderAnswer], None] | None = None,
        on_conflict: Callable[[BrokerOrderNoTaken], None] | None = None,
    ) -> None:
        """``buy_commission_bps``: check a buy against the 미수-free cash before sending it,
        commission at this rate included (None: no check, for tests of other rules), whenever
        ``credit_possible()`` says the account has 미수 room: on a cash account the broker
        itself refuses a buy the cash does not cover, and the read would only delay it.
        ``on_answer`` hears every broker answer to a send (the journal); ``on_conflict`` every
        broker number given to an order while another order of the day holds it (rule 6)."""
        self._repo = repo
        self._broker = broker
        self._clock = clock
        self._grace = unknown_grace
        self._on_fill = on_fill
        self._buy_commission_bps = buy_commission_bps
        self._credit_possible = credit_possible
        self._on_answer = on_answer
        self._on_conflict = on_conflict
        self._held_back: set[tuple[date, str]] = set()
        """Contested numbers already reported as held back (once each, not every pass)."""

    def trade_date(self) -> date:
        return self._clock.now().astimezone(KST).date()

    def submit(
        self,
        approved: Approved,
        client_order_id: str,
        parent_id: int | None = None,
        *,
        hold: bool = False,
    ) -> Order:
        """Persist and send ``approved`` once; return the order in its resulting status.
        ``hold``: persist only (PENDING), for :meth:`send_pending` or :meth:`drop_pending`."""
        intent = approved.intent
        now = self._clock.now()
        order, _ = self._repo.create(
            NewOrder(
                client_order_id=client_order_id,
                trade_date=self.trade_date(),
                code=intent.code,
                side=intent.side,
                order_type=approved.order_type,
                purpose=intent.purpose,
                quantity=approved.quantity,
                price=approved.limit_price,
                stop_price=approved.stop_price,
                signal_price=intent.reference_price,
                strategy_tag=intent.strategy_tag,
                reason_codes=(*intent.reasons, *approved.reasons),
                parent_id=parent_id,
            ),
            now,
        )
        if order.status is not OrderStatus.PENDING:
            log.info("order %s already %s: not sent again", client_order_id, order.status.value)
            return order
        return order if hold else self._send(order)

    def send_pending(self, order_id: int) -> Order:
        """Send an order persisted but held (PENDING); any other status is left as it is."""
        order = self._repo.get(order_id)
        if order is None:
            raise LookupError(f"no order {order_id}")
        return self._send(order) if order.status is OrderStatus.PENDING else order

    def _send(self, order: Order) -> Order:
        refused = self._uncovered_buy(order)
        if refused is not None:
            return self._reject(order, *refused)
        request = broker_request(order)
        order = self._repo.transition(order.id, OrderStatus.SENT, self._clock.now())
        client_id = order.client_order_id
        try:
            ack = self._broker.place_order(request, client_id=client_id)
        except OrderOutcomeUnknown as exc:
            log.warning("order %s outcome unknown: %s", client_id, exc)
            self._answered(client_id, "unknown")
            return self._repo.transition(
                order.id, OrderStatus.UNKNOWN, self._clock.now(), detail={"error": str(exc)}
            )
        except OrderRefused as exc:
            code = exc.reason
            self._answered(client_id, "rejected", code=code, message=exc.message)
            return self._reject(order, code, exc.message)
        except BrokerError as exc:
            # The client raises these for orders only when the broker refused before processing
            # (rate limit, token, connection never made): nothing was accepted.
            code = f"{SEND_FAILED}:{type(exc).__name__}"
            self._answered(client_id, "rejected", code=code, message=exc.message)
            return self._reject(order, code, exc.message)
        except Exception as exc:  # a bug or an unwrapped transport error: assume it may have gone
            log.exception("order %s: unexpected error while sending", client_id)
            self._answered(client_id, "unknown")
            return self._repo.transition(
                order.id, OrderStatus.UNKNOWN, self._clock.now(), detail={"error": repr(exc)}
            )
        self._answered(client_id, "accepted", order_no=ack.order_no, message=ack.message)
        try:
            return self._repo.transition(
                order.id,
                OrderStatus.ACCEPTED,
                self._clock.now(),
                broker_order_no=ack.order_no,
                detail={"message": ack.message},
            )
        except BrokerOrderNoTaken as taken:
            self.conflict(taken)
            return self._repo.get(order.id) or order

    def conflict(self, taken: BrokerOrderNoTaken) -> None:
        """Set aside a number the broker gave an order while another order of the day holds
        it (rule 6), say so at ERROR and tell ``on_conflict``."""
        log.error("%s", taken)
        self._repo.contest(taken.claimant_id, taken.number, self._clock.now(), taken.holder_id)
        if self._on_conflict is not None:
            self._on_conflict(taken)

    def _answered(
        self,
        client_id: str,
        outcome: str,
        *,
        order_no: str | None = None,
        code: str = "",
        message: str = "",
    ) -> None:
        """Tell ``on_answer`` what the broker said to sending ``client_id``."""
        if self._on_answer is not None:
            answer = OrderAnswer(client_id, outcome, order_no, code, message)
            self._on_answer(answer)

    def _uncovered_buy(self, order: Order) -> tuple[str, str] | None:
        """Return (code, message) when ``order`` is a buy the 미수-free cash does not cover."""
        bps = self._buy_commission_bps
        if bps is None or order.side is not Side.BUY or not self._credit_possible():
            return None
        try:
            deposit = self._broker.deposit()
        except BrokerError as exc:  # transient ones included: refuse rather than guess
            return CASH_UNCONFIRMED, f"the account's cash could not be read: {exc}"
        price = order.price or order.signal_price or 0
        problem = cash_shortfall(buy_cost_won(order.quantity, price, bps), deposit)
        return (NO_CASH_WITHOUT_CREDIT, problem) if problem is not None else None

    def _reject(self, order: Order, code: str, message: str) -> Order:
        log.warning("order %s rejected: %s %s", order.client_order_id, code, message)
        return self._repo.transition(
            order.id, OrderStatus.REJECTED, self._clock.now(), reject=(code, message)
        )

    def cancel(self, order_id: int, reason: str = "", *, on_ack: OnAck = None) -> Order:
        """Ask the broker to cancel what remains of a working order; ``reason`` (the chase,
        the governor's brake, the operator) is kept with the status change; ``on_ack`` hears
        the broker's acknowledgement (:mod:`agent.orders.cancels`)."""
        order = self._repo.get(order_id)
        if order is None:
            raise LookupError(f"no order {order_id}")
        if order.status in TERMINAL or order.status is OrderStatus.CANCEL_REQUESTED:
            return order
        if order.broker_order_no is None:
            raise ValueError(f"order {order_id} has no broker number yet: reconcile first")
        if self._repo.is_contested(order.broker_order_no, order.trade_date):
            # A cancel by the number may reach the other order's broker order: not sent.
            self._hold_back(order.trade_date, order.broker_order_no, "cancel")
            return order
        return request_cancel(self._repo, self._broker, self._clock, order, reason, on_ack)

    def cancel_again(self, order_id: int, *, on_ack: OnAck = None) -> None:
        """Send the cancel of an order still CANCEL_REQUESTED once more (the first one lost,
        or refused while the broker still lists the order)."""
        cancel_again(self._repo, self._broker, order_id, on_ack)

    def apply_report(self, report: ExecutionReport) -> bool:
        """Record what ``report`` adds to its order; return True if a fill was recorded."""
        day = self.trade_date()
        try:
            order = self._repo.by_broker_order_no(report.order_no, day)
        except BrokerOrderNoContested:
            self._hold_back(day, report.order_no, "execution")
            return False
        if order is None:
            return False
        qty, amount, fee, tax = self._repo.fill_totals(order.id)
        fill = next_fill(Recorded(qty=qty, amount=amount, fee=fee, tax=tax), report)
        if fill is None:
            return False
        if order.status in (OrderStatus.SENT, OrderStatus.UNKNOWN):
            # An execution proves the broker accepted it.
            self._repo.transition(order.id, OrderStatus.ACCEPTED, report.at)
        recorded = self._repo.record_fill(order.id, fill)
        if recorded and self._on_fill is not None:
            self._on_fill(order, fill)
        return recorded

    def _hold_back(self, day: date, number: str, what: str) -> None:
        """Say once per number that its executions and cancels are held back (rule 6)."""
        if (day, number) in self._held_back:
            return
        self._held_back.add((day, number))
        log.error(
            "broker order number %s of %s is claimed by two orders: %s held back (and every "
            "later one) until a person checks both orders against the broker's",
            number,
            day,
            what,
        )

    def resume_pending(
        self, max_age: timedelta, held: Callable[[Order], bool] = lambda _: False
    ) -> list[Order]:
        """Send today's PENDING orders (persisted, never sent) unless older than ``max_age``
        or ``held`` (left PENDING for the caller).

        A PENDING order was never handed to the broker, so sending it now cannot duplicate it;
        a stale one is closed instead, because the decision behind it is out of date.
        """
        now = self._clock.now()
        handled: list[Order] = []
        for order in self._repo.for_day(self.trade_date(), (OrderStatus.PENDING,)):
            if now - order.created_at <= max_age and held(order):
                continue  # a held one too old is closed as stale below, like any other
            if now - order.created_at > max_age:
                handled.append(
                    self._repo.transition(
                        order.id,
                        OrderStatus.REJECTED,
                        now,
                        reject=(STALE_PENDING, "persisted but not sent before a restart"),
                    )
                )
            else:
                handled.append(self._send(order))
        return handled

    def drop_pending(self, order_id: int, reason: str) -> Order:
        """Close a PENDING order that will not be sent."""
        return self._repo.transition(
            order_id, OrderStatus.REJECTED, self._clock.now(), reject=(WITHDRAWN, reason)
        )

    def reconcile(self) -> ReconcileResult:
        """Bring the day's orders in line with the broker's open-order and fill lists
        (:func:`agent.orders.reconcile.reconcile`)."""
        return reconcile(
            self._repo,
            self._broker,
            self._clock.now(),
            self.trade_date(),
            self._grace,
            self.apply_report,
            self.conflict,
        )

    def expire_earlier_days(self) -> list[ExpiredOrder]:
        """Close every order an earlier trade date left open (principle 6)."""
        return expire_earlier_days(self._repo, self.trade_date(), self._clock.now())
