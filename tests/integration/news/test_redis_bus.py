"""The Redis breaking-news bus against the real Redis at 127.0.0.1:6379.

Each test listens on a channel and under a client name of its own: pub/sub channels are shared
by every database of the server, and other suites may publish on ``news_breaking_kr``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime

import pytest
import redis

from agent.clock import KST
from agent.news.bus import RedisNewsBus
from agent.news.contract import BreakingNews, encode
from tests.support.services import REDIS_URL, require
from tests.support.waiting import wait_until

pytestmark = pytest.mark.redis


def story(code: str = "005930", score: int = 91) -> BreakingNews:
    return BreakingNews(
        code=code,
        name="삼성전자",
        score=score,
        headline="삼성전자, 신규 수주",
        source="연합뉴스",
        published_at=datetime(2026, 11, 24, 9, 10, 35, tzinfo=KST),
    )


@pytest.fixture
def admin() -> Iterator[redis.Redis]:
    require("Redis", REDIS_URL, 6379)
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    client.close()


@pytest.fixture
def bus(admin: redis.Redis) -> Iterator[RedisNewsBus]:
    suffix = uuid.uuid4().hex[:12]
    news_bus = RedisNewsBus(
        REDIS_URL,
        f"news_test_{suffix}",
        client_name=f"stockagent-news-test-{suffix}",
        retry_initial_s=0.05,
        retry_max_s=0.5,
        poll_s=0.05,
    )
    news_bus.start()
    try:
        assert news_bus.wait_subscribed(5.0), news_bus.last_error
        yield news_bus
    finally:
        news_bus.stop(timeout=5.0)


def collect(bus: RedisNewsBus) -> list[BreakingNews]:
    received: list[BreakingNews] = []
    bus.subscribe(received.append)
    return received


def test_a_published_message_reaches_the_subscriber(bus: RedisNewsBus, admin: redis.Redis) -> None:
    received = collect(bus)

    admin.publish(bus.channel, encode(story()))

    wait_until(lambda: received, message="for the story")
    assert received == [story()]


def test_the_bus_publishes_to_its_own_channel(bus: RedisNewsBus) -> None:
    received = collect(bus)

    bus.publish(story("000660", 75))

    wait_until(lambda: received, message="for the story")
    assert received == [story("000660", 75)]


def test_a_malformed_message_is_skipped_and_the_next_one_delivered(
    bus: RedisNewsBus, admin: redis.Redis
) -> None:
    received = collect(bus)

    admin.publish(bus.channel, b'{"code": "005930", "score": 91}')
    admin.publish(bus.channel, b"\xff\xfe not json")
    admin.publish(bus.channel, encode(story()))

    wait_until(lambda: received, message="for the good story")
    assert received == [story()]
    assert bus.skipped == 2
    assert bus.running


def test_the_bus_resubscribes_after_its_connection_is_killed(
    bus: RedisNewsBus, admin: redis.Redis
) -> None:
    received = collect(bus)
    (mine,) = [c for c in admin.client_list() if c["name"] == bus.client_name]

    admin.client_kill_filter(_id=mine["id"])
    wait_until(lambda: bus.reconnects >= 1, message="for the bus to resubscribe")
    wait_until(lambda: bus.subscribed, message="for the new subscription")
    admin.publish(bus.channel, encode(story()))

    wait_until(lambda: received, message="for a story after the reconnect")
    assert received == [story()]
    assert bus.last_error is None
    (again,) = [c for c in admin.client_list() if c["name"] == bus.client_name]
    assert again["id"] != mine["id"]


def test_stop_unsubscribes_and_ends_the_listener(bus: RedisNewsBus, admin: redis.Redis) -> None:
    bus.stop(timeout=5.0)

    assert not bus.running
    assert not bus.subscribed
    wait_until(
        lambda: admin.pubsub_numsub(bus.channel) == [(bus.channel.encode(), 0)],
        message="for the server to drop the subscription",
    )
