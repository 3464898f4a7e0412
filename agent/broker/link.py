"""Whether the broker answers: the outcome of every call, folded into up or lost.

One failed call is noise (a dropped connection, a 5xx); a broker that has not answered for
``lost_after_s`` while calls keep failing is lost. The first answer after that is the broker
back. An authentication failure (the token could not be issued or was refused) is told on its
own, once per episode. Transitions are returned for the caller to record (a system event, a
notification): this module keeps no threads and does no I/O.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Literal

from msgspec import Struct


class LinkState(StrEnum):
    UNKNOWN = "unknown"
    """No call finished yet."""
    UP = "up"
    LOST = "lost"


LinkKind = Literal["lost", "back", "token_failed"]


class LinkChange(Struct, frozen=True, kw_only=True):
    """A transition worth telling: the broker lost, back, or its token refused."""

    kind: LinkKind
    error: str | None = None
    down_s: float | None = None


class LinkStatus(Struct, frozen=True, kw_only=True):
    state: LinkState
    last_ok_at: datetime | None
    """When a broker call last succeeded (wall time)."""
    last_error: str | None
    failures: int
    """Failed calls since the last success."""


class BrokerLink:
    """Thread-safe: every broker call reports here (:meth:`ok` or :meth:`failed`)."""

    def __init__(
        self,
        *,
        lost_after_s: float = 15.0,
        min_failures: int = 3,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._lost_after_s = lost_after_s
        self._min_failures = min_failures
        self._monotonic = monotonic
        self._wall = wall or (lambda: datetime.now().astimezone())
        self._state = LinkState.UNKNOWN
        self._last_ok: float | None = None
        self._last_ok_at: datetime | None = None
        self._first_failure: float | None = None
        self._failures = 0
        self._last_error: str | None = None
        self._token_told = False
        self.listeners: list[Callable[[LinkChange], None]] = []
        """Told every change, in the reporting thread (keep them quick: record, tell)."""

    def status(self) -> LinkStatus:
        with self._lock:
            return LinkStatus(
                state=self._state,
                last_ok_at=self._last_ok_at,
                last_error=self._last_error,
                failures=self._failures,
            )

    def ok(self) -> LinkChange | None:
        """A call got the broker's answer (a refusal is an answer too)."""
        now = self._monotonic()
        with self._lock:
            change = None
            if self._state is LinkState.LOST:
                began = self._first_failure if self._first_failure is not None else now
                change = LinkChange(kind="back", down_s=round(now - began, 1))
            self._state = LinkState.UP
            self._last_ok, self._last_ok_at = now, self._wall()
            self._first_failure = None
            self._failures, self._token_told = 0, False
        return self._tell(change)

    def failed(self, error: str, *, token: bool = False) -> LinkChange | None:
        """A call got no answer (network, timeout, 5xx), or ``token``: the login failed."""
        now = self._monotonic()
        with self._lock:
            self._failures += 1
            self._last_error = error
            if self._first_failure is None:
                self._first_failure = now
            if token and not self._token_told:
                self._token_told = True
                change: LinkChange | None = LinkChange(kind="token_failed", error=error)
            elif self._state is not LinkState.LOST and self._is_lost(now):
                self._state = LinkState.LOST
                change = LinkChange(kind="lost", error=error)
            else:
                change = None
        return self._tell(change)

    def _is_lost(self, now: float) -> bool:
        # Measured from the streak's first failure, not the last success: after a quiet hour
        # (no calls) one blip retried three times is not a lost broker.
        if self._failures < self._min_failures or self._first_failure is None:
            return False
        return now - self._first_failure >= self._lost_after_s

    def _tell(self, change: LinkChange | None) -> LinkChange | None:
        if change is not None:
            for listener in list(self.listeners):
                listener(change)
        return change
