"""Per-api-id request budgets in real time (kiwoom-rest-api.md §5.3).

A token bucket per api-id: it holds ``capacity(api_id)`` calls and gets ``limit(api_id)``
more at the end of each whole second since its first call. Kiwoom's mock server lets two
back-to-back calls of one api-id through and refuses the third within the second (1 per
second, burst 2); the real server's 5 per second is a bucket of 5, so any 6 calls within one
second meet a refusal.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class RateLimiter:
    """Admit calls of each api-id while its bucket holds a token."""

    def __init__(
        self,
        limit: Callable[[str], int],
        monotonic: Callable[[], float] = time.monotonic,
        capacity: Callable[[str], int] | None = None,
    ) -> None:
        """``limit``: calls per second (0 = unlimited); ``capacity``: the burst, at least
        ``limit`` (default: ``limit``)."""
        self._limit = limit
        self._capacity = capacity or limit
        self._monotonic = monotonic
        self._buckets: dict[str, tuple[int, float]] = {}
        """Per api-id: tokens left and the start of the current one-second period."""

    def admit(self, api_id: str) -> int:
        """Count a request; return 0 if admitted, else the per-second limit it broke."""
        limit = self._limit(api_id)
        if limit <= 0:
            return 0
        capacity = max(self._capacity(api_id), limit)
        now = self._monotonic()
        tokens, period = self._buckets.get(api_id, (capacity, now))
        seconds = int(now - period)
        if seconds > 0:
            tokens = min(capacity, tokens + seconds * limit)
            period += seconds
        if tokens < 1:
            self._buckets[api_id] = (tokens, period)
            return limit
        self._buckets[api_id] = (tokens - 1, period)
        return 0
