"""Tokens: issue (au10001), renewal after 8005, one token per app key, revoke (au10002)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from agent.clock import ManualClock
from agent.kiwoom import AuthError, KiwoomClient
from agent.secret import Secret
from krxsim import Fault, FaultKind, RunningSimulator
from tests.integration.kiwoom.conftest import at, client_config, connected, recorded

pytestmark = pytest.mark.anyio


def raw_call(sim: RunningSimulator, token: str) -> dict[str, object]:
    """ka10001 sent by hand with ``token``, as the document describes the request."""
    response = httpx.post(
        f"{sim.base_url}/api/dostk/stkinfo",
        json={"stk_cd": "005930"},
        headers={"authorization": f"Bearer {token}", "api-id": "ka10001"},
    )
    body: dict[str, object] = response.json()
    return body


async def test_an_issued_token_lasts_24_hours_of_kst_and_is_accepted(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        token = await client.login()
        answer = raw_call(shared_sim, token.value.reveal())

    assert token.expires_at == at(9, 30) + timedelta(hours=24)
    assert len(token.value.reveal()) == 86
    assert answer["return_code"] == 0


async def test_a_token_refused_with_8005_is_renewed_once_and_the_call_succeeds(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with recorded(shared_sim, market_clock) as (client, wire):
        first = await client.login()
        shared_sim.runtime.faults.next("ka10001", Fault(FaultKind.INVALIDATE_TOKEN))
        info = await client.stock_info("005930")
        second = await client.login()

    assert info.code == "005930"
    assert second.value != first.value
    assert wire.api_ids() == ["au10001", "ka10001", "au10001", "ka10001", "au10002"]


async def test_a_second_client_with_the_same_key_takes_the_token_and_the_first_recovers(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as first:
        old = await first.login()
        async with connected(shared_sim, market_clock) as second:
            await second.login()
            assert raw_call(shared_sim, old.value.reveal())["return_code"] == 3
            info = await first.stock_info("005930")

    assert info.code == "005930"


async def test_closing_the_client_revokes_its_token_at_the_server(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        token = (await client.login()).value.reveal()

    answer = raw_call(shared_sim, token)
    assert answer["return_code"] == 3
    assert "[8005:" in str(answer["return_msg"])


async def test_wrong_app_keys_are_an_auth_error_that_a_new_token_cannot_fix(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    config = client_config(shared_sim, appkey=Secret("not-the-key"))

    async with KiwoomClient(config, clock=market_clock) as client:
        with pytest.raises(AuthError) as refused:
            await client.stock_info("005930")

    assert not refused.value.token_invalid
    assert refused.value.api_id == "au10001"


async def test_a_token_refused_again_after_renewal_is_an_auth_error_with_8005(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        for _ in range(2):
            shared_sim.runtime.faults.next("ka10001", Fault(FaultKind.INVALIDATE_TOKEN))
        with pytest.raises(AuthError) as refused:
            await client.stock_info("005930")

    assert (refused.value.code, refused.value.fine_code) == (3, "8005")
    assert refused.value.token_invalid
