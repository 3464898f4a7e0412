"""Every error class, as the simulator produces it and the client classifies it."""

from __future__ import annotations

from collections.abc import Iterator

import anyio
import pytest

from agent.clock import ManualClock, RealClock
from agent.kiwoom import (
    InvalidRequestError,
    KiwoomClient,
    RateLimitedError,
    RejectedError,
    TransientError,
)
from agent.kiwoom.models.trading import OrderRequest, Side, TradeType
from agent.kiwoom.trs.charts import DailyBarsRequest
from agent.kiwoom.trs.quotes import CodeRequest
from krxsim import Fault, FaultKind, RateProfile, RunningSimulator
from tests.integration.kiwoom.conftest import at, client_config, connected, recorded, sim_config

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def limited_sim() -> Iterator[RunningSimulator]:
    """A simulator enforcing the mock server's 1 request per second per api-id."""
    with RunningSimulator(sim_config(rate_profile=RateProfile.MOCK)) as sim:
        yield sim


def limit_order(price: int, code: str = "005930") -> OrderRequest:
    return OrderRequest(side=Side.BUY, code=code, qty=1, price=price, trade_type=TradeType.LIMIT)


async def test_a_single_5xx_on_a_query_is_retried_transparently(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    shared_sim.runtime.faults.next("ka10001", Fault(FaultKind.FAIL_5XX))

    async with recorded(shared_sim, market_clock) as (client, wire):
        info = await client.stock_info("005930")

    assert info.code == "005930"
    assert wire.api_ids().count("ka10001") == 2


async def test_a_query_failing_5xx_every_attempt_is_a_transient_error(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    for _ in range(2):
        shared_sim.runtime.faults.next("ka10001", Fault(FaultKind.FAIL_5XX))

    async with connected(shared_sim, market_clock, max_attempts=2) as client:
        with pytest.raises(TransientError) as failed:
            await client.stock_info("005930")

    assert failed.value.http_status == 500
    assert failed.value.fine_code == "1999"


async def test_http_429_is_rate_limited_with_the_flow_parsed(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    for _ in range(3):
        shared_sim.runtime.faults.next("ka10004", Fault(FaultKind.RATE_LIMIT))

    async with connected(shared_sim, market_clock, max_attempts=2) as client:
        with pytest.raises(RateLimitedError) as limited:
            await client.order_book("005930")

    assert limited.value.http_status == 429
    assert limited.value.code == 5
    assert limited.value.fine_code == "1700"
    assert limited.value.flow == 1


async def test_a_client_faster_than_the_server_allows_learns_the_flow_and_gets_through(
    limited_sim: RunningSimulator,
) -> None:
    async with recorded(limited_sim, RealClock()) as (client, wire):
        with anyio.fail_after(10):
            infos = [await client.stock_info("005930") for _ in range(3)]
        learned = client.limiter.limit_of("ka10001")

    assert [i.code for i in infos] == ["005930"] * 3
    assert learned == 1
    assert wire.api_ids().count("ka10001") > 3


async def test_a_client_within_the_mock_budget_never_sees_429(
    limited_sim: RunningSimulator,
) -> None:
    config = client_config(limited_sim, rate="mock")
    async with recorded(limited_sim, RealClock(), rate="mock") as (client, wire):
        with anyio.fail_after(10):
            await client.quotes(["005930"])
            await client.quotes(["000660"])
            await client.order_book("005930")

    assert config.profile.per_api_id == 1
    assert wire.api_ids().count("ka10095") == 2
    assert wire.api_ids().count("ka10004") == 1


async def test_an_off_tick_price_is_rejected_rc4003_and_not_retried(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with recorded(shared_sim, market_clock) as (client, wire):
        floor = (await client.stock_info("005930")).lower_limit
        with pytest.raises(RejectedError) as rejected:
            await client.place_order(limit_order(floor + 1))

    assert (rejected.value.code, rejected.value.fine_code) == (20, "RC4003")
    assert wire.api_ids().count("kt10000") == 1


async def test_orders_outside_the_session_are_rejected_rc4057_then_rc4058() -> None:
    clock = ManualClock(at(8, 0))
    with RunningSimulator(sim_config(), clock=clock) as sim:
        async with KiwoomClient(client_config(sim), clock=clock) as client:
            floor = (await client.stock_info("005930")).lower_limit
            with pytest.raises(RejectedError) as early:
                await client.place_order(limit_order(floor))
            clock.set(at(15, 31))
            with pytest.raises(RejectedError) as late:
                await client.place_order(limit_order(floor))

    assert early.value.fine_code == "RC4057"
    assert late.value.fine_code == "RC4058"


async def test_a_missing_required_field_is_an_invalid_request_1511(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        with pytest.raises(InvalidRequestError) as invalid:
            await client.http.call("ka10081", DailyBarsRequest(stk_cd="005930", base_dt=""))

    assert (invalid.value.code, invalid.value.fine_code) == (2, "1511")
    assert "base_dt" in invalid.value.message


async def test_more_than_100_codes_in_one_ka10095_is_an_invalid_request_1634(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    codes = sorted(shared_sim.runtime.venue.market.listings)[:110]

    async with recorded(shared_sim, market_clock) as (client, wire):
        with pytest.raises(InvalidRequestError) as invalid:
            await client.http.call("ka10095", CodeRequest(stk_cd="|".join(codes)))

    assert (invalid.value.code, invalid.value.fine_code) == (5, "1634")
    assert wire.api_ids().count("ka10095") == 1


async def test_an_unknown_stock_code_is_an_invalid_request_1902(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        with pytest.raises(InvalidRequestError) as invalid:
            await client.stock_info("999999")

    assert (invalid.value.code, invalid.value.fine_code) == (7, "1902")
