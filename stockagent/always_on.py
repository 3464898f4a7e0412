"""What keeps a long-running agent honest with its user: notifications, the broker link's
changes as system events, and a watch for the machine's clock jumping (it slept).

Each part is started with the actor tree and stopped after it (:class:`AgentProcess`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from actors import ids
from actors.account.messages import Refresh
from actors.board import SnapshotBoard
from actors.board.events import LiveSystemStatus
from actors.gateway.messages import BrokerChanged
from actors.router.messages import Reconcile
from actors.runtime.notices import NoticeFeed
from actors.runtime.services import Services
from agent.broker.link import LinkChange
from agent.notify import AppriseSender, Batcher, Notifier
from agent.notify.sender import InvalidTarget
from agent.settings import Settings, SettingsError
from agent.store.models import EventKind, Severity
from agent.store.repositories import SystemEventRepository

log = logging.getLogger("stockagent.agent")

JUMP_CHECK_S = 5.0
JUMP_THRESHOLD_S = 30.0


class Notifications:
    """The notifier and the feed that fills it, started and stopped together."""

    def __init__(self, notifier: Notifier, feed: NoticeFeed) -> None:
        self.notifier = notifier
        self.feed = feed

    @classmethod
    def of(
        cls, settings: Settings, board: SnapshotBoard, events: SystemEventRepository
    ) -> Notifications | None:
        """Build them from ``[notify]``; None without URLs. A URL apprise does not know
        stops the start (:class:`SettingsError` naming its place)."""
        notify = settings.notify
        if not notify.urls:
            return None
        try:
            sender = AppriseSender([url.reveal() for url in notify.urls])
        except InvalidTarget as exc:
            raise SettingsError(f"invalid setting {exc}") from None
        batcher = Batcher(notify.language, window_s=notify.batch_s, per_minute=notify.per_minute)
        notifier = Notifier(sender, batcher)
        return cls(notifier, NoticeFeed(board, events, notifier, fills=notify.fills))

    def start(self) -> None:
        self.notifier.start()
        self.feed.start()
        log.info("notifications to %s", ", ".join(self.notifier.targets))

    def stop(self) -> None:
        """Tell what is still unread (the stop itself included), then stop."""
        self.feed.stop()
        self.notifier.stop()


class BrokerLinkEvents:
    """Records the broker link's changes (lost, back, token failed) as system events and puts
    them on the dashboard's stream; the notifications follow from the events."""

    def __init__(self, services: Services, events: SystemEventRepository) -> None:
        self._services = services
        self._events = events

    def __call__(self, change: LinkChange) -> None:
        kind, severity = {
            "lost": (EventKind.BROKER_LOST, Severity.ERROR),
            "back": (EventKind.BROKER_RESTORED, Severity.INFO),
            "token_failed": (EventKind.TOKEN_FAILED, Severity.ERROR),
        }[change.kind]
        if change.kind == "back":
            log.warning("broker back after %.0f s", change.down_s or 0)
        else:
            log.error("broker %s: %s", change.kind.replace("_", " "), change.error)
        detail = {"down_s": change.down_s} if change.down_s is not None else {}
        try:
            self._events.record(
                kind,
                self._services.clock.now(),
                severity=severity,
                actor_id=ids.GATEWAY,
                reason=change.error,
                detail=detail,
            )
        except Exception:  # reported from a broker call's thread: never fail the call
            log.exception("broker %s not recorded", change.kind)
        state = BrokerChanged(kind=change.kind, down_s=change.down_s)
        self._services.board.publish(LiveSystemStatus, ids.GATEWAY, state)


def clock_jump(
    before: tuple[float, float], after: tuple[float, float], threshold_s: float
) -> float | None:
    """Return how far the wall clock moved beyond the monotonic one between two readings of
    (wall, monotonic), or None within ``threshold_s``. A machine that slept shows a jump: the
    monotonic clock stands still while it sleeps (macOS and Linux alike)."""
    jump = (after[0] - before[0]) - (after[1] - before[1])
    return jump if abs(jump) >= threshold_s else None


class ClockJumpWatch:
    """Checks every ``interval_s`` whether the clock jumped; on a jump records a system event
    (the notification follows) and has the account and the router reconcile at once."""

    def __init__(
        self,
        services: Services,
        events: SystemEventRepository,
        *,
        interval_s: float = JUMP_CHECK_S,
        threshold_s: float = JUMP_THRESHOLD_S,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._services = services
        self._events = events
        self._interval_s = interval_s
        self._threshold_s = threshold_s
        self._wall = wall
        self._monotonic = monotonic
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last = (wall(), monotonic())

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._last = (self._wall(), self._monotonic())
        self._thread = threading.Thread(target=self._run, name="clock-jump", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(5.0)

    def check(self) -> float | None:
        """Compare with the last reading; act on a jump (public for tests)."""
        now = (self._wall(), self._monotonic())
        jump = clock_jump(self._last, now, self._threshold_s)
        self._last = now
        if jump is None:
            return None
        log.warning("the clock jumped %+.0f s (the machine slept?): reconciling", jump)
        try:
            self._events.record(
                EventKind.CLOCK_JUMP,
                self._services.clock.now(),
                severity=Severity.WARNING,
                reason=f"wall clock moved {jump:+.0f} s beyond the monotonic clock",
                detail={"seconds": round(jump, 1), "at": datetime.now().astimezone().isoformat()},
            )
        except Exception:
            log.exception("clock jump not recorded")
        self._services.tell(ids.ACCOUNT, Refresh())
        self._services.tell(ids.ROUTER, Reconcile())
        return jump

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            try:
                self.check()
            except Exception:
                log.exception("clock jump check")
