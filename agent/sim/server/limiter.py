"""Per-api-id request budgets over a sliding one-second window of real time (§5.3)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """Allow at most ``limit(api_id)`` requests of each api-id in any one-second window."""

    def __init__(
        self, limit: Callable[[str], int], monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._limit = limit
        self._monotonic = monotonic
        self._seen: dict[str, deque[float]] = {}

    def admit(self, api_id: str) -> int:
        """Count a request; return 0 if admitted, else the per-second limit it broke."""
        limit = self._limit(api_id)
        if limit <= 0:
            return 0
        now = self._monotonic()
        seen = self._seen.setdefault(api_id, deque())
        while seen and now - seen[0] >= 1.0:
            seen.popleft()
        if len(seen) >= limit:
            return limit
        seen.append(now)
        return 0
