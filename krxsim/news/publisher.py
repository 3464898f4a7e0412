"""Where breaking news goes: Redis pub/sub when a URL is configured, else a callback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import msgspec
import redis

from krxsim.news.shapes import BREAKING_CHANNEL, BreakingNews


class NewsPublisher(Protocol):
    """Deliver one breaking-news item."""

    def publish(self, item: BreakingNews) -> None: ...

    def close(self) -> None: ...


class CallbackPublisher:
    """Hand items to an in-process callback (or drop them when there is none)."""

    def __init__(self, callback: Callable[[BreakingNews], None] | None = None) -> None:
        self.callback = callback

    def publish(self, item: BreakingNews) -> None:
        if self.callback is not None:
            self.callback(item)

    def close(self) -> None:
        return None


class RedisPublisher:
    """Publish items as JSON on the ``news_breaking_kr`` channel."""

    def __init__(self, url: str, channel: str = BREAKING_CHANNEL) -> None:
        self._client = redis.Redis.from_url(url)
        self.channel = channel

    def publish(self, item: BreakingNews) -> None:
        self._client.publish(self.channel, msgspec.json.encode(item))

    def close(self) -> None:
        self._client.close()
