"""Which notices go out together, and when: pure, fed notices and monotonic seconds.

* A notice waits up to ``window_s`` for others, so a burst of fills is one message.
* At most ``per_minute`` messages leave in any 60 s; past that, notices keep gathering into
  the next message instead of queueing messages (a phone is not a log).
* An urgent notice (a stop, the kill switch, the broker lost...) goes at once, taking whatever
  else is waiting with it, and is not held by the rate.
"""

from __future__ import annotations

from collections import deque

from msgspec import Struct

from agent.notify.notices import SEVERE, Notice
from agent.notify.texts import Lang, body_of, title_of

RATE_PERIOD_S = 60.0


class Message(Struct, frozen=True, kw_only=True):
    """What one send carries."""

    title: str
    body: str
    severe: bool
    notices: int


class Batcher:
    def __init__(self, lang: Lang = "ko", *, window_s: float = 10.0, per_minute: int = 6) -> None:
        if window_s < 0 or per_minute < 1:
            raise ValueError("window_s must be >= 0 and per_minute >= 1")
        self.lang = lang
        self.window_s = window_s
        self.per_minute = per_minute
        self._pending: list[Notice] = []
        self._first_at: float | None = None
        self._sent: deque[float] = deque()

    def add(self, notice: Notice, now: float) -> None:
        if not self._pending:
            self._first_at = now
        self._pending.append(notice)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def wait_s(self, now: float) -> float | None:
        """Seconds until :meth:`take` may return a message (0: now); None: nothing waits."""
        if not self._pending or self._first_at is None:
            return None
        if any(n.urgent for n in self._pending):
            return 0.0
        due = self._first_at + self.window_s
        self._forget_old(now)
        if len(self._sent) >= self.per_minute:
            due = max(due, self._sent[0] + RATE_PERIOD_S)
        return max(0.0, due - now)

    def take(self, now: float) -> Message | None:
        """Return the message due at ``now`` (everything waiting), or None."""
        wait = self.wait_s(now)
        if wait is None or wait > 0:
            return None
        return self.flush(now)

    def flush(self, now: float) -> Message | None:
        """Return everything waiting as one message, due or not (at shutdown)."""
        if not self._pending:
            return None
        notices, self._pending, self._first_at = self._pending, [], None
        self._sent.append(now)
        return Message(
            title=title_of(notices, self.lang),
            body=body_of(notices, self.lang),
            severe=any(n.kind in SEVERE for n in notices),
            notices=len(notices),
        )

    def _forget_old(self, now: float) -> None:
        while self._sent and self._sent[0] <= now - RATE_PERIOD_S:
            self._sent.popleft()
