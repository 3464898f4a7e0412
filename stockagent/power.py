"""Keep a Mac from sleeping while the market is open.

On macOS, :class:`KeepAwake` runs ``caffeinate -i -w <agent pid>`` from shortly before the
session's first orders until shortly after its close, and ends it after. ``-i`` holds off idle
sleep only (the display may sleep); ``-w`` makes caffeinate exit with the agent, so even a
SIGKILL of the agent never leaves the Mac awake for good. On other systems it does nothing.

It cannot wake a Mac that is already asleep: nothing in the agent runs then. A Mac that sleeps
overnight needs a scheduled wake before the pre-open (``sudo pmset repeat wakeorpoweron MTWRF
07:45:00``) or Energy settings that never let it sleep.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from agent.clock import KST, Clock
from agent.market.sessions import SessionTimes, Window

log = logging.getLogger(__name__)

CAFFEINATE = "/usr/bin/caffeinate"
BEFORE_FIRST_ORDERS = timedelta(minutes=40)
"""07:50 on a regular day: awake for the 08:00 rebuild of held codes and the 08:30 pre-open."""
AFTER_CLOSE = timedelta(minutes=15)
"""15:45 on a regular day: the closing auction's fills and the day's summary are in."""
STOP_WAIT_S = 5.0


class Sessions(Protocol):
    """What :class:`KeepAwake` asks the calendar (:class:`agent.market.calendar.KrxCalendar`)."""

    def session(self, day: date) -> SessionTimes | None: ...


class Child(Protocol):
    """The part of :class:`subprocess.Popen` used here (a fake in tests)."""

    def poll(self) -> int | None: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...

    def wait(self, timeout: float | None = None) -> int: ...


Spawn = Callable[[Sequence[str]], Child]


def _popen(argv: Sequence[str]) -> Child:
    return subprocess.Popen(  # noqa: S603 - a fixed program and our own pid
        list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def awake_window(
    session: SessionTimes,
    before: timedelta = BEFORE_FIRST_ORDERS,
    after: timedelta = AFTER_CLOSE,
) -> Window:
    """Return when a day with ``session`` keeps the machine awake."""
    return Window(session.first_order_time - before, session.close + after)


def wants_awake(
    calendar: Sessions,
    at: datetime,
    before: timedelta = BEFORE_FIRST_ORDERS,
    after: timedelta = AFTER_CLOSE,
) -> bool:
    """Tell whether ``at`` lies in the awake window of its KST day (never outside the
    calendar's range: it says nothing about those days)."""
    try:
        session = calendar.session(at.astimezone(KST).date())
    except ValueError:
        return False
    return session is not None and at in awake_window(session, before, after)


class KeepAwake:
    """Hold a power assertion through each trading day's session, on macOS.

    Call :meth:`start` once, :meth:`check` periodically (every few seconds is plenty) and
    :meth:`stop` at shutdown; all three are safe from any thread.
    """

    def __init__(
        self,
        calendar: Sessions,
        clock: Clock,
        *,
        platform: str = sys.platform,
        spawn: Spawn = _popen,
        pid: int | None = None,
        before: timedelta = BEFORE_FIRST_ORDERS,
        after: timedelta = AFTER_CLOSE,
    ) -> None:
        self._calendar = calendar
        self._clock = clock
        self._supported = platform == "darwin"
        self._spawn = spawn
        self._pid = os.getpid() if pid is None else pid
        self._before = before
        self._after = after
        self._lock = threading.Lock()
        self._running = False
        self._child: Child | None = None
        self._unavailable = False

    @property
    def awake(self) -> bool:
        """Tell whether the assertion is held (caffeinate is running)."""
        with self._lock:
            return self._holding()

    def start(self) -> None:
        """Begin keeping the machine awake in the market's hours, from now."""
        with self._lock:
            self._running = True
            if not self._supported:
                log.debug("keep-awake: not macOS, the power assertion is left to the system")
        self.check()

    def check(self, now: datetime | None = None) -> bool:
        """Take or release the assertion for the time ``now`` (default: the clock's);
        return whether it is held."""
        with self._lock:
            if not (self._running and self._supported) or self._unavailable:
                return False
            at = self._clock.now() if now is None else now
            if not wants_awake(self._calendar, at, self._before, self._after):
                self._release()
            elif not self._holding():
                self._take()
            return self._holding()

    def stop(self) -> None:
        """Release the assertion and stop checking."""
        with self._lock:
            self._running = False
            self._release()

    def _holding(self) -> bool:
        return self._child is not None and self._child.poll() is None

    def _take(self) -> None:
        if self._child is not None:
            log.warning("keep-awake: caffeinate exited (%s); starting it again", self._child.poll())
        try:
            self._child = self._spawn([CAFFEINATE, "-i", "-w", str(self._pid)])
        except OSError as exc:
            self._child = None
            self._unavailable = True
            log.warning("keep-awake: cannot run %s (%s); the Mac may sleep", CAFFEINATE, exc)
            return
        log.info("keep-awake: the market is open, idle sleep held off")

    def _release(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        log.info("keep-awake: released, the Mac may sleep again")
