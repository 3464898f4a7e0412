"""The client reads the simulator's fake StockNews: the contract and the simulator agree."""

from __future__ import annotations

from datetime import date, datetime

from agent.clock import KST, ManualClock
from agent.news.client import NewsClient
from agent.settings.components import NewsSettings
from krxsim import RateProfile, RunningSimulator, SimulatorConfig


def test_scores_from_the_simulator_decode_and_follow_its_script() -> None:
    clock = ManualClock(datetime(2026, 11, 24, 8, 30, tzinfo=KST))
    config = SimulatorConfig(
        trading_date=date(2026, 11, 24), rate_profile=RateProfile.OFF, listed_codes=300
    )
    with RunningSimulator(config, clock=clock) as sim:
        surge = sim.runtime.venue.market.script.surges[0]
        with NewsClient(NewsSettings(cache_ttl_s=60.0), clock, base_url=sim.base_url) as client:
            before = client.scores([surge.code, "999999"])
            clock.set(surge.start)
            after = client.scores([surge.code])

    quiet = before[surge.code]
    assert quiet is not None
    assert (quiet.score, quiet.has_news) == (0, False)
    assert before["999999"] is None
    story = after[surge.code]
    assert story is not None
    assert story.score >= 80
    assert story.headline
    assert story.published_at is not None
    assert story.published_at <= surge.start
    assert client.last_error is None
