"""The router's backstops (:mod:`agent.core.backstops`): the broker's kept in line with the
governor's guards, and each exit held until its code's backstop is gone.

Kiwoom takes an armed stop's shares out of 주문가능수량: an exit sent beside it would be refused.
So an exit of a code with a backstop working is persisted (PENDING, so the Account and a
restart see it) and held; the backstop is cancelled; once none of the code works and every
ended one's outcome is known, the exit is sent while the agent's lot covers it, or withdrawn
(the governor decides again on what is left). The decision is
:func:`agent.core.backstops.release`, from the database alone: a restarted router decides the
same. The user's own sells (MANUAL) never wait: a backstop holds the agent's shares only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime

from actors import ids
from actors.risk.messages import LiquidateAll
from actors.router.backstop_orders import (
    counted,
    held_exits,
    is_backstop,
    last_refusals,
    refused_by_broker,
    row_of,
    sold_by_backstops,
    waits,
    working_backstops,
)
from actors.runtime.services import Services
from agent import journal
from agent.broker.orders import CancelAck
from agent.clock import KST
from agent.core.backstops import (
    CANCEL_REASON,
    EndedBackstop,
    HeldExit,
    Place,
    Pull,
    Release,
    plan,
    release,
)
from agent.core.orders import Send
from agent.domain import Approved, OrderPurpose, OrderStatus, Side
from agent.market.sessions import Phase, phase_at
from agent.orders.backstops import Guard
from agent.orders.lifecycle import TERMINAL
from agent.orders.service import OrderService
from agent.portfolio.lots import fold_lots
from agent.risk.exits import WITH_USER_SHARES
from agent.store.models import EventKind, Order, Severity
from agent.store.repositories import OrderRepository, SystemEventRepository
from agent.store.repositories.lots import LotRepository

log = logging.getLogger(__name__)

NOT_COVERED = "the lot no longer covers this exit (its backstop sold); the governor decides again"
OUTDATED = "the lot was sold down after this exit was decided; the governor decides again"
CANCEL_AGAIN_S = 5.0
"""A backstop whose cancel is still unconfirmed after this long (market seconds) is asked again:
a cancel lost on the way must not hold its code's exits for the rest of the day."""


