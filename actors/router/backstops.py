"""The router's backstops (:mod:`agent.core.backstops`): the broker's kept in line with the
governor's guards, and each exit held until its code's backstop is gone.

Kiwoom takes an armed stop's shares out of 주문가능수량: an exit sent beside it would be refused.
So an exit of a code with a backstop working is persisted (PENDING, so the Account and a
restart see it) and held; the backstop is cancelled; once none of the code works, the exit is
sent, or withdrawn when the backstop sold meanwhile (the governor decides again on what is
left, within its next second).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime

from actors import ids
from actors.runtime.services import Services
from agent import journal
from agent.clock import KST
from agent.core.backstops import CANCEL_REASON, Place, Pull, Release, plan, release
from agent.core.orders import Send
from agent.domain import Approved, OrderPurpose, OrderStatus, Side
from agent.market.sessions import Phase, phase_at
from agent.orders.backstops import BackstopRow, Guard
from agent.orders.lifecycle import TERMINAL
from agent.orders.service import OrderService
from agent.portfolio.lots import fold_lots
from agent.store.models import EventKind, Order, Severity
from agent.store.repositories import OrderRepository, SystemEventRepository
from agent.store.repositories.lots import LotRepository

log = logging.getLogger(__name__)

WITHDRAWN = "the backstop sold while this exit waited for its cancel; the governor decides again"
OUTDATED = "the lot was sold down after this exit was decided; the governor decides again"


def is_backstop(order: Order) -> bool:
    return order.purpose is OrderPurpose.BACKSTOP


def is_exit(order: Order) -> bool:
    """A sell of the agent's other than a backstop (an exit, whatever its reason)."""
    return order.side is Side.SELL and not is_backstop(order)


def row_of(order: Order) -> BackstopRow:
    return BackstopRow(
        order_id=order.id,
        code=order.code,
        remaining=order.quantity - order.filled_quantity,
        trigger=order.stop_price or 0,
        limit=order.price or 0,
        cancel_requested=order.status is OrderStatus.CANCEL_REQUESTED,
    )


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
        self._held: dict[str, int] = {}
        """Codes with exits held: the shares their backstops had sold when the first was."""
        self._refused: set[tuple[date, str]] = set()
        """Codes reported without a backstop today, refused or declined (once each)."""

    def told(self, guards: tuple[Guard, ...]) -> bool:
        """Take the governor's guards; True when they changed."""
        changed = guards != self._guards
        self._guards = guards
        return changed

    def holds(self, approved: Approved) -> bool:
        """Whether an order of ``approved`` must wait: an exit of a code with a backstop."""
        intent = approved.intent
        if intent.side is not Side.SELL or intent.purpose is OrderPurpose.BACKSTOP:
            return False
        return intent.code in self._held or bool(self._working(self._orders(), intent.code))

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
        if not self._sold(self._orders(), intent.code):
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
        """Whether a PENDING order found at a start must wait (an exit of a backstopped code);
        if so it is held here."""
        if not is_exit(order) or not self._working(self._orders(), order.code):
            return False
        self.hold(order)
        return True

    def hold(self, order: Order) -> None:
        """``order`` (an exit, PENDING) waits: cancel its code's backstops."""
        orders = self._orders()
        if order.code not in self._held:
            self._held[order.code] = self._sold(orders, order.code)
            log.info("%s: exit %s held until its backstop is cancelled", order.code, order.id)
        self._pull(self._working(orders, order.code))

    def step(self, now: datetime) -> None:
        """Release held exits whose backstops are gone, then plan against the guards."""
        orders = self._orders()
        if self._held:
            self._release(orders)
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
                sorted(
                    {o.code for o in orders if is_exit(o) and o.status not in TERMINAL}
                    | set(self._held)
                )
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
            sent=_counted(o.code for o in orders if is_backstop(o)),
            refused=_last_refusals(orders),
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

    def _release(self, orders: list[Order]) -> None:
        for code, sold_then in list(self._held.items()):
            working = self._working(orders, code)
            outcome = release((row_of(o) for o in working), self._sold(orders, code) - sold_then)
            if outcome is Release.WAIT:
                self._pull(working)  # a cancel refused, or a number resolved since
                continue
            del self._held[code]
            for order in orders:
                if order.code != code or not is_exit(order):
                    continue
                if order.status is not OrderStatus.PENDING:
                    continue
                if outcome is Release.SEND:
                    self._publish(self._service.send_pending(order.id))
                else:
                    log.warning("%s: exit %s withdrawn: %s", code, order.id, WITHDRAWN)
                    self._publish(self._service.drop_pending(order.id, WITHDRAWN))

    def _place(self, command: Place) -> None:
        order = self._service.submit(command.approved, command.client_order_id)
        self._publish(order)
        if order.status is OrderStatus.REJECTED:
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
        """Cancel each of ``orders`` the broker numbered and no cancel is on the way for (an
        unresolved send is cancelled once reconciliation finds its number)."""
        for order in orders:
            if order.broker_order_no and order.status in (
                OrderStatus.ACCEPTED,
                OrderStatus.PARTIALLY_FILLED,
            ):
                self._publish(self._service.cancel(order.id, CANCEL_REASON))

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

    @staticmethod
    def _working(orders: list[Order], code: str) -> list[Order]:
        return [o for o in orders if o.code == code and is_backstop(o) and o.status not in TERMINAL]

    @staticmethod
    def _sold(orders: list[Order], code: str) -> int:
        return sum(o.filled_quantity for o in orders if o.code == code and is_backstop(o))


def _counted(codes: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    return tuple(sorted(counts.items()))


def _last_refusals(orders: list[Order]) -> tuple[tuple[str, datetime, int], ...]:
    """Per code, the last refusal of a backstop today and how many there were."""
    last: dict[str, tuple[datetime, int]] = {}
    for order in orders:
        if is_backstop(order) and order.status is OrderStatus.REJECTED:
            at, count = last.get(order.code, (order.updated_at, 0))
            last[order.code] = (max(at, order.updated_at), count + 1)
    return tuple((code, at, count) for code, (at, count) in sorted(last.items()))
