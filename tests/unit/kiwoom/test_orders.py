from __future__ import annotations

import anyio
import httpx
import pytest

from agent.clock import ManualClock
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.errors import InvalidRequestError, OrderOutcomeUnknown, RejectedError
from agent.kiwoom.models import CancelRequest, ModifyRequest, OrderRequest, Side, TradeType

from .conftest import START, AutoSleep, FakeKiwoom, make_config, ok, reply

pytestmark = pytest.mark.anyio

LIMIT_BUY = OrderRequest(side=Side.BUY, code="005930", qty=1, price=70000)
ACCEPTED = {
    "ord_no": "0157630",
    "dmst_stex_tp": "KRX",
    "return_code": 0,
    "return_msg": "모의투자 매수주문완료",
}
RATE_LIMITED = {
    "return_code": 5,
    "return_msg": "허용된 요청 개수를 초과하였습니다[1700:허용된 API 요청 개수를 초과하였습니다. "
    "유량=1, API ID=kt10000]",
}


async def test_a_limit_buy_sends_the_documented_body_and_returns_the_order_number(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("kt10000", reply(ACCEPTED))

    ack = await client.place_order(LIMIT_BUY)

    assert kiwoom.bodies("kt10000") == [
        {
            "dmst_stex_tp": "KRX",
            "stk_cd": "005930",
            "ord_qty": "1",
            "ord_uv": "70000",
            "trde_tp": "0",
            "cond_uv": "",
        }
    ]
    assert kiwoom.calls("kt10000")[0].url.path == "/api/dostk/ordr"
    assert (ack.order_no, ack.exchange, ack.sent_at) == ("0157630", "KRX", START)


async def test_a_market_sell_sends_an_empty_price(client: KiwoomClient, kiwoom: FakeKiwoom) -> None:
    kiwoom.script("kt10001", reply({**ACCEPTED, "ord_no": "0000138"}))

    await client.place_order(
        OrderRequest(side=Side.SELL, code="005930", qty=3, trade_type=TradeType.MARKET)
    )

    (body,) = kiwoom.bodies("kt10001")
    assert (body["ord_uv"], body["trde_tp"], body["ord_qty"]) == ("", "3", "3")


def test_an_order_request_refuses_inconsistent_prices() -> None:
    with pytest.raises(ValueError, match="needs a positive price"):
        OrderRequest(side=Side.BUY, code="005930", qty=1)
    with pytest.raises(ValueError, match="takes no price"):
        OrderRequest(side=Side.BUY, code="005930", qty=1, price=1, trade_type=TradeType.MARKET)
    with pytest.raises(ValueError, match="qty"):
        OrderRequest(side=Side.BUY, code="005930", qty=0, price=1)


async def test_a_broker_rejection_is_raised_and_not_resent(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "kt10000", reply({"return_code": 20, "return_msg": "[2000](RC4058:모의투자 장종료)"})
    )

    with pytest.raises(RejectedError) as caught:
        await client.place_order(LIMIT_BUY)

    assert caught.value.fine_code == "RC4058"
    assert len(kiwoom.calls("kt10000")) == 1


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("no answer"),
        httpx.RemoteProtocolError("peer closed connection mid-response"),
        httpx.ReadError("connection reset"),
        httpx.WriteTimeout("stalled while sending"),
        httpx.Response(500),
        httpx.Response(502, content=b"bad gateway"),
        httpx.Response(200, content=b"{truncated"),
    ],
)
async def test_an_ambiguous_failure_raises_outcome_unknown_and_is_never_resent(
    client: KiwoomClient, kiwoom: FakeKiwoom, failure: Exception | httpx.Response
) -> None:
    kiwoom.script("kt10000", failure, reply(ACCEPTED))

    with pytest.raises(OrderOutcomeUnknown) as caught:
        await client.place_order(LIMIT_BUY)

    assert len(kiwoom.calls("kt10000")) == 1
    assert caught.value.request == LIMIT_BUY
    assert caught.value.sent_at == START


async def test_accepted_without_an_order_number_is_outcome_unknown(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("kt10000", reply(ok()))

    with pytest.raises(OrderOutcomeUnknown):
        await client.place_order(LIMIT_BUY)


@pytest.mark.parametrize(
    "unsent",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("no route"),
        reply(RATE_LIMITED, status=429),
        reply(
            {"return_code": 3, "return_msg": "인증에 실패했습니다[8005:Token이 유효하지 않습니다]"}
        ),
        httpx.Response(401),
    ],
)
async def test_an_order_the_broker_certainly_did_not_take_is_sent_again_once(
    client: KiwoomClient, kiwoom: FakeKiwoom, unsent: Exception | httpx.Response
) -> None:
    kiwoom.script("kt10000", unsent, reply(ACCEPTED))

    ack = await client.place_order(LIMIT_BUY)

    assert ack.order_no == "0157630"
    assert len(kiwoom.calls("kt10000")) == 2


