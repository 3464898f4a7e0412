from __future__ import annotations

from collections.abc import Callable

import anyio
import httpx
import pytest

from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.errors import (
    AuthError,
    InvalidRequestError,
    ProtocolError,
    RateLimitedError,
    TransientError,
)

from .conftest import AutoSleep, FakeKiwoom, ok, reply

pytestmark = pytest.mark.anyio

INFO = ok(stk_cd="005930", stk_nm="삼성전자", cur_prc="+74800", pred_pre="+600", flu_rt="+0.81")
RATE_LIMITED = {
    "return_code": 5,
    "return_msg": "허용된 요청 개수를 초과하였습니다[1700:허용된 API 요청 개수를 초과하였습니다. "
    "유량=1, API ID=ka10001]",
}
TOKEN_INVALID = {
    "return_code": 3,
    "return_msg": "인증에 실패했습니다[8005:Token이 유효하지 않습니다]",
}


async def test_a_query_is_posted_to_its_category_path_with_the_api_id_header(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("ka10001", reply(INFO))

    await client.stock_info("005930")

    (request,) = kiwoom.calls("ka10001")
    assert request.method == "POST"
    assert request.url.path == "/api/dostk/stkinfo"
    assert request.headers["authorization"] == f"Bearer {kiwoom.issued[0]}"
    assert request.headers["content-type"] == "application/json;charset=UTF-8"
    assert "cont-yn" not in request.headers
    assert kiwoom.bodies("ka10001") == [{"stk_cd": "005930"}]


async def test_continuation_pages_are_followed_with_the_next_key(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    row = {"ord_no": "0000069", "stk_cd": "005930", "io_tp_nm": "+매수", "ord_qty": "1"}
    kiwoom.script(
        "ka10075",
        reply(ok(oso=[row]), headers={"cont-yn": "Y", "next-key": "KEY-2"}),
        reply(ok(oso=[{**row, "ord_no": "0000070"}]), headers={"cont-yn": "N", "next-key": ""}),
    )

    orders = await client.open_orders()

    assert [o.order_no for o in orders] == ["0000069", "0000070"]
    first, second = kiwoom.calls("ka10075")
    assert (second.headers["cont-yn"], second.headers["next-key"]) == ("Y", "KEY-2")
    assert second.content == first.content


async def test_paging_stops_at_the_page_limit(
    make_client: Callable[..., KiwoomClient], kiwoom: FakeKiwoom
) -> None:
    client = make_client(page_limit=3)
    more = {"cont-yn": "Y", "next-key": "NEXT"}
    kiwoom.script("ka10076", *[reply(ok(cntr=[]), headers=more) for _ in range(5)])

    await client.fills()

    assert len(kiwoom.calls("ka10076")) == 3


async def test_http_429_waits_lowers_the_budget_and_retries(
    client: KiwoomClient, kiwoom: FakeKiwoom, auto_sleep: AutoSleep
) -> None:
    kiwoom.script("ka10001", reply(RATE_LIMITED, status=429), reply(INFO))

    info = await client.stock_info("005930")

    assert info.price == 74800
    assert len(kiwoom.calls("ka10001")) == 2
    assert client.limiter.limit_of("ka10001") == 1
    assert auto_sleep.delays


async def test_batch_over_100_is_not_retried(client: KiwoomClient, kiwoom: FakeKiwoom) -> None:
    batch = {
        "return_code": 5,
        "return_msg": "허용된 요청 개수를 초과하였습니다[1634:허용된 종목 개수 초과]",
    }
    kiwoom.script("ka10001", reply(batch))

    with pytest.raises(InvalidRequestError) as caught:
        await client.stock_info("005930")

    assert caught.value.fine_code == "1634"
    assert len(kiwoom.calls("ka10001")) == 1


@pytest.mark.parametrize(
    "rejection",
    [
        reply(TOKEN_INVALID),
        reply({"return_code": 8005, "return_msg": "Token이 유효하지 않습니다"}),
        reply({"return_code": 3, "return_msg": "[8103:토큰 인증 또는 단말기인증에 실패했습니다]"}),
        httpx.Response(401),
    ],
)
async def test_a_rejected_token_is_renewed_once_and_the_call_replayed(
    client: KiwoomClient, kiwoom: FakeKiwoom, rejection: httpx.Response
) -> None:
    kiwoom.script("ka10001", rejection, reply(INFO))

    await client.stock_info("005930")

    first, second = kiwoom.calls("ka10001")
    assert first.headers["authorization"] == f"Bearer {kiwoom.issued[0]}"
    assert second.headers["authorization"] == f"Bearer {kiwoom.issued[1]}"


async def test_a_token_rejected_twice_is_an_auth_error_after_one_renewal(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("ka10001", reply(TOKEN_INVALID), reply(TOKEN_INVALID), reply(INFO))

    with pytest.raises(AuthError):
        await client.stock_info("005930")

    assert len(kiwoom.issued) == 2
    assert len(kiwoom.calls("ka10001")) == 2


async def test_a_query_read_timeout_is_retried_with_backoff(
    client: KiwoomClient, kiwoom: FakeKiwoom, auto_sleep: AutoSleep
) -> None:
    kiwoom.script("ka10001", httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"), reply(INFO))

    await client.stock_info("005930")

    assert len(kiwoom.calls("ka10001")) == 3
    assert len(auto_sleep.delays) >= 2
    assert auto_sleep.delays[1] > auto_sleep.delays[0] / 2


async def test_persistent_server_errors_give_up_after_max_attempts(
    make_client: Callable[..., KiwoomClient], kiwoom: FakeKiwoom
) -> None:
    client = make_client(max_attempts=3)
    kiwoom.script("ka10001", *[httpx.Response(503) for _ in range(5)])

    with pytest.raises(TransientError):
        await client.stock_info("005930")

    assert len(kiwoom.calls("ka10001")) == 3


async def test_repeated_429_eventually_raises_rate_limited(
    make_client: Callable[..., KiwoomClient], kiwoom: FakeKiwoom
) -> None:
    client = make_client(max_attempts=2)
    kiwoom.script("ka10001", *[reply(RATE_LIMITED, status=429) for _ in range(5)])

    with pytest.raises(RateLimitedError):
        await client.stock_info("005930")


async def test_a_body_that_is_not_json_is_a_protocol_error(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("ka10001", httpx.Response(200, content=b"<html>"))

    with pytest.raises(ProtocolError):
        await client.stock_info("005930")


async def test_a_secret_echoed_by_the_server_is_redacted_from_the_error(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    token = await client.login()
    leak = {
        "return_code": 2,
        "return_msg": f"[1517:입력 값 형식이 올바르지 않습니다. 파라미터={token.value.reveal()}]",
    }
    kiwoom.script("ka10001", reply(leak))

    with pytest.raises(InvalidRequestError) as caught:
        await client.stock_info("005930")

    assert token.value.reveal() not in str(caught.value)
    assert "***" in str(caught.value)


async def test_concurrent_calls_rejected_with_one_token_share_a_single_renewal(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    first_token = await client.login()

    def answer(request: httpx.Request) -> httpx.Response:
        stale = request.headers["authorization"] == first_token.authorization
        return reply(TOKEN_INVALID) if stale else reply(INFO)

    kiwoom.script("ka10001", *[answer for _ in range(10)])

    async with anyio.create_task_group() as tg:
        for _ in range(5):
            tg.start_soon(client.stock_info, "005930")

    assert len(kiwoom.issued) == 2
    assert len(kiwoom.calls("ka10001")) == 10


async def test_a_token_endpoint_outage_is_retried_before_anything_is_sent(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("au10001", httpx.ConnectError("refused"))
    kiwoom.script("ka10001", reply(INFO))

    info = await client.stock_info("005930")

    assert info.code == "005930"
    assert len(kiwoom.calls("au10001")) == 2
