from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import anyio
import pytest
from websockets.asyncio.server import ServerConnection, serve

from agent.clock import KST, ManualClock
from agent.kiwoom.auth import Token
from agent.kiwoom.errors import AuthError
from agent.kiwoom.models import Side
from agent.kiwoom.realtime import (
    FeedConnected,
    FeedDisconnected,
    RealtimeError,
    RealtimeEvent,
    RealtimeFeed,
    SessionKicked,
    SystemNotice,
    TradeTick,
)
from agent.secret import Secret

from .conftest import AutoSleep, make_config, wait_for

pytestmark = pytest.mark.anyio

OK_LOGIN = {"trnm": "LOGIN", "return_code": 0, "return_msg": ""}
TICK = {
    "trnm": "REAL",
    "data": [
        {
            "type": "0B",
            "name": "주식체결",
            "item": "005930",
            "values": {
                "20": "165208",
                "10": "-20800",
                "11": "-50",
                "12": "-0.24",
                "27": "-20800",
                "28": "-20700",
                "15": "+82",
                "13": "30379732",
                "14": "632640",
                "16": "20850",
                "17": "+21150",
                "18": "-20450",
                "25": "5",
                "228": "98.92",
                "290": "2",
                "9081": "1",
            },
        }
    ],
}


class FakeKiwoomWs:
    """A tiny Kiwoom-like realtime server on loopback."""

    def __init__(self) -> None:
        self.url = ""
        self.received: list[str] = []
        self.connections: list[ServerConnection] = []
        self.login_replies: deque[dict[str, Any]] = deque()
        self.reg_replies: deque[dict[str, Any]] = deque()

    def frames(self, trnm: str) -> list[dict[str, Any]]:
        return [m for m in map(json.loads, self.received) if m.get("trnm") == trnm]

    async def push(self, message: dict[str, Any] | str) -> None:
        text = message if isinstance(message, str) else json.dumps(message, ensure_ascii=False)
        await self.connections[-1].send(text)

    async def handle(self, ws: ServerConnection) -> None:
        self.connections.append(ws)
        async for raw in ws:
            assert isinstance(raw, str)
            self.received.append(raw)
            message = json.loads(raw)
            if message.get("trnm") == "LOGIN":
                answer = self.login_replies.popleft() if self.login_replies else OK_LOGIN
                await ws.send(json.dumps(answer, ensure_ascii=False))
                if answer["return_code"] != 0:
                    await ws.close()
                    return
            elif message.get("trnm") in {"REG", "REMOVE"}:
                answer = (
                    self.reg_replies.popleft()
                    if self.reg_replies
                    else {"return_code": 0, "return_msg": ""}
                )
                await ws.send(json.dumps({"trnm": message["trnm"], **answer}, ensure_ascii=False))


class FakeTokens:
    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.issued: list[str] = []
        self.invalidated: list[str] = []
        self._current: Token | None = None

    async def token(self) -> Token:
        if self._current is None:
            value = f"RAWTOKEN{len(self.issued) + 1}"
            self.issued.append(value)
            now = self.clock.now()
            self._current = Token(
                value=Secret(value), expires_at=now + timedelta(hours=24), issued_at=now
            )
        return self._current

    async def invalidate(self, rejected: Token) -> None:
        if rejected is self._current:
            self.invalidated.append(rejected.value.reveal())
            self._current = None


@pytest.fixture
async def server() -> AsyncIterator[FakeKiwoomWs]:
    fake = FakeKiwoomWs()
    async with serve(fake.handle, "127.0.0.1", 0) as ws_server:
        port = next(iter(ws_server.sockets)).getsockname()[1]
        fake.url = f"ws://127.0.0.1:{port}/api/dostk/websocket"
        yield fake


@pytest.fixture
def tokens(clock: ManualClock) -> FakeTokens:
    return FakeTokens(clock)