async def test_the_same_client_order_id_is_never_sent_twice(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("kt10000", reply(ACCEPTED), reply(ACCEPTED))
    await client.place_order(LIMIT_BUY, client_id="intent-1")

    with pytest.raises(InvalidRequestError):
        await client.place_order(LIMIT_BUY, client_id="intent-1")

    assert len(kiwoom.calls("kt10000")) == 1


async def test_modify_reads_the_zero_padded_quantity(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "kt10002",
        reply(
            {
                "ord_no": "0000140",
                "base_orig_ord_no": "0000139",
                "mdfy_qty": "000000000001",
                "dmst_stex_tp": "KRX",
                "return_code": 0,
                "return_msg": "매수정정 주문입력이 완료되었습니다",
            }
        ),
    )

    ack = await client.modify_order(
        ModifyRequest(orig_order_no="0000139", code="005930", price=70100)
    )

    assert (ack.order_no, ack.orig_order_no, ack.qty) == ("0000140", "0000139", 1)
    assert kiwoom.bodies("kt10002") == [
        {
            "dmst_stex_tp": "KRX",
            "orig_ord_no": "0000139",
            "stk_cd": "005930",
            "mdfy_qty": "0",
            "mdfy_uv": "70100",
            "mdfy_cond_uv": "",
        }
    ]


async def test_modify_of_a_stop_order_sends_its_new_stop_as_mdfy_cond_uv(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "kt10002",
        reply({"ord_no": "0000141", "base_orig_ord_no": "0000139", "return_code": 0}),
    )

    await client.modify_order(
        ModifyRequest(orig_order_no="0000139", code="005930", price=69000, stop_price=69500)
    )

    [body] = kiwoom.bodies("kt10002")
    assert (body["mdfy_uv"], body["mdfy_cond_uv"]) == ("69000", "69500")


async def test_cancel_of_everything_remaining_sends_quantity_zero(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "kt10003",
        reply(
            {
                "ord_no": "0000141",
                "base_orig_ord_no": "0000139",
                "cncl_qty": "000000000001",
                "return_code": 0,
                "return_msg": "매수취소 주문입력이 완료되었습니다",
            }
        ),
    )

    ack = await client.cancel_order(CancelRequest(orig_order_no="0000139", code="005930"))

    assert (ack.order_no, ack.qty) == ("0000141", 1)
    assert kiwoom.bodies("kt10003")[0]["cncl_qty"] == "0"


async def test_an_ambiguous_cancel_carries_the_cancel_request(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    request = CancelRequest(orig_order_no="0000139", code="005930")
    kiwoom.script("kt10003", httpx.ReadTimeout("no answer"))

    with pytest.raises(OrderOutcomeUnknown) as caught:
        await client.cancel_order(request)

    assert caught.value.request == request


async def test_a_success_reply_in_an_unreadable_shape_is_outcome_unknown(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("kt10000", reply({**ACCEPTED, "ord_no": 157630}))

    with pytest.raises(OrderOutcomeUnknown) as caught:
        await client.place_order(LIMIT_BUY)

    assert caught.value.request == LIMIT_BUY
    assert len(kiwoom.calls("kt10000")) == 1


async def test_an_order_in_flight_is_not_cut_by_a_cancellation(
    kiwoom: FakeKiwoom, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    arrived = anyio.Event()
    release = anyio.Event()
    finished: list[str] = []

    async def slow_broker(request: httpx.Request) -> httpx.Response:
        if request.headers["api-id"] != "kt10000":
            return kiwoom.handle(request)
        arrived.set()
        await release.wait()
        finished.append(request.headers["api-id"])
        return reply(ACCEPTED)

    config = make_config()
    http = httpx.AsyncClient(base_url=config.base_url, transport=httpx.MockTransport(slow_broker))
    client = KiwoomClient(config, clock=clock, http=http, sleep=auto_sleep)

    async with anyio.create_task_group() as tg:
        tg.start_soon(client.place_order, LIMIT_BUY)
        await arrived.wait()
        tg.cancel_scope.cancel()
        release.set()

    assert finished == ["kt10000"]
