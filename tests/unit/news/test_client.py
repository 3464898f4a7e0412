"""The StockNews client against a small real HTTP service on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import anyio
import pytest
from litestar import Litestar, Response, get
from litestar.params import FromQuery

from agent.clock import KST, ManualClock
from agent.news.client import NewsClient
from agent.settings.components import NewsSettings
from tests.support.servers import serve

START = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
TTL = 60.0


class FakeStockNews:
    """A scripted StockNews: rows per code, a failure mode, and a record of every request."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.mode = "ok"
        self.calls: list[list[str]] = []
        self.release = threading.Event()
        """Ends a slow answer early, so the server can shut down without waiting for it."""

    def reset(self) -> None:
        self.rows.clear()
        self.mode = "ok"
        self.calls.clear()
        self.release.clear()

    def score(self, code: str, score: int, headline: str = "기사") -> None:
        self.rows[code] = {
            "code": code,
            "score": score,
            "headline": headline,
            "source": "연합뉴스",
            "published_at": "2026-11-24T08:55:00+09:00",
        }

    def app(self) -> Litestar:
        @get("/news/v1/scores")
        async def scores(codes: FromQuery[str] = "") -> Response[bytes]:
            wanted = [c for c in codes.split(",") if c]
            self.calls.append(wanted)
            if self.mode == "error":
                return Response(b'{"detail": "down"}', status_code=503)
            if self.mode == "broken":
                return Response(b'{"as_of": "yesterday", "scores": []}')
            if self.mode == "slow":
                await anyio.to_thread.run_sync(self.release.wait, 3.0)
            body = {
                "as_of": "2026-11-24T09:00:00+09:00",
                "scores": [self.rows[c] for c in wanted if c in self.rows],
            }
            return Response(json.dumps(body).encode(), media_type="application/json")

        return Litestar([scores])


@pytest.fixture(scope="module")
def service() -> Iterator[tuple[FakeStockNews, str]]:
    fake = FakeStockNews()
    with serve(fake.app()) as url:
        yield fake, url


@pytest.fixture
def news(service: tuple[FakeStockNews, str]) -> Iterator[FakeStockNews]:
    service[0].reset()
    yield service[0]
    service[0].release.set()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def client(service: tuple[FakeStockNews, str], clock: ManualClock) -> Iterator[NewsClient]:
    with NewsClient(
        NewsSettings(stocknews_url=service[1], cache_ttl_s=TTL),
        clock,
        batch_size=3,
        timeout_s=0.3,
        max_stale_s=300.0,
    ) as news_client:
        yield news_client


def test_scores_are_fetched_and_unknown_codes_are_none(
    news: FakeStockNews, client: NewsClient
) -> None:
    news.score("005930", 91)
    news.score("000660", 40)

    result = client.scores(["005930", "000660", "999999"])

    assert set(result) == {"005930", "000660", "999999"}
    assert result["005930"] is not None
    assert (result["005930"].score, result["005930"].headline) == (91, "기사")
    assert result["000660"] is not None
    assert result["000660"].score == 40
    assert result["999999"] is None
    assert client.last_error is None


def test_a_score_younger_than_the_ttl_is_served_without_a_request(
    news: FakeStockNews, client: NewsClient, clock: ManualClock
) -> None:
    news.score("005930", 91)
    client.scores(["005930"])
    news.score("005930", 50)

    clock.advance(TTL - 1)
    cached = client.scores(["005930"])
    clock.advance(1)
    refreshed = client.scores(["005930"])

    assert cached["005930"] is not None
    assert cached["005930"].score == 91
    assert refreshed["005930"] is not None
    assert refreshed["005930"].score == 50
    assert news.calls == [["005930"], ["005930"]]


def test_unknown_codes_are_cached_too(
    news: FakeStockNews, client: NewsClient, clock: ManualClock
) -> None:
    client.scores(["999999"])
    clock.advance(TTL / 2)

    result = client.scores(["999999"])

    assert result == {"999999": None}
    assert len(news.calls) == 1


def test_only_missing_codes_are_asked_for_in_batches(
    news: FakeStockNews, client: NewsClient
) -> None:
    codes = [f"00000{n}" for n in range(7)]
    for code in codes:
        news.score(code, 10)
    client.scores(codes[:2])

    result = client.scores([*codes, codes[0]])

    assert list(result) == codes
    assert news.calls == [codes[:2], codes[2:5], codes[5:7]]
    assert client.requests == 3


@pytest.mark.parametrize("mode", ["error", "broken"])
def test_a_failing_service_serves_fresh_enough_cache_and_none_otherwise(
    news: FakeStockNews, client: NewsClient, clock: ManualClock, mode: str
) -> None:
    news.score("005930", 91)
    news.score("000660", 40)
    client.scores(["005930"])
    clock.advance(TTL + 1)
    news.mode = mode

    result = client.scores(["005930", "000660"])

    assert result["005930"] is not None
    assert result["005930"].score == 91
    assert result["000660"] is None
    assert client.last_error is not None
    assert client.last_error.failures == 1
    assert client.last_error.at == clock.now()


def test_a_cached_score_older_than_max_stale_is_not_served_when_the_service_fails(
    news: FakeStockNews, client: NewsClient, clock: ManualClock
) -> None:
    news.score("005930", 91)
    client.scores(["005930"])
    clock.advance(300.0)
    news.mode = "error"

    result = client.scores(["005930"])

    assert result == {"005930": None}


def test_a_slow_service_costs_one_timeout_and_is_reported(
    news: FakeStockNews, client: NewsClient
) -> None:
    news.mode = "slow"
    started = time.monotonic()

    result = client.scores(["005930", "000660", "035720", "051910"])

    assert result == dict.fromkeys(["005930", "000660", "035720", "051910"])
    assert time.monotonic() - started < 2.0  # did not wait for the answer
    assert len(news.calls) == 1  # the second batch is not tried after the first timed out
    assert client.last_error is not None
    assert "0.3" in client.last_error.message


def test_after_a_failure_the_service_rests_for_a_backoff_then_recovers(
    news: FakeStockNews, client: NewsClient, clock: ManualClock
) -> None:
    news.score("005930", 91)
    news.mode = "error"
    client.scores(["005930"])
    news.mode = "ok"

    resting = client.scores(["005930"])
    clock.advance(1.0)
    recovered = client.scores(["005930"])

    assert resting == {"005930": None}
    assert len(news.calls) == 2
    assert recovered["005930"] is not None
    assert client.last_error is None


def test_consecutive_failures_double_the_rest(
    news: FakeStockNews, client: NewsClient, clock: ManualClock
) -> None:
    news.mode = "error"
    client.scores(["005930"])
    clock.advance(1.0)
    client.scores(["005930"])
    clock.advance(1.5)
    client.scores(["005930"])
    clock.advance(0.5)
    client.scores(["005930"])

    assert len(news.calls) == 3
    assert client.last_error is not None
    assert client.last_error.failures == 3


def test_an_unreachable_service_never_raises(clock: ManualClock) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = NewsSettings(stocknews_url=f"http://user:hunter2@127.0.0.1:{port}")

    with NewsClient(settings, clock, timeout_s=0.5) as unreachable:
        result = unreachable.scores(["005930"])

    assert result == {"005930": None}
    assert unreachable.last_error is not None
    assert "hunter2" not in unreachable.last_error.message


def test_a_client_without_a_url_is_a_configuration_error(clock: ManualClock) -> None:
    with pytest.raises(ValueError, match="stocknews_url"):
        NewsClient(NewsSettings(), clock)
