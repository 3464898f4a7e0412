from __future__ import annotations

import socket
from datetime import date, datetime, timedelta

import pytest

from agent.clock import KST, ManualClock
from agent.news.bus import InProcessBus, RedisNewsBus, open_bus, reconnect_delay
from agent.news.contract import BreakingNews, encode
from agent.settings.components import NewsSettings, RedisSettings
from krxsim import RateProfile, RunningSimulator, SimulatorConfig
from krxsim.news.publisher import CallbackPublisher
from tests.support.waiting import wait_until

ITEM = BreakingNews(
    code="005930",
    name="삼성전자",
    score=91,
    headline="삼성전자, 신규 수주",
    source="연합뉴스",
    published_at=datetime(2026, 11, 24, 9, 10, 35, tzinfo=KST),
)


def test_every_subscriber_receives_each_item_until_it_unsubscribes() -> None:
    bus = InProcessBus()
    first: list[BreakingNews] = []
    second: list[BreakingNews] = []
    bus.subscribe(first.append)
    unsubscribe = bus.subscribe(second.append)

    bus.publish(ITEM)
    unsubscribe()
    bus.publish(ITEM)

    assert first == [ITEM, ITEM]
    assert second == [ITEM]
    assert bus.received == 2


def test_raw_messages_go_through_the_contract_and_bad_ones_are_skipped() -> None:
    bus = InProcessBus()
    received: list[BreakingNews] = []
    bus.subscribe(received.append)

    bus.publish_raw(b'{"code": "005930", "score": "high"}')
    bus.publish_raw(b"not json")
    bus.publish_encodable({"set": {1, 2}})
    bus.publish_raw(encode(ITEM))

    assert received == [ITEM]
    assert bus.skipped == 3


def test_a_failing_subscriber_does_not_starve_the_others() -> None:
    bus = InProcessBus()
    received: list[BreakingNews] = []

    def broken(item: BreakingNews) -> None:
        raise RuntimeError(f"bug on {item.code}")

    bus.subscribe(broken)
    bus.subscribe(received.append)

    bus.publish(ITEM)

    assert received == [ITEM]
    assert bus.handler_errors == 1


def test_the_simulators_breaking_news_reaches_the_in_process_bus() -> None:
    bus = InProcessBus()
    received: list[BreakingNews] = []
    bus.subscribe(received.append)
    clock = ManualClock(datetime(2026, 11, 24, 8, 30, tzinfo=KST))
    config = SimulatorConfig(
        trading_date=date(2026, 11, 24),
        rate_profile=RateProfile.OFF,
        listed_codes=300,
        market_tick_seconds=0.01,
    )
    with RunningSimulator(
        config, clock=clock, publisher=CallbackPublisher(bus.publish_encodable)
    ) as sim:
        surges = sim.runtime.venue.market.script.surges
        clock.set(surges[-1].start + timedelta(minutes=1))
        wait_until(lambda: len(received) >= len(surges), message="for every surge's story")

    assert {s.code for s in surges} <= {item.code for item in received}
    assert all(item.published_at.tzinfo is not None for item in received)
    assert bus.skipped == 0


@pytest.mark.parametrize(("failures", "delay"), [(0, 0.0), (1, 0.1), (2, 0.2), (4, 0.8), (10, 5.0)])
def test_the_reconnect_delay_doubles_up_to_a_cap(failures: int, delay: float) -> None:
    assert reconnect_delay(failures, initial=0.1, maximum=5.0) == pytest.approx(delay)


def test_open_bus_uses_redis_only_when_a_url_is_configured() -> None:
    assert isinstance(open_bus(RedisSettings(), NewsSettings()), InProcessBus)
    bus = open_bus(RedisSettings(url="redis://127.0.0.1:6379/0"), NewsSettings(channel="c"))
    assert isinstance(bus, RedisNewsBus)
    assert bus.channel == "c"


def test_a_redis_bus_without_a_server_keeps_retrying_and_stops_cleanly() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bus = RedisNewsBus(
        f"redis://:hunter2@127.0.0.1:{port}/0", "news_test", retry_initial_s=0.01, retry_max_s=0.05
    )

    bus.start()
    try:
        wait_until(lambda: bus.last_error is not None, message="for a connection error")
    finally:
        bus.stop(timeout=2.0)

    assert not bus.running
    assert not bus.subscribed
    assert bus.last_error is not None
    assert "hunter2" not in bus.last_error


def test_a_malformed_redis_url_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="scheme"):
        RedisNewsBus("http://127.0.0.1:6379", "news_test")
