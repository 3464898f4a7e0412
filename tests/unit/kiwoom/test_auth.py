from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import anyio
import httpx
import pytest

from agent.clock import KST, ManualClock
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.errors import AuthError, ProtocolError

from .conftest import APPKEY, SECRETKEY, FakeKiwoom, make_config, ok, reply

pytestmark = pytest.mark.anyio


async def test_token_is_issued_with_the_documented_body_and_parsed_as_korea_time(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    token = await client.login()

    (request,) = kiwoom.calls("au10001")
    assert request.url.path == "/oauth2/token"
    assert json.loads(request.content) == {
        "grant_type": "client_credentials",
        "appkey": APPKEY,
        "secretkey": SECRETKEY,
    }
    assert token.expires_at == datetime(2026, 3, 4, 9, 0, 0, tzinfo=KST)
    assert token.authorization == f"Bearer {kiwoom.issued[0]}"


@pytest.mark.parametrize("token_type", ["bearer", "Bearer", "BEARER"])
async def test_token_type_is_compared_case_insensitively(
    client: KiwoomClient, kiwoom: FakeKiwoom, token_type: str
) -> None:
    kiwoom.token_type = token_type

    token = await client.login()

    assert token.value.reveal() == kiwoom.issued[0]


async def test_an_unknown_token_type_is_a_protocol_error(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.token_type = "mac"

    with pytest.raises(ProtocolError):
        await client.login()


async def test_token_is_reused_until_the_renew_margin_then_renewed(
    make_client: Callable[..., KiwoomClient], kiwoom: FakeKiwoom, clock: ManualClock
) -> None:
    client = make_client(renew_margin=600)
    first = await client.login()

    clock.set(first.expires_at - timedelta(seconds=601))
    again = await client.login()
    clock.advance(2)
    renewed = await client.login()

    assert again is first
    assert renewed is not first
    assert len(kiwoom.issued) == 2


async def test_concurrent_callers_share_one_token_request(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    tokens = []

    async def take() -> None:
        tokens.append(await client.login())

    async with anyio.create_task_group() as tg:
        for _ in range(10):
            tg.start_soon(take)

    assert len(kiwoom.issued) == 1
    assert all(t is tokens[0] for t in tokens)


async def test_refused_credentials_raise_an_auth_error_without_the_secrets(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "au10001",
        reply(
            {
                "return_code": 3,
                "return_msg": "인증에 실패했습니다[8001:App Key와 Secret Key 검증에 실패했습니다]",
            }
        ),
    )

    with pytest.raises(AuthError) as caught:
        await client.login()

    text = f"{caught.value} {caught.value!r}"
    assert caught.value.fine_code == "8001"
    assert APPKEY not in text
    assert SECRETKEY not in text


async def test_shutdown_revokes_the_token(client: KiwoomClient, kiwoom: FakeKiwoom) -> None:
    await client.login()

    await client.aclose()

    assert kiwoom.revoked == [kiwoom.issued[0]]
    (request,) = kiwoom.calls("au10002")
    assert request.url.path == "/oauth2/revoke"
    assert json.loads(request.content)["appkey"] == APPKEY


async def test_revoke_failure_at_shutdown_is_not_raised(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    await client.login()
    kiwoom.script("au10002", httpx.ConnectError("refused"))

    await client.aclose()

    assert client.auth.current is None


async def test_secrets_never_show_in_config_or_token_repr(client: KiwoomClient) -> None:
    token = await client.login()

    text = repr(client.config) + repr(token) + str(token)

    assert APPKEY not in text
    assert SECRETKEY not in text
    assert token.value.reveal() not in text


def test_ok_helper_is_the_documented_success_envelope() -> None:
    assert ok()["return_code"] == 0


async def test_a_token_stale_on_arrival_is_still_reused_for_a_minute(
    client: KiwoomClient, kiwoom: FakeKiwoom, clock: ManualClock
) -> None:
    kiwoom.expires_dt = "20260303090100"  # one minute after the clock's start: inside the margin
    first = await client.login()

    clock.advance(30)
    again = await client.login()
    clock.advance(31)
    renewed = await client.login()

    assert again is first
    assert renewed is not first


async def test_a_key_echoed_in_a_token_error_is_redacted(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "au10001",
        reply({"return_code": 3, "return_msg": f"[8002:App Key 검증 실패. 실패사유={APPKEY}]"}),
    )

    with pytest.raises(AuthError) as caught:
        await client.login()

    assert APPKEY not in f"{caught.value} {caught.value!r}"


def test_config_picks_the_named_rate_profile() -> None:
    real = make_config(rate="real", base_url="https://api.kiwoom.com/")
    mock = make_config(rate="mock", base_url="https://mockapi.kiwoom.com")

    assert (real.profile.per_api_id, real.profile.order_group) == (5, 5)
    assert (mock.profile.per_api_id, mock.profile.query_group) == (1, None)
