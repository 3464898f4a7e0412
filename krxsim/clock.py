"""The simulator's market time: the KST zone, what it reads of a clock, and its accelerated clock.

krxsim imports nothing of the agent, so it names the clock it needs by the one method it calls
(:class:`Clock`): any object with ``now()`` will do, such as the agent's ManualClock in a test
that steps the market by hand.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

KST = ZoneInfo("Asia/Seoul")
"""Korea Standard Time, UTC+9 without daylight saving (B2)."""


class Clock(Protocol):
    """What the simulator reads of a clock: the market time, timezone-aware."""

    def now(self) -> datetime:
        """Return the current market time."""
        ...


class AcceleratedClock:
    """Market time that starts at ``start`` and runs ``speed`` times faster than real time.

    Beside ``now`` it offers ``timestamp``, ``monotonic`` and ``speed``, so a process embedding
    the simulator can hand the same clock to its own components.
    """

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
        """Market seconds per real second."""
        return self._speed

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self.monotonic())

    def timestamp(self) -> float:
        return self._start_ts + self.monotonic()

    def monotonic(self) -> float:
        """Market seconds elapsed since ``start``; never goes backwards."""
        return (time.monotonic() - self._origin) * self._speed
