"""The breaking-news bus: one interface, over Redis pub/sub or in-process.

Subscribers register a callback and receive decoded :class:`BreakingNews` structs. Every raw
message goes through :func:`agent.news.contract.decode_breaking` on both implementations, so the
in-process path (the demo's simulator) exercises the same contract as Redis. A message that
breaks the contract is logged, counted in ``skipped`` and dropped; a callback that raises is
logged and counted in ``handler_errors``; neither stops the bus.

Callbacks run on the bus's thread (the Redis listener thread, or the publisher's thread for the
in-process bus): they must be quick and thread-safe, e.g. a pykka ``tell``.

:func:`open_bus` picks Redis when ``[redis] url`` is set, else the in-process bus.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

import msgspec
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from agent.news.contract import BreakingNews, ContractError, decode_breaking, encode
from agent.secret import mask_url_credentials
from agent.settings.components import NewsSettings, RedisSettings

log = logging.getLogger(__name__)

Handler = Callable[[BreakingNews], None]
"""A subscriber's callback."""


class BreakingNewsBus(Protocol):
    """Deliver breaking news to subscribers."""

    def subscribe(self, handler: Handler) -> Callable[[], None]:
        """Call ``handler`` for every item from now on; return a function that unsubscribes."""
        ...

    def publish(self, item: BreakingNews) -> None:
        """Send ``item`` to every subscriber (of every process, for Redis)."""
        ...

    def start(self) -> None:
        """Start listening."""
        ...

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and release connections; waits up to ``timeout`` seconds."""
        ...


class _Subscribers:
    """The subscriber list and the decode-and-dispatch step shared by both buses."""

    def __init__(self) -> None:
        self._handlers: tuple[Handler, ...] = ()
        self._lock = threading.Lock()
        self.received = 0
        """Items delivered (each once, whatever the number of subscribers)."""
        self.skipped = 0
        """Messages dropped because they broke the contract."""
        self.handler_errors = 0

    def subscribe(self, handler: Handler) -> Callable[[], None]:
        with self._lock:
            self._handlers = (*self._handlers, handler)

        def unsubscribe() -> None:
            with self._lock:
                self._handlers = tuple(h for h in self._handlers if h is not handler)

        return unsubscribe

    def dispatch_raw(self, raw: bytes | str) -> None:
        try:
            item = decode_breaking(raw)
        except ContractError as exc:
            self.skipped += 1
            log.warning("skipped a breaking-news message: %s", exc)
            return
        self.dispatch(item)

    def dispatch(self, item: BreakingNews) -> None:
        self.received += 1
        for handler in self._handlers:
            try:
                handler(item)
            except Exception:  # one subscriber's bug must not starve the others
                self.handler_errors += 1
                log.exception("a breaking-news subscriber failed on %s", item.code)


class InProcessBus(_Subscribers):
    """Deliver items synchronously on the publisher's thread; for when no Redis is configured.

    The simulator's fake StockNews publishes into it through
    ``CallbackPublisher(bus.publish_encodable)``.
    """

    def publish(self, item: BreakingNews) -> None:
        self.dispatch(item)

    def publish_raw(self, raw: bytes | str) -> None:
        """Deliver one JSON message exactly as the Redis listener would."""
        self.dispatch_raw(raw)

    def publish_encodable(self, message: object) -> None:
        """Deliver any JSON-encodable message (e.g. the simulator's own struct) via the contract."""
        try:
            raw = msgspec.json.encode(message)
        except (TypeError, msgspec.EncodeError) as exc:
            self.skipped += 1
            log.warning("skipped a breaking-news message that is not JSON: %s", exc)
            return
        self.dispatch_raw(raw)

    def start(self) -> None:
        return None

    def stop(self, timeout: float = 5.0) -> None:
        return None


def reconnect_delay(failures: int, initial: float, maximum: float) -> float:
    """Return the wait before the next connection attempt after ``failures`` in a row."""
    if failures <= 0:
        return 0.0
    return float(min(maximum, initial * 2 ** (failures - 1)))


class RedisNewsBus(_Subscribers):
    """Listen on a Redis pub/sub channel in a background thread, reconnecting with backoff.

    redis-py's own retries are switched off so that this loop alone decides when to reconnect,
    how long to wait (``reconnect_delay``; no jitter: one subscriber per process cannot stampede)
    and what is logged. Items published while disconnected are lost: pub/sub keeps nothing, and
    the scores endpoint remains the source of truth for scores.
    """

    def __init__(
        self,
        url: str,
        channel: str,
        *,
        client_name: str = "stockagent-news",
        retry_initial_s: float = 0.1,
        retry_max_s: float = 5.0,
        poll_s: float = 0.2,
        connect_timeout_s: float = 2.0,
        health_check_s: float = 15.0,
    ) -> None:
        super().__init__()
        self.url = url
        self.channel = channel
        self.client_name = client_name
        self._retry_initial = retry_initial_s
        self._retry_max = retry_max_s
        self._poll_s = poll_s
        self._connect_timeout = connect_timeout_s
        self._health_check = health_check_s
        self._client().close()  # a malformed URL is a configuration error, raised now
        self._stopping = threading.Event()
        self._subscribed = threading.Event()
        self._thread: threading.Thread | None = None
        self._publisher: redis.Redis | None = None
        self._failures = 0
        self._ever_subscribed = False
        self.reconnects = 0
        """Subscriptions re-established after a lost connection."""
        self.last_error: str | None = None

    @property
    def subscribed(self) -> bool:
        """Return whether the channel subscription is confirmed right now."""
        return self._subscribed.is_set()

    @property
    def running(self) -> bool:
        """Return whether the listener thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def wait_subscribed(self, timeout: float) -> bool:
        """Block until the subscription is confirmed or ``timeout`` passes; return which."""
        return self._subscribed.wait(timeout)

    def _client(self) -> redis.Redis:
        return redis.Redis.from_url(
            self.url,
            client_name=self.client_name,
            retry=Retry(NoBackoff(), 0),
            socket_connect_timeout=self._connect_timeout,
            socket_keepalive=True,
            health_check_interval=self._health_check,
        )

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="news-bus", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("the breaking-news listener did not stop within %g s", timeout)
            else:
                self._thread = None
        if self._publisher is not None:
            self._publisher.close()
            self._publisher = None

    def publish(self, item: BreakingNews) -> None:
        """Publish ``item`` on the channel; raises ``redis.RedisError`` if Redis is unreachable."""
        if self._publisher is None:
            self._publisher = self._client()
        self._publisher.publish(self.channel, encode(item))

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._listen()
            except Exception as exc:  # the listener outlives every error; it retries
                self._subscribed.clear()
                self._failures += 1
                self.last_error = f"{type(exc).__name__}: {mask_url_credentials(str(exc))}"
                delay = reconnect_delay(self._failures, self._retry_initial, self._retry_max)
                # Warn on the first failure and then every 60th (5 min at the cap), not every try.
                level = logging.WARNING if self._failures % 60 == 1 else logging.DEBUG
                log.log(
                    level,
                    "breaking-news channel %s lost (%s, %d in a row); reconnecting in %g s",
                    self.channel,
                    self.last_error,
                    self._failures,
                    delay,
                )
                self._stopping.wait(delay)
        self._subscribed.clear()

    def _listen(self) -> None:
        client = self._client()
        pubsub = client.pubsub()  # type: ignore[no-untyped-call]  # redis-py leaves it untyped
        try:
            pubsub.subscribe(self.channel)
            while not self._stopping.is_set():
                message = pubsub.get_message(timeout=self._poll_s)
                if message is None:
                    continue
                if message["type"] == "subscribe":
                    self._on_subscribed()
                elif message["type"] == "message":
                    self.dispatch_raw(message["data"])
        finally:
            pubsub.close()
            client.close()

    def _on_subscribed(self) -> None:
        if self._ever_subscribed:
            self.reconnects += 1
        self._ever_subscribed = True
        self._failures = 0
        self.last_error = None
        self._subscribed.set()
        log.info(
            "listening for breaking news on %s at %s", self.channel, mask_url_credentials(self.url)
        )


def open_bus(redis_settings: RedisSettings, news: NewsSettings) -> BreakingNewsBus:
    """Return the Redis bus when ``[redis] url`` is set, else an in-process bus (not started)."""
    if redis_settings.url:
        return RedisNewsBus(redis_settings.url, news.channel)
    return InProcessBus()