def make_feed(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, sleep: AutoSleep, **overrides: Any
) -> RealtimeFeed:
    config = make_config(ws_url=server.url, ws_ack_timeout=3.0, **overrides)
    return RealtimeFeed(config, tokens, clock=clock, sleep=sleep)


class Collector:
    def __init__(self) -> None:
        self.events: list[RealtimeEvent] = []

    async def __call__(self, event: RealtimeEvent) -> None:
        self.events.append(event)

    def of(self, kind: type[Any]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


async def test_login_sends_the_raw_token_and_subscribe_sends_the_documented_reg(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await feed.subscribe(["005930", "000660"], ["0B", "0D"])
        await feed.stop()

    assert server.frames("LOGIN") == [{"trnm": "LOGIN", "token": "RAWTOKEN1"}]
    assert server.frames("REG") == [
        {
            "trnm": "REG",
            "grp_no": "1",
            "refresh": "1",
            "data": [{"item": ["005930", "000660"], "type": ["0B", "0D"]}],
        }
    ]


async def test_account_types_are_registered_with_an_empty_item(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await feed.subscribe([], ["00", "04"], grp_no="9")
        await feed.unsubscribe([], ["04"], grp_no="9")
        await feed.stop()

    (reg,) = server.frames("REG")
    (remove,) = server.frames("REMOVE")
    assert reg["data"] == [{"item": [""], "type": ["00", "04"]}]
    assert remove == {"trnm": "REMOVE", "grp_no": "9", "data": [{"item": [""], "type": ["04"]}]}
    assert feed.registered("9") == {("", "00")}


async def test_ping_is_echoed_back_unchanged(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()
    ping = '{"trnm" : "PING",  "seq":"7"}'

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await server.push(ping)
        await wait_for(lambda: ping in server.received)
        await feed.stop()

    assert server.received.count(ping) == 1


async def test_real_trade_ticks_arrive_typed(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await server.push(TICK)
        await wait_for(lambda: bool(events.of(TradeTick)))
        await feed.stop()

    (tick,) = events.of(TradeTick)
    assert (tick.code, tick.price, tick.change, tick.rate_bp) == ("005930", 20800, -50, -24)
    assert (tick.qty, tick.side, tick.cum_turnover_won) == (82, Side.BUY, 632_640_000_000)
    assert tick.time == datetime(2026, 3, 3, 16, 52, 8, tzinfo=KST)


async def test_a_refused_reg_raises_with_the_server_message(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()
    server.reg_replies.append({"return_code": 1, "return_msg": "등록 종목수 초과"})

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        with pytest.raises(RealtimeError, match="등록 종목수 초과"):
            await feed.subscribe(["005930"], ["0B"])
        await feed.stop()


async def test_after_a_drop_the_feed_reconnects_and_registers_everything_again(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await feed.subscribe(["005930"], ["0B"])
        await feed.subscribe([], ["00"])
        await server.connections[-1].close()
        await wait_for(lambda: len(events.of(FeedConnected)) == 2)
        await wait_for(lambda: len(server.frames("REG")) == 4)
        await feed.stop()

    assert len(events.of(FeedDisconnected)) == 1
    restored = server.frames("REG")[2:]
    assert {(tuple(f["data"][0]["item"]), tuple(f["data"][0]["type"])) for f in restored} == {
        (("005930",), ("0B",)),
        (("",), ("00",)),
    }
    assert len(server.frames("LOGIN")) == 2
    assert auto_sleep.delays


async def test_a_rejected_token_at_login_is_replaced_and_the_feed_logs_in_again(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()
    server.login_replies.append(
        {
            "trnm": "LOGIN",
            "return_code": 805004,
            "return_msg": "토큰 인증에 실패했습니다. 접속을 종료합니다 "
            "[CODE=8005, MESSAGE=Token이 유효하지 않습니다]",
        }
    )

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await feed.stop()

    assert tokens.invalidated == ["RAWTOKEN1"]
    assert [f["token"] for f in server.frames("LOGIN")] == ["RAWTOKEN1", "RAWTOKEN2"]


async def test_a_login_refused_for_another_reason_ends_the_feed_with_an_auth_error(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    server.login_replies.append(
        {
            "trnm": "LOGIN",
            "return_code": 803000,
            "return_msg": "[CODE=8030, MESSAGE=투자구분(실전/모의)이 달라서 "
            "Appkey를 사용할수가 없습니다]",
        }
    )

    with pytest.raises(AuthError) as caught:
        await feed.run(Collector())

    assert caught.value.fine_code == "8030"
    assert "RAWTOKEN1" not in str(caught.value)


async def test_being_kicked_by_another_session_ends_the_feed_without_reconnecting(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await server.push(
            {
                "trnm": "SYSTEM",
                "code": "R10001",
                "message": "동일한 App key로 접속이 되었습니다. 기존 세션은 종료가 됩니다",
            }
        )
        await wait_for(lambda: not feed.connected)

    assert len(events.of(SessionKicked)) == 1
    assert len(server.frames("LOGIN")) == 1


async def test_heartbeat_notice_is_surfaced_and_the_feed_reconnects(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await server.push(
            {
                "trnm": "SYSTEM",
                "code": "R10002",
                "message": "Heartbeat 메시지가 오지않아서 접속을 종료합니다",
            }
        )
        await wait_for(lambda: bool(events.of(SystemNotice)))
        await server.connections[-1].close()
        await wait_for(lambda: len(events.of(FeedConnected)) == 2)
        await feed.stop()

    assert events.of(SystemNotice)[0].code == "R10002"


async def test_the_feed_is_also_an_async_stream_of_events(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    seen: list[RealtimeEvent] = []

    with anyio.fail_after(5):
        async with feed.stream() as events:
            async for event in events:
                seen.append(event)
                if isinstance(event, FeedConnected):
                    await server.push(TICK)
                if isinstance(event, TradeTick):
                    break

    assert [type(e) for e in seen] == [FeedConnected, TradeTick]


async def test_reconnect_backoff_starts_over_after_a_successful_login(
    server: FakeKiwoomWs, tokens: FakeTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep, backoff_base=0.5)
    events = Collector()

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        for drops in range(1, 4):
            await wait_for(lambda n=drops: len(events.of(FeedConnected)) == n)
            await server.connections[-1].close()
        await wait_for(lambda: len(events.of(FeedConnected)) == 4)
        await feed.stop()

    assert len(auto_sleep.delays) == 3
    assert all(0.25 <= d <= 0.5 for d in auto_sleep.delays)


async def test_no_log_record_carries_the_raw_token(
    server: FakeKiwoomWs,
    tokens: FakeTokens,
    clock: ManualClock,
    auto_sleep: AutoSleep,
    caplog: pytest.LogCaptureFixture,
) -> None:
    feed = make_feed(server, tokens, clock, auto_sleep)
    events = Collector()
    caplog.set_level(logging.DEBUG)

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await feed.stop()

    server_side = [r for r in caplog.records if r.name.startswith("websockets.server")]
    client_side = [r for r in caplog.records if not r.name.startswith("websockets.server")]
    # The in-test server (no filter) shows frame dumps are captured at all...
    assert any("RAWTOKEN1" in r.getMessage() for r in server_side)
    # ...and the client side never logs the LOGIN frame.
    assert all("RAWTOKEN1" not in r.getMessage() for r in client_side)


async def test_a_feed_from_the_client_logs_in_with_the_clients_token(
    server: FakeKiwoomWs, make_client: Any, kiwoom: Any
) -> None:
    client = make_client(ws_url=server.url)
    token = await client.login()
    feed = client.realtime_feed()
    events = Collector()

    async with anyio.create_task_group() as tg:
        tg.start_soon(feed.run, events)
        await wait_for(lambda: bool(events.of(FeedConnected)))
        await feed.stop()

    assert server.frames("LOGIN") == [{"trnm": "LOGIN", "token": token.value.reveal()}]
    assert len(kiwoom.issued) == 1
