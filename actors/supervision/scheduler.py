"""Run a callback later: a real timer for the app, a manual one so tests never sleep.

Supervisors use it for backoff restarts and for the liveness sweep. A callback only tells an
actor a message, so it is cheap and safe to run on a timer thread or the test's own thread.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from agent.clock import ManualClock


class Cancellable(Protocol):
    """A scheduled call that may be called off before it runs."""

    def cancel(self) -> None:
        """Prevent the call if it has not run yet."""
        ...


class Scheduler(Protocol):
    """Calls ``fn`` once, about ``delay`` seconds from now, on some thread."""

    def call_later(self, delay: float, fn: Callable[[], None]) -> Cancellable:
        """Schedule ``fn``; return a handle to cancel it."""
        ...


class ThreadingScheduler:
    """Real time: one daemon :class:`threading.Timer` per call."""

    def call_later(self, delay: float, fn: Callable[[], None]) -> Cancellable:
        timer = threading.Timer(max(delay, 0.0), fn)
        timer.daemon = True  # A pending restart must never keep a stopping process alive.
        timer.start()
        return timer


@dataclass(order=True)
class _Pending:
    due: float
    seq: int
    fn: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualScheduler:
    """Time moves only with :meth:`advance`, which also moves the shared :class:`ManualClock`."""

    def __init__(self, clock: ManualClock) -> None:
        self._clock = clock
        self._queue: list[_Pending] = []
        self._seq = itertools.count()
        self._lock = threading.Lock()

    def call_later(self, delay: float, fn: Callable[[], None]) -> Cancellable:
        pending = _Pending(self._clock.monotonic() + max(delay, 0.0), next(self._seq), fn)
        with self._lock:
            heapq.heappush(self._queue, pending)
        return pending

    def pending_delays(self) -> list[float]:
        """Return the seconds from now until each call still waiting, soonest first."""
        now = self._clock.monotonic()
        with self._lock:
            return sorted(p.due - now for p in self._queue if not p.cancelled)

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds``, running each call as its due time is reached."""
        target = self._clock.monotonic() + seconds
        while True:
            with self._lock:
                while self._queue and self._queue[0].cancelled:
                    heapq.heappop(self._queue)
                if not self._queue or self._queue[0].due > target:
                    break
                pending = heapq.heappop(self._queue)
            self._clock.advance(max(pending.due - self._clock.monotonic(), 0.0))
            pending.fn()
        self._clock.advance(max(target - self._clock.monotonic(), 0.0))
