"""The notification thread: takes notices without blocking, batches them, sends them.

:meth:`Notifier.notify` only appends to a bounded queue, so an actor that reports a fill never
waits on a phone service; a full queue drops the oldest notice and counts it. A target that
keeps failing is logged once when it starts failing and once when it works again.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from agent.notify.batcher import Batcher, Message
from agent.notify.notices import Notice
from agent.notify.sender import Delivery, Sender

log = logging.getLogger(__name__)

IDLE_WAIT_S = 5.0


class Notifier:
    def __init__(
        self,
        sender: Sender,
        batcher: Batcher,
        *,
        capacity: int = 1_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sender = sender
        self._batcher = batcher
        self._queue: queue.Queue[Notice | None] = queue.Queue(maxsize=capacity)
        self._clock = clock
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._failing: set[str] = set()
        self.dropped = 0
        self.sent = 0
        self.failed = 0

    @property
    def targets(self) -> list[str]:
        return list(self._sender.targets)

    def notify(self, notice: Notice) -> None:
        """Queue ``notice``; never blocks (the oldest waiting one gives way when full)."""
        while True:
            try:
                self._queue.put_nowait(notice)
                return
            except queue.Full:
                try:
                    self._queue.get_nowait()
                    self.dropped += 1
                except queue.Empty:
                    pass

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()  # started again after a stop (POST /system/start)
        self._thread = threading.Thread(target=self._run, name="notifier", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Send what waits (the shutdown's own notices included), then end the thread."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        self._queue.put(None)
        thread.join(timeout)
        if thread.is_alive():
            log.warning("notifications still sending after %.0f s: left behind", timeout)

    def _run(self) -> None:
        while True:
            wait = self._batcher.wait_s(self._clock())
            try:
                item = self._queue.get(timeout=IDLE_WAIT_S if wait is None else max(wait, 0.01))
            except queue.Empty:
                item = None
            else:
                if item is not None:
                    self._batcher.add(item, self._clock())
                    self._drain_queued()
            if self._stopping.is_set():
                self._drain_queued()
                message = self._batcher.flush(self._clock())
                if message is not None:
                    self._deliver(message)
                return
            message = self._batcher.take(self._clock())
            if message is not None:
                self._deliver(message)

    def _drain_queued(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                self._batcher.add(item, self._clock())

    def _deliver(self, message: Message) -> None:
        try:
            deliveries = self._sender.send(message)
        except Exception:  # the thread must outlive any sender bug
            log.exception("notification not sent")
            self.failed += 1
            return
        for delivery in deliveries:
            self._account(delivery)

    def _account(self, delivery: Delivery) -> None:
        if delivery.ok:
            self.sent += 1
            if delivery.target in self._failing:
                self._failing.discard(delivery.target)
                log.info("notification target %s works again", delivery.target)
            return
        self.failed += 1
        if delivery.target not in self._failing:
            self._failing.add(delivery.target)
            log.warning(
                "notification target %s failed: %s (not logged again until it works)",
                delivery.target,
                delivery.error,
            )
