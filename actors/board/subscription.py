"""A reader's bounded mailbox on the board: never blocks the publisher, coalesces, then drops."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass

from actors.board.events import COALESCED, LiveEvent, Topic


@dataclass(frozen=True)
class Filter:
    """Which events a reader wants; empty means all."""

    topics: frozenset[Topic] = frozenset()
    codes: frozenset[str] = frozenset()

    def matches(self, event: LiveEvent) -> bool:
        if self.topics and event.topic not in self.topics:
            return False
        # Events without a code (system status, restarts) reach every code filter.
        return not (self.codes and event.code is not None and event.code not in self.codes)


class Subscription:
    """Events for one reader, at most ``capacity`` queued.

    Publishing is O(1) and takes only this subscription's lock. When the reader falls behind, a
    newer price/position/status for the same code replaces the queued one (``coalesced``); when
    the queue is still full the oldest event is dropped (``dropped``) and the reader can tell
    from the gap in ``seq``.
    """

    def __init__(
        self,
        filter_: Filter,
        capacity: int,
        on_ready: Callable[[], None] | None = None,
        on_close: Callable[[Subscription], None] | None = None,
    ) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.filter = filter_
        self.capacity = capacity
        self._on_ready = on_ready
        self._on_close = on_close
        self._queue: OrderedDict[tuple[object, ...], LiveEvent] = OrderedDict()
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self.coalesced = 0
        self.dropped = 0
        self.closed = False

    def offer(self, event: LiveEvent) -> None:
        """Queue ``event`` if the filter wants it; never blocks beyond a dict operation."""
        if self.closed or not self.filter.matches(event):
            return
        key = (event.topic, event.code) if event.topic in COALESCED else ("seq", event.seq)
        with self._lock:
            if key in self._queue:
                del self._queue[key]
                self.coalesced += 1
            elif len(self._queue) >= self.capacity:
                self._queue.popitem(last=False)
                self.dropped += 1
            self._queue[key] = event
            self._ready.set()
        if self._on_ready is not None:
            self._on_ready()

    def drain(self, limit: int | None = None) -> list[LiveEvent]:
        """Take up to ``limit`` queued events, oldest first."""
        with self._lock:
            count = len(self._queue) if limit is None else min(limit, len(self._queue))
            batch = [self._queue.popitem(last=False)[1] for _ in range(count)]
            if not self._queue:
                self._ready.clear()
        return sorted(batch, key=lambda event: event.seq)

    def wait(self, timeout: float | None = None) -> bool:
        """Block a reader thread until something is queued; True if something is."""
        return self._ready.wait(timeout)

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def close(self) -> None:
        """Stop receiving; the board forgets this subscription."""
        self.closed = True
        if self._on_close is not None:
            self._on_close(self)


def make_filter(topics: Collection[Topic] = (), codes: Collection[str] = ()) -> Filter:
    return Filter(topics=frozenset(topics), codes=frozenset(codes))
