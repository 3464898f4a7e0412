"""The snapshot board: actors publish immutable state and events; the web layer reads them.

Readers never ask an actor anything on the hot path: they read the latest snapshots and
subscribe to events. Publishing takes a short lock, appends to a bounded history and offers
the event to each subscription, none of which can block (see :class:`Subscription`).
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any, TypeVar, cast

from actors.board.events import Envelope, LiveEvent, Snapshot, Topic
from actors.board.subscription import Subscription, make_filter
from agent.clock import Clock, RealClock

D = TypeVar("D")


class SnapshotBoard:
    """Thread-safe latest-state store plus a fan-out event stream."""

    def __init__(self, clock: Clock | None = None, history: int = 1_000) -> None:
        self._clock = clock or RealClock()
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._snapshots: dict[str, Snapshot] = {}
        self._history: deque[LiveEvent] = deque(maxlen=history)
        self._subscriptions: list[Subscription] = []

    def publish_snapshot(self, source: str, data: Any, at: datetime | None = None) -> Snapshot:
        """Replace ``source``'s snapshot with ``data`` (which must be immutable)."""
        with self._lock:
            previous = self._snapshots.get(source)
            snapshot = Snapshot(
                source=source,
                version=1 if previous is None else previous.version + 1,
                at=at or self._clock.now(),
                data=data,
            )
            self._snapshots[source] = snapshot
        return snapshot

    def remove_snapshot(self, source: str) -> None:
        """Forget ``source`` (a stock no longer watched)."""
        with self._lock:
            self._snapshots.pop(source, None)

    def snapshot(self, source: str) -> Snapshot | None:
        with self._lock:
            return self._snapshots.get(source)

    def snapshots(self, prefix: str = "") -> dict[str, Snapshot]:
        """Return the latest snapshots whose source starts with ``prefix``."""
        with self._lock:
            return {k: v for k, v in self._snapshots.items() if k.startswith(prefix)}

    def publish(
        self,
        kind: type[Envelope[D]],
        source: str,
        data: D,
        code: str | None = None,
        at: datetime | None = None,
    ) -> LiveEvent:
        """Append a ``kind`` event (one of :data:`LiveEvent`, which fixes the topic and the
        type of ``data``) and hand it to every subscription; never blocks on a reader."""
        with self._lock:
            built = kind(
                seq=next(self._seq), at=at or self._clock.now(), source=source, code=code, data=data
            )
            # Every Envelope subclass is a LiveEvent member (tests/unit/actors/board).
            event = cast("LiveEvent", built)
            self._history.append(event)
            subscriptions = tuple(self._subscriptions)
        for subscription in subscriptions:
            subscription.offer(event)
        return event

    def recent(
        self, limit: int = 100, topics: Collection[Topic] = (), codes: Collection[str] = ()
    ) -> list[LiveEvent]:
        """Return up to ``limit`` of the newest retained events, oldest first."""
        wanted = make_filter(topics, codes)
        with self._lock:
            events = [event for event in self._history if wanted.matches(event)]
        return events[-limit:] if limit else []

    def subscribe(
        self,
        topics: Collection[Topic] = (),
        codes: Collection[str] = (),
        capacity: int = 1_000,
        on_ready: Callable[[], None] | None = None,
    ) -> Subscription:
        """Return a new subscription; ``on_ready`` runs in the publisher's thread."""
        subscription = Subscription(
            make_filter(topics, codes), capacity, on_ready=on_ready, on_close=self._forget
        )
        with self._lock:
            self._subscriptions.append(subscription)
        return subscription

    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscriptions)

    def _forget(self, subscription: Subscription) -> None:
        with self._lock:
            if subscription in self._subscriptions:
                self._subscriptions.remove(subscription)
