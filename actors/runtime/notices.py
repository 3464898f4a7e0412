"""What the user's phone hears about: the board's fills and orders, and the system events.

A :class:`NoticeFeed` follows two streams on a thread of its own and turns them into
:class:`agent.notify.Notice` values for the :class:`agent.notify.Notifier`:

* the board's ``order_filled`` and ``order_update`` events: fills, rejections, and a stop's
  first order (never coalesced on the board, so none is lost);
* the ``system_events`` table, followed by id from the newest at start: the brakes, emergency
  liquidation, restarts and escalations, the broker lost and back, token failures, clock jumps
  and the day's close. Everything the dashboard's event list shows is told from one place, and
  an agent restarted by the OS does not repeat yesterday's.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from actors.board import LiveEvent, SnapshotBoard, Topic
from actors.board.events import LiveOrderFilled, LiveOrderUpdate
from actors.router.views import OrderFill, OrderView
from agent.notify import Notice, NoticeKind, Notifier
from agent.orders.lifecycle import AGENTS_OWN_REJECTIONS
from agent.store.models import EventKind, SystemEvent
from agent.store.repositories import SystemEventRepository

log = logging.getLogger(__name__)

POLL_S = 1.0

_SYSTEM: dict[EventKind, NoticeKind] = {
    EventKind.AGENT_STARTED: NoticeKind.AGENT_STARTED,
    EventKind.AGENT_STOPPED: NoticeKind.AGENT_STOPPED,
    EventKind.ACTOR_RESTARTED: NoticeKind.RESTART,
    EventKind.ACTOR_ESCALATED: NoticeKind.ESCALATION,
    EventKind.ACTOR_SHUTDOWN_TIMEOUT: NoticeKind.STUCK,
    EventKind.ACTOR_STUCK: NoticeKind.STUCK,
    EventKind.KILL_SWITCH_ENGAGED: NoticeKind.KILL_SWITCH,
    EventKind.KILL_SWITCH_RELEASED: NoticeKind.KILL_SWITCH_RELEASED,
    EventKind.FREEZE_ENGAGED: NoticeKind.FREEZE,
    EventKind.FREEZE_RELEASED: NoticeKind.FREEZE_RELEASED,
    EventKind.EMERGENCY_LIQUIDATION: NoticeKind.LIQUIDATION,
    EventKind.DAILY_LOSS_LIMIT_HIT: NoticeKind.DAILY_LOSS_LIMIT,
    EventKind.RECONCILIATION_MISMATCH: NoticeKind.RECONCILIATION,
    EventKind.EXIT_REFUSED: NoticeKind.EXIT_REFUSED,
    EventKind.BACKSTOP_REFUSED: NoticeKind.BACKSTOP_REFUSED,
    EventKind.BROKER_LOST: NoticeKind.BROKER_LOST,
    EventKind.BROKER_RESTORED: NoticeKind.BROKER_BACK,
    EventKind.TOKEN_FAILED: NoticeKind.TOKEN_FAILED,
    EventKind.CLOCK_JUMP: NoticeKind.CLOCK_JUMP,
    EventKind.DAY_CLOSED: NoticeKind.DAY_SUMMARY,
}


def notice_of_event(event: SystemEvent) -> Notice | None:
    """Return the notice a recorded system event makes, or None for the quiet kinds."""
    kind = _SYSTEM.get(event.kind)
    if kind is None:
        return None
    facts: dict[str, Any] = dict(event.detail or {})
    if event.reason:
        facts.setdefault("reason", event.reason)
    if event.actor_id:
        facts.setdefault("actor", event.actor_id)
    if event.restart_count:
        facts.setdefault("count", event.restart_count)
    code = facts.get("code") if isinstance(facts.get("code"), str) else None
    return Notice(kind=kind, at=event.at, code=code, facts=facts)


class OrderNotices:
    """Turns the router's board events into fills, rejections and stops, each told once."""

    def __init__(self, *, fills: bool = True) -> None:
        self._fills = fills
        self._told: set[tuple[NoticeKind, int]] = set()

    def of(self, event: LiveEvent) -> Notice | None:
        if isinstance(event, LiveOrderFilled):
            return self._fill(event.data) if self._fills else None
        if isinstance(event, LiveOrderUpdate):
            return self._update(event.data)
        return None

    def _fill(self, filled: OrderFill) -> Notice:
        order, fill = filled.order, filled.fill
        return Notice(
            kind=NoticeKind.FILL,
            at=fill.at,
            code=order.code,
            facts={
                "side": order.side,
                "purpose": order.purpose,
                "quantity": fill.quantity,
                "price": fill.price,
            },
        )

    def _update(self, order: OrderView) -> Notice | None:
        status, purpose = order.status, order.purpose
        if purpose == "backstop":
            # Its refusal is a system event (once a day per code, not every few minutes).
            if status not in ("partially_filled", "filled"):
                return None
            kind = NoticeKind.BACKSTOP
        elif status == "rejected" and order.reject_code not in AGENTS_OWN_REJECTIONS:
            kind = NoticeKind.REJECTION
        elif purpose == "stop_loss" and status not in ("cancelled", "expired"):
            kind = NoticeKind.STOP
        else:
            return None
        key = (kind, order.id)
        if key in self._told:
            return None
        self._told.add(key)
        return Notice(
            kind=kind,
            at=order.updated_at,
            code=order.code,
            facts={
                "side": order.side,
                "quantity": order.quantity,
                "price": order.price or 0,
                "reason": order.reject_code,
            },
        )


class NoticeFeed:
    """Follows the board and the system events on a thread; hands notices to ``notifier``."""

    def __init__(
        self,
        board: SnapshotBoard,
        events: SystemEventRepository,
        notifier: Notifier,
        *,
        fills: bool = True,
        poll_s: float = POLL_S,
    ) -> None:
        self._board = board
        self._events = events
        self._notifier = notifier
        self._orders = OrderNotices(fills=fills)
        self._poll_s = poll_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_id = 0

    def start(self) -> None:
        """Begin following; system events already recorded are not told again."""
        if self._thread is not None:
            return
        self._last_id = self._events.last_id()
        self._subscription = self._board.subscribe(
            topics=[Topic.ORDER_FILLED, Topic.ORDER_UPDATE], capacity=10_000
        )
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="notice-feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Tell what is still unread, then stop following."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        thread.join(10.0)
        self._subscription.close()
        if not thread.is_alive():  # else it is still polling: never two at once
            self.poll()

    def poll(self) -> None:
        """Hand on what arrived since the last poll (called by the thread; public for tests)."""
        for event in self._subscription.drain():
            notice = self._orders.of(event)
            if notice is not None:
                self._notifier.notify(notice)
        try:
            recorded = self._events.after(self._last_id)
        except SQLAlchemyError as exc:
            log.warning("system events not read for notifications: %s", exc)
            return
        for row in recorded:
            self._last_id = row.id
            notice = notice_of_event(row)
            if notice is not None:
                self._notifier.notify(notice)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._subscription.wait(self._poll_s)
            try:
                self.poll()
            except Exception:  # the feed must outlive a malformed event
                log.exception("notification feed")
            if self._subscription.pending() == 0:
                self._stop.wait(0.05)  # gather a burst before the next drain
