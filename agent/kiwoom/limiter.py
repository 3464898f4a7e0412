"""One process-wide request limiter: per-api-id and group windows, served by priority.

Every request waits here before it is sent, so the client never knowingly exceeds Kiwoom's budget.
A sliding window (at most N requests in any ``period + margin`` seconds) is stricter than a token
bucket: the mock server rejects a second call 0.5 s after the first even at "1 per second".
When several callers wait, orders and cancels go first, then account queries, then market data.
Time comes from an injected :class:`~agent.clock.Clock` and sleeping from an injected coroutine,
so tests step a manual clock instead of sleeping.
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Awaitable, Callable

import anyio

from agent.clock import Clock
from agent.kiwoom.config import RateProfile
from agent.kiwoom.endpoints import Priority, group_of, priority_of

Sleep = Callable[[float], Awaitable[None]]

log = logging.getLogger(__name__)

_MIN_WAIT = 0.001


class _Window:
    """At most ``limit`` grants in any ``period`` seconds, plus an optional hard pause."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = max(1, limit)
        self.period = period
        self.stamps: deque[float] = deque()
        self.paused_until = 0.0

    def ready_at(self, now: float) -> float:
        while self.stamps and self.stamps[0] <= now - self.period:
            self.stamps.popleft()
        ready = now if len(self.stamps) < self.limit else self.stamps[-self.limit] + self.period
        return max(ready, self.paused_until)

    def take(self, now: float) -> None:
        self.stamps.append(now)


class _Waiter:
    __slots__ = ("api_id", "granted", "priority", "seq")

    def __init__(self, api_id: str, priority: Priority, seq: int) -> None:
        self.api_id = api_id
        self.priority = priority
        self.seq = seq
        self.granted = False


class RateLimiter:
    """Grant permission to send, per api-id and per group, honouring priority."""

    def __init__(self, profile: RateProfile, clock: Clock, sleep: Sleep = anyio.sleep) -> None:
        self._profile = profile
        self._clock = clock
        self._sleep = sleep
        self._period = profile.period + profile.margin
        self._windows: dict[str, _Window] = {}
        self._waiters: list[_Waiter] = []
        self._seq = itertools.count()
        self._groups: dict[str, _Window] = {}
        if profile.query_group is not None:
            self._groups["query"] = _Window(profile.query_group, self._period)
        if profile.order_group is not None:
            self._groups["order"] = _Window(profile.order_group, self._period)

    @property
    def waiting(self) -> int:
        """How many callers are waiting for a slot."""
        return len(self._waiters)

    def limit_of(self, api_id: str) -> int:
        """Current per-period budget of ``api_id``."""
        return self._window(api_id).limit

    def lower(self, api_id: str, flow: int) -> None:
        """Adopt the server's ``유량=N`` for ``api_id`` when it is lower than ours."""
        window = self._window(api_id)
        if 0 < flow < window.limit:
            log.warning("lowering %s budget from %d to %d per period", api_id, window.limit, flow)
            window.limit = flow

    def pause(self, api_id: str, seconds: float) -> None:
        """Hold every request of ``api_id`` for ``seconds`` (after an HTTP 429)."""
        window = self._window(api_id)
        window.paused_until = max(window.paused_until, self._clock.monotonic() + seconds)

    async def acquire(self, api_id: str, priority: Priority | None = None) -> None:
        """Wait until ``api_id`` may be sent, then record the send."""
        rank = priority_of(api_id) if priority is None else priority
        waiter = _Waiter(api_id, rank, next(self._seq))
        self._waiters.append(waiter)
        self._waiters.sort(key=lambda w: (w.priority, w.seq))
        try:
            while True:
                self._grant()
                if waiter.granted:
                    return
                delay = self._ready_at(waiter.api_id) - self._clock.monotonic()
                await self._sleep(max(delay, _MIN_WAIT))
        finally:
            if not waiter.granted:
                self._waiters.remove(waiter)

    def _window(self, api_id: str) -> _Window:
        window = self._windows.get(api_id)
        if window is None:
            window = _Window(self._profile.per_api_id, self._period)
            self._windows[api_id] = window
        return window

    def _windows_of(self, api_id: str) -> list[_Window]:
        windows = [self._window(api_id)]
        group = group_of(api_id)
        if group is not None and group in self._groups:
            windows.append(self._groups[group])
        return windows

    def _ready_at(self, api_id: str) -> float:
        now = self._clock.monotonic()
        return max(w.ready_at(now) for w in self._windows_of(api_id))

    def _grant(self) -> None:
        """Serve waiters in priority order; each takes a slot only if all its windows have one."""
        now = self._clock.monotonic()
        for waiter in list(self._waiters):
            windows = self._windows_of(waiter.api_id)
            if all(w.ready_at(now) <= now for w in windows):
                for w in windows:
                    w.take(now)
                waiter.granted = True
                self._waiters.remove(waiter)
