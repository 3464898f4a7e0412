"""Clocks behind one protocol: real time, an accelerated market day, and a manual one for tests.

Every component that needs the time takes a :class:`Clock`; nothing in ``agent/`` calls
``datetime.now`` or ``time.monotonic`` directly, so market time can be frozen, accelerated or
stepped by hand.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

KST = ZoneInfo("Asia/Seoul")


class Clock(Protocol):
    """Wall time (timezone-aware) and a monotonic counter in seconds."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware."""
        ...

    def timestamp(self) -> float:
        """Return :meth:`now` as a POSIX timestamp, without building the datetime where the
        clock can (the per-tick path compares seconds)."""
        ...

    def monotonic(self) -> float:
        """Return seconds on a clock that never goes backwards."""
        ...


class RealClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(KST)

    def timestamp(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()


class AcceleratedClock:
    """Market time that starts at ``start`` and runs ``speed`` times faster than real time."""

    def __init__(self, start: datetime, speed: float = 1.0) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._start = start
        self._start_ts = start.timestamp()
        self._speed = speed
        self._origin = time.monotonic()

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self.monotonic())

    def timestamp(self) -> float:
        return self._start_ts + self.monotonic()

    def monotonic(self) -> float:
        return (time.monotonic() - self._origin) * self._speed


class ManualClock:
    """A clock that moves only when told to; thread-safe, for tests and replay."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self._now = start
        self._ts = start.timestamp()
        self._mono = 0.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def timestamp(self) -> float:
        return self._ts  # one attribute read: atomic, and advance() replaces it whole

    def monotonic(self) -> float:
        with self._lock:
            return self._mono

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds``."""
        if seconds < 0:
            raise ValueError("time does not go backwards")
        with self._lock:
            self._now += timedelta(seconds=seconds)
            self._ts = self._now.timestamp()
            self._mono += seconds

    def set(self, when: datetime) -> None:
        """Jump to ``when`` (not earlier than now)."""
        with self._lock:
            delta = (when - self._now).total_seconds()
            if delta < 0:
                raise ValueError("time does not go backwards")
            self._now = when
            self._ts = when.timestamp()
            self._mono += delta


class FollowedClock:
    """Market time copied from another process (the simulator's ``GET /sim/clock``).

    ``sync(now, speed)`` records the remote time and pace; between syncs the clock extrapolates
    from the local monotonic clock. It never goes backwards, even when a sync says it should.
    """

    def __init__(self, now: datetime, speed: float = 1.0) -> None:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self._lock = threading.Lock()
        self._anchor = now
        self._anchor_mono = time.monotonic()
        self._speed = speed
        self._last = now

    @property
    def speed(self) -> float:
        with self._lock:
            return self._speed

    def sync(self, now: datetime, speed: float) -> None:
        """Adopt the remote clock's reading ``now`` and its ``speed``."""
        with self._lock:
            self._anchor = max(now, self._last)
            self._anchor_mono = time.monotonic()
            self._speed = speed

    def now(self) -> datetime:
        with self._lock:
            elapsed = (time.monotonic() - self._anchor_mono) * self._speed
            self._last = max(self._last, self._anchor + timedelta(seconds=elapsed))
            return self._last

    def timestamp(self) -> float:
        return self.now().timestamp()

    def monotonic(self) -> float:
        with self._lock:
            return (self._anchor - datetime(2000, 1, 1, tzinfo=KST)).total_seconds() + (
                time.monotonic() - self._anchor_mono
            ) * self._speed


def speed_of(clock: Clock) -> float:
    """Return how many clock seconds pass per real second (1 for clocks without a pace)."""
    speed = getattr(clock, "speed", 1.0)
    return float(speed) if isinstance(speed, int | float) and speed > 0 else 1.0
