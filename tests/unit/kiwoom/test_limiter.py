from __future__ import annotations

import anyio
import anyio.lowlevel
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.clock import ManualClock
from agent.kiwoom.config import MOCK_PROFILE, RateProfile
from agent.kiwoom.limiter import RateLimiter

from .conftest import START, wait_for

pytestmark = pytest.mark.anyio


class Recorder:
    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []

    async def auto(self, seconds: float) -> None:
        """Sleep by moving the manual clock."""
        self.sleeps.append(seconds)
        self.clock.advance(seconds)
        await anyio.lowlevel.checkpoint()

    async def gated(self, seconds: float) -> None:
        """Sleep until the test moves the manual clock far enough."""
        target = self.clock.monotonic() + seconds
        with anyio.fail_after(5):
            while self.clock.monotonic() < target:  # noqa: ASYNC110 - polls the manual clock
                await anyio.sleep(0.001)


async def test_limiter_never_grants_more_than_the_budget_in_any_window(clock: ManualClock) -> None:
    sleeper = Recorder(clock)
    limiter = RateLimiter(RateProfile(per_api_id=5, margin=0.05), clock, sleeper.auto)
    granted: list[float] = []

    for _ in range(12):
        await limiter.acquire("ka10001")
        granted.append(clock.monotonic())

    for i in range(len(granted) - 5):
        assert granted[i + 5] - granted[i] >= 1.05
    assert granted[:5] == [0.0] * 5


async def test_mock_profile_spaces_one_api_id_a_second_apart_but_not_different_ones(
    clock: ManualClock,
) -> None:
    sleeper = Recorder(clock)
    limiter = RateLimiter(MOCK_PROFILE, clock, sleeper.auto)

    await limiter.acquire("ka10081")
    await limiter.acquire("ka10080")
    after_two_ids = clock.monotonic()
    await limiter.acquire("ka10081")

    assert after_two_ids == 0.0
    assert clock.monotonic() >= 1.05


async def test_group_budget_is_shared_by_every_query(clock: ManualClock) -> None:
    sleeper = Recorder(clock)
    limiter = RateLimiter(RateProfile(per_api_id=5, query_group=2), clock, sleeper.auto)

    await limiter.acquire("ka10001")
    await limiter.acquire("ka10004")
    await limiter.acquire("ka10095")

    assert clock.monotonic() >= 1.05


async def test_orders_do_not_wait_for_the_query_budget(clock: ManualClock) -> None:
    sleeper = Recorder(clock)
    limiter = RateLimiter(
        RateProfile(per_api_id=5, query_group=1, order_group=1), clock, sleeper.auto
    )

    await limiter.acquire("ka10001")
    await limiter.acquire("kt10000")

    assert clock.monotonic() == 0.0


async def test_waiting_orders_go_before_account_queries_before_market_data(
    clock: ManualClock,
) -> None:
    sleeper = Recorder(clock)
    profile = RateProfile(per_api_id=1, query_group=1, order_group=1)
    limiter = RateLimiter(profile, clock, sleeper.gated)
    await limiter.acquire("ka10001")
    await limiter.acquire("kt10000")
    order: list[str] = []

    async def take(api_id: str) -> None:
        await limiter.acquire(api_id)
        order.append(api_id)

    async with anyio.create_task_group() as tg:
        tg.start_soon(take, "ka10032")
        await wait_for(lambda: limiter.waiting == 1)
        tg.start_soon(take, "ka10075")
        await wait_for(lambda: limiter.waiting == 2)
        tg.start_soon(take, "kt10001")
        tg.start_soon(take, "kt10000")
        await wait_for(lambda: limiter.waiting == 4)
        clock.advance(1.1)
        await wait_for(lambda: len(order) == 2)
        clock.advance(1.1)
        await wait_for(lambda: len(order) == 4)

    assert set(order[:2]) == {"kt10001", "ka10075"}
    assert set(order[2:]) == {"kt10000", "ka10032"}


async def test_server_flow_lowers_the_budget_but_never_raises_it(clock: ManualClock) -> None:
    limiter = RateLimiter(RateProfile(per_api_id=5), clock, Recorder(clock).auto)

    limiter.lower("ka10081", 1)
    limiter.lower("ka10081", 3)

    assert limiter.limit_of("ka10081") == 1
    assert limiter.limit_of("ka10080") == 5


async def test_pause_holds_an_api_id_after_a_429(clock: ManualClock) -> None:
    limiter = RateLimiter(RateProfile(per_api_id=5), clock, Recorder(clock).auto)

    limiter.pause("ka10081", 2.0)
    await limiter.acquire("ka10081")

    assert clock.monotonic() >= 2.0


async def test_a_cancelled_waiter_leaves_the_queue(clock: ManualClock) -> None:
    sleeper = Recorder(clock)
    limiter = RateLimiter(RateProfile(per_api_id=1), clock, sleeper.gated)
    await limiter.acquire("ka10001")

    with anyio.move_on_after(0.05):
        await limiter.acquire("ka10001")

    assert limiter.waiting == 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ka10001", "ka10004", "ka10075", "kt10000", "kt10001"]),
            st.floats(min_value=0.0, max_value=0.6),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_no_window_ever_holds_more_than_the_budget(calls: list[tuple[str, float]]) -> None:
    clock = ManualClock(START)
    sleeper = Recorder(clock)
    profile = RateProfile(per_api_id=2, query_group=3, order_group=2, margin=0.0)
    limiter = RateLimiter(profile, clock, sleeper.auto)
    sent: list[tuple[str, float]] = []

    async def drive() -> None:
        for api_id, gap in calls:
            clock.advance(gap)
            await limiter.acquire(api_id)
            sent.append((api_id, clock.monotonic()))

    anyio.run(drive)

    def most_in_a_window(times: list[float]) -> int:
        return max((sum(1 for t in times if s <= t < s + 1.0) for s in times), default=0)

    for api_id in {a for a, _ in calls}:
        assert most_in_a_window([t for a, t in sent if a == api_id]) <= 2
    assert most_in_a_window([t for a, t in sent if a.startswith("ka")]) <= 3
    assert most_in_a_window([t for a, t in sent if a.startswith("kt")]) <= 2
