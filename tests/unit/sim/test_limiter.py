"""The per-api-id budget: Kiwoom's mock lets two calls through back to back, then one a second."""

from __future__ import annotations

from krxsim.config import RateProfile, SimulatorConfig
from krxsim.server.limiter import RateLimiter


def limiter(config: SimulatorConfig, now: list[float]) -> RateLimiter:
    return RateLimiter(config.rate_limit, lambda: now[0], capacity=config.rate_capacity)


def test_the_mock_budget_admits_a_burst_of_two_then_one_a_second() -> None:
    now = [100.0]
    mock = limiter(SimulatorConfig(rate_profile=RateProfile.MOCK), now)

    assert [mock.admit("ka10001") for _ in range(3)] == [0, 0, 1]
    assert mock.admit("ka10081") == 0
    now[0] += 0.99
    assert mock.admit("ka10001") == 1
    now[0] += 0.01
    assert [mock.admit("ka10001") for _ in range(2)] == [0, 1]
    now[0] += 5.0
    assert [mock.admit("ka10001") for _ in range(3)] == [0, 0, 1]


def test_the_real_budget_admits_five_within_a_second_and_refuses_the_sixth() -> None:
    now = [100.0]
    real = limiter(SimulatorConfig(rate_profile=RateProfile.REAL), now)

    assert [real.admit("kt10000") for _ in range(6)] == [0, 0, 0, 0, 0, 5]
    now[0] += 1.0
    assert real.admit("kt10000") == 0


def test_no_profile_counts_nothing() -> None:
    now = [100.0]
    off = limiter(SimulatorConfig(rate_profile=RateProfile.OFF), now)

    assert all(off.admit("ka10001") == 0 for _ in range(50))