class BackstopDesk:
    """The router's part in backstops (see the module's docstring)."""

    def __init__(
        self,
        services: Services,
        repo: OrderRepository,
        service: OrderService,
        events: SystemEventRepository,
        publish: Callable[[Order], None],
    ) -> None:
        self._services = services
        self._repo = repo
        self._service = service
        self._events = events
        self._publish = publish
        self._lots = LotRepository(services.sessions)
        self._guards: tuple[Guard, ...] | None = None
        """The governor's last word (None: not heard yet since this router started, so the
        backstops at the broker are left as they are)."""
        self._acked: set[int] = set()
        """Backstops whose cancel the broker acknowledged for all they had left: their outcome
        is known at once (a restart forgets them, and waits a moment instead)."""
        self._refused: set[tuple[date, str]] = set()
        """Codes reported without a backstop today, refused or declined (once each)."""

    def told(self, guards: tuple[Guard, ...]) -> bool:
        """Take the governor's guards; True when they changed."""
        changed = guards != self._guards
        self._guards = guards
        return changed

    def holds(self, approved: Approved) -> bool:
        """Whether an order of ``approved`` must wait: an exit of a code with a backstop
        working, or with exits already waiting (they go in order)."""
        intent = approved.intent
        if intent.side is not Side.SELL or intent.purpose in (
            OrderPurpose.BACKSTOP,
            OrderPurpose.MANUAL,
        ):
            return False
        orders = self._orders()
        return bool(working_backstops(orders, intent.code) or held_exits(orders, intent.code))

    def withdrawn(self, approved: Approved, sends: list[Send]) -> bool:
        """Whether ``approved`` is an exit of a code whose backstop sold today, for more shares
        than the agent's lot holds now: it was decided before the backstop's fill was recorded.
        Its orders are persisted and withdrawn rather than sent into the broker's refusal
        (which would hold the code's next exit back); the governor decides again within a
        second, on the position as it is."""
        intent = approved.intent
        if intent.side is not Side.SELL or intent.purpose is OrderPurpose.BACKSTOP:
            return False
        if intent.include_user_shares or intent.purpose is OrderPurpose.MANUAL:
            return False  # the user's shares may be in it
        if not sold_by_backstops(self._orders(), intent.code):
            return False
        [(_, lot)] = self._lots_of([intent.code])
        if approved.quantity <= lot:
            return False
        log.warning("%s: exit of %d withdrawn: %s", intent.code, approved.quantity, OUTDATED)
        for send in sends:
            order = self._service.submit(
                send.approved, send.client_order_id, parent_id=send.parent_id, hold=True
            )
            if order.status is OrderStatus.PENDING:
                order = self._service.drop_pending(order.id, OUTDATED)
            self._publish(order)
        return True

    def holding(self, order: Order) -> bool:
        """Whether a PENDING exit found at a start (young enough to send) waits for its code's
        backstops; if so it is held here, and released as any other."""
        if not waits(order):
            return False
        orders = self._orders()
        if not (working_backstops(orders, order.code) or sold_by_backstops(orders, order.code)):
            return False
        self.hold(order)
        return True

    def hold(self, order: Order) -> None:
        """``order`` (an exit, PENDING) waits: cancel its code's backstops."""
        log.info("%s: exit %s held until its backstop is cancelled", order.code, order.id)
        self._pull(working_backstops(self._orders(), order.code))

    def step(self, now: datetime) -> None:
        """Release held exits whose backstops are gone, then plan against the guards."""
        orders = self._orders()
        if any(waits(o) and o.status is OrderStatus.PENDING for o in orders):
            self._release(orders, now)
            orders = self._orders()
        if self._guards is None:
            return
        working = [o for o in orders if is_backstop(o) and o.status not in TERMINAL]
        if not self._guards and not working:
            return  # nothing held, nothing asked: most of a day before the first entry
        guarded = journal.Guarded(
            guards=self._guards,
            rows=tuple(row_of(o) for o in working),
            lots=self._lots_of(g.code for g in self._guards),
            exiting=tuple(
                sorted({o.code for o in orders if waits(o) and o.status not in TERMINAL})
            ),
            entering=tuple(
                sorted(
                    {
                        o.code
                        for o in orders
                        if o.purpose is OrderPurpose.ENTRY and o.status not in TERMINAL
                    }
                )
            ),
            sent=counted(o.code for o in orders if is_backstop(o)),
            refused=last_refusals(orders),
            declined=self._declined(orders),
            open=phase_at(now, self._services.calendar) is Phase.CONTINUOUS,
        )
        commands = plan(guarded, now)
        # On disk before anything is sent: a kill right after the send must not leave an
        # order the replay cannot find the reason for (the governor's decisions are too).
        self._services.record(guarded, at=now, durable=bool(commands))
        by_id = {o.id: o for o in working}
        for command in commands:
            if isinstance(command, Pull):
                self._pull([by_id[command.order_id]])
            elif isinstance(command, Place):
                self._place(command)

    def _release(self, orders: list[Order], now: datetime) -> None:
        """Send or withdraw each held exit whose code's backstops are settled."""
        for code in sorted({o.code for o in held_exits(orders)}):
            working = working_backstops(orders, code)
            if working:
                self._pull(working)  # a cancel lost or refused, or a number resolved since
            ended = [
                EndedBackstop(
                    ended_at=o.updated_at,
                    confirmed=o.status is OrderStatus.FILLED or o.id in self._acked,
                )
                for o in orders
                if o.code == code and is_backstop(o) and o.status in TERMINAL
            ]
            selling = sum(
                o.quantity - o.filled_quantity
                for o in orders
                if o.code == code
                and waits(o)
                and o.status not in TERMINAL
                and o.status is not OrderStatus.PENDING
            )
            [(_, lot)] = self._lots_of([code])
            held = held_exits(orders, code)
            decided = release(
                (
                    HeldExit(
                        order_id=o.id,
                        quantity=o.quantity,
                        with_user_shares=WITH_USER_SHARES in (o.reason_codes or ()),
                    )
                    for o in held
                ),
                working=len(working),
                ended=ended,
                lot=lot,
                selling=selling,
                now=now,
            )
            for order in held:
                outcome = decided[order.id]
                if outcome is Release.SEND:
                    self._publish(self._service.send_pending(order.id))
                elif outcome is Release.WITHDRAW:
                    log.warning("%s: exit %s withdrawn: %s", code, order.id, NOT_COVERED)
                    self._publish(self._service.drop_pending(order.id, NOT_COVERED))
                    if order.purpose is OrderPurpose.LIQUIDATION:
                        # The operator's sale is not one the governor's timer decides again:
                        # ask it again for what is left (a retry, not a new emergency).
                        self._services.tell(
                            ids.RISK,
                            LiquidateAll(reason=NOT_COVERED, by="router", halt=False, attempt=1),
                        )

    def _place(self, command: Place) -> None:
        order = self._service.submit(command.approved, command.client_order_id)
        self._publish(order)
        if refused_by_broker(order):
            self._report(
                order.trade_date,
                order.code,
                f"{order.code}: the broker refused the backstop ({order.reject_code}: "
                f"{order.reject_message}); the position is guarded by the running agent only "
                "(asked again after 5 minutes, then less and less often)",
            )

    def _report(self, day: date, code: str, reason: str) -> None:
        """Say once a day per code that it has no backstop, and why."""
        if (day, code) in self._refused:
            return
        self._refused.add((day, code))
        log.warning("%s", reason)
        self._events.record(
            EventKind.BACKSTOP_REFUSED,
            self._services.clock.now(),
            severity=Severity.WARNING,
            actor_id=ids.ROUTER,
            reason=reason,
            detail={"code": code},
        )

    def _pull(self, orders: Iterable[Order]) -> None:
        """Cancel each of ``orders`` the broker numbered, once, and again while its cancel is
        unconfirmed after :data:`CANCEL_AGAIN_S` (an unresolved send is cancelled once
        reconciliation finds its number)."""
        now = self._services.clock.now()
        for order in orders:
            if not order.broker_order_no:
                continue
            left = order.quantity - order.filled_quantity

            def acked(ack: CancelAck, order_id: int = order.id, left: int = left) -> None:
                if ack.quantity >= left:
                    self._acked.add(order_id)

            if order.status in (OrderStatus.ACCEPTED, OrderStatus.PARTIALLY_FILLED):
                self._publish(self._service.cancel(order.id, CANCEL_REASON, on_ack=acked))
            elif (
                order.status is OrderStatus.CANCEL_REQUESTED
                and (now - order.updated_at).total_seconds() >= CANCEL_AGAIN_S
            ):
                self._service.cancel_again(order.id, on_ack=acked)

    def _declined(self, orders: list[Order]) -> tuple[str, ...]:
        """Codes with a backstop cancelled today though the agent never asked (the user did:
        said once, in the log and as a system event)."""
        cancelled = [o for o in orders if is_backstop(o) and o.status is OrderStatus.CANCELLED]
        if not cancelled:
            return ()
        asked = {cid for _, cid, _ in self._repo.cancels_for_day(cancelled[0].trade_date)}
        calendar = self._services.calendar
        codes = sorted(
            {
                o.code
                for o in cancelled
                if o.client_order_id not in asked
                # After the close a broker may drop its day orders from the open list.
                and phase_at(o.updated_at, calendar) is Phase.CONTINUOUS
            }
        )
        for code in codes:
            self._report(
                cancelled[0].trade_date,
                code,
                f"{code}: the agent's backstop was cancelled outside the agent (by hand?); none "
                "is placed again today, the running agent's own stop still guards it",
            )
        return tuple(codes)

    def _lots_of(self, codes: Iterable[str]) -> tuple[tuple[str, int], ...]:
        """The agent's lot in each of ``codes``, with every fill this router recorded."""
        lots = []
        for code in sorted(set(codes)):
            lot = fold_lots(self._lots.events(code)).open.get(code)
            lots.append((code, lot.quantity if lot is not None else 0))
        return tuple(lots)

    def _orders(self) -> list[Order]:
        return self._repo.for_day(self._services.clock.now().astimezone(KST).date())
