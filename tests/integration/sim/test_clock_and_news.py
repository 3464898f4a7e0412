from __future__ import annotations

import json
from datetime import datetime, timedelta

import httpx
import pytest
import redis

from agent.clock import KST, ManualClock
from krxsim.news.publisher import CallbackPublisher
from krxsim.news.shapes import BREAKING_CHANNEL, BreakingNews
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import config
from tests.support.services import REDIS_URL, require
from tests.support.waiting import wait_until


def test_the_market_clock_is_served_outside_kiwoom_paths(sim: RunningSimulator) -> None:
    body = httpx.get(sim.base_url + "/sim/clock").json()

    assert body["now"] == "2026-11-24T09:30:00+09:00"
    assert body["phase"] == "continuous"
    assert body["trading_date"] == "2026-11-24"
    assert body["speed"] == 1.0


def test_news_scores_follow_the_script(clock: ManualClock) -> None:
    early = ManualClock(datetime(2026, 11, 24, 8, 30, tzinfo=KST))
    with RunningSimulator(config(), clock=early) as sim:
        surge = sim.runtime.venue.market.script.surges[0]
        url = f"{sim.base_url}/news/v1/scores?codes={surge.code},005930,999999"
        before = httpx.get(url).json()
        early.set(surge.start)
        after = httpx.get(url).json()

    assert [s["code"] for s in before["scores"]] == [surge.code, "005930"]
    assert before["scores"][0] == {
        "code": surge.code,
        "score": 0,
        "headline": None,
        "source": None,
        "published_at": None,
    }
    assert after["scores"][0]["score"] >= 80
    assert after["scores"][0]["headline"]
    assert datetime.fromisoformat(after["scores"][0]["published_at"]) <= surge.start


def test_breaking_news_reaches_an_in_process_callback() -> None:
    received: list[BreakingNews] = []
    early = ManualClock(datetime(2026, 11, 24, 8, 30, tzinfo=KST))
    with RunningSimulator(
        config(), clock=early, publisher=CallbackPublisher(received.append)
    ) as sim:
        surges = sim.runtime.venue.market.script.surges
        early.set(surges[-1].start + timedelta(minutes=1))
        wait_until(lambda: len(received) == len(surges), message="for every surge's story")

    assert {item.code for item in received} == {s.code for s in surges}
    assert all(item.score >= 80 for item in received)


@pytest.mark.redis
def test_breaking_news_is_published_on_redis_as_json() -> None:
    require("Redis", REDIS_URL, 6379)
    client = redis.Redis.from_url(REDIS_URL)
    pubsub = client.pubsub()
    pubsub.subscribe(BREAKING_CHANNEL)
    wait_until(lambda: pubsub.get_message(timeout=0.1), message="for the subscription")
    early = ManualClock(datetime(2026, 11, 24, 8, 30, tzinfo=KST))
    try:
        with RunningSimulator(config(redis_url=REDIS_URL), clock=early) as sim:
            first = sim.runtime.venue.market.script.surges[0]
            early.set(first.start)
            message = wait_until(lambda: pubsub.get_message(timeout=0.1), message="for a story")
    finally:
        pubsub.close()
        client.close()

    item = json.loads(message["data"])
    assert set(item) == {"code", "name", "score", "headline", "source", "published_at"}
    assert item["score"] >= 80
