"""The realtime WebSocket, driven by a raw ``websockets`` client written from the document."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import anyio
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from agent.clock import KST, ManualClock
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config

pytestmark = pytest.mark.anyio


async def frames(ws: ClientConnection, *, echo_pings: bool = True) -> AsyncIterator[dict[str, Any]]:
    """Yield frames other than PING, echoing every PING unchanged."""
    while True:
        frame = json.loads(await ws.recv())
        if frame.get("trnm") == "PING":
            if echo_pings:
                await ws.send(json.dumps(frame))
            continue
        yield frame


async def next_frame(ws: ClientConnection, trnm: str, within: float = 5.0) -> dict[str, Any]:
    with anyio.fail_after(within):
        async for frame in frames(ws):
            if frame.get("trnm") == trnm:
                return frame
    raise AssertionError("socket ended")


async def real_entries(
    ws: ClientConnection, kind: str, within: float = 5.0
) -> list[dict[str, Any]]:
    with anyio.fail_after(within):
        async for frame in frames(ws):
            if frame.get("trnm") == "REAL":
                found = [d for d in frame["data"] if d["type"] == kind]
                if found:
                    return found
    raise AssertionError("socket ended")


@asynccontextmanager
async def logged_in(sim: RunningSimulator, token: str) -> AsyncIterator[ClientConnection]:
    async with connect(sim.ws_url) as ws:
        await ws.send(json.dumps({"trnm": "LOGIN", "token": token}))
        assert json.loads(await ws.recv()) == {"trnm": "LOGIN", "return_code": 0, "return_msg": ""}
        yield ws


async def register(
    ws: ClientConnection, items: list[str], types: list[str], refresh: str = "1"
) -> dict[str, Any]:
    await ws.send(
        json.dumps(
            {
                "trnm": "REG",
                "grp_no": "1",
                "refresh": refresh,
                "data": [{"item": items, "type": types}],
            }
        )
    )
    return await next_frame(ws, "REG")


async def test_login_with_a_bad_token_fails_with_805004_and_closes(sim: RunningSimulator) -> None:
    async with connect(sim.ws_url) as ws:
        await ws.send(json.dumps({"trnm": "LOGIN", "token": "nope"}))
        reply = json.loads(await ws.recv())

        assert reply["return_code"] == 805004
        assert "[CODE=8005," in reply["return_msg"]
        with pytest.raises(ConnectionClosed):
            await ws.recv()


async def test_no_login_in_time_is_r10004(sim: RunningSimulator) -> None:
    async with connect(sim.ws_url) as ws:
        frame = json.loads(await ws.recv())

        assert frame["trnm"] == "SYSTEM"
        assert frame["code"] == "R10004"


async def test_registered_trades_arrive_as_batched_real_messages(
    kiwoom: Kiwoom, clock: ManualClock
) -> None:
    async with logged_in(kiwoom.sim, kiwoom.token) as ws:
        assert await register(ws, ["005930"], ["0B", "0D"]) == {
            "trnm": "REG",
            "return_code": 0,
            "return_msg": "",
        }
        clock.advance(30)
        trades = await real_entries(ws, "0B")

    first = trades[0]
    assert first["item"] == "005930"
    assert first["name"] == "주식체결"
    values = first["values"]
    assert all(isinstance(v, str) for v in values.values())
    assert values["20"] > "093000"
    assert values["10"][0] in "+-" or values["10"].isdigit()
    assert values["15"][0] in "+-"
    assert values["290"] == "2"


async def test_the_order_book_push_has_ten_levels_a_side(
    kiwoom: Kiwoom, clock: ManualClock
) -> None:
    async with logged_in(kiwoom.sim, kiwoom.token) as ws:
        await register(ws, ["005930"], ["0B", "0D"])
        clock.advance(10)
        books = await real_entries(ws, "0D")

    values = books[0]["values"]
    assert all(str(fid) in values for fid in range(41, 61))
    assert all(str(fid) in values for fid in range(61, 81))


async def test_own_orders_push_00_and_04_whatever_item_was_registered(kiwoom: Kiwoom) -> None:
    async with logged_in(kiwoom.sim, kiwoom.token) as ws:
        await register(ws, [""], ["00", "04"])
        ord_no = kiwoom.buy("000660", 2).json()["ord_no"]
        seen: list[dict[str, Any]] = []
        with anyio.fail_after(5):
            async for frame in frames(ws):
                seen += frame.get("data", [])
                if {"00", "04"} <= {d["type"] for d in seen}:
                    break
    orders = [d for d in seen if d["type"] == "00"]
    balances = [d for d in seen if d["type"] == "04"]

    assert orders[0]["values"]["9203"] == ord_no
    assert orders[0]["values"]["913"] == "접수"
    assert orders[0]["values"]["905"] == "+매수"
    assert balances[0]["values"]["9001"] == "000660"
    assert balances[0]["values"]["930"] == "2"


async def test_refresh_zero_replaces_earlier_registrations(
    kiwoom: Kiwoom, clock: ManualClock
) -> None:
    async with logged_in(kiwoom.sim, kiwoom.token) as ws:
        await register(ws, ["005930"], ["0B"])
        await register(ws, ["000660"], ["0B"], refresh="0")
        clock.advance(60)
        trades = await real_entries(ws, "0B")

    assert {t["item"] for t in trades} == {"000660"}


async def test_too_many_items_are_refused_with_return_code_1(kiwoom: Kiwoom) -> None:
    codes = list(kiwoom.sim.runtime.venue.market.listings)[:101]
    async with logged_in(kiwoom.sim, kiwoom.token) as ws:
        ack = await register(ws, codes, ["0B"])

    assert ack["return_code"] == 1


async def test_a_second_session_with_the_same_key_kicks_the_first(kiwoom: Kiwoom) -> None:
    async with (
        logged_in(kiwoom.sim, kiwoom.token) as first,
        logged_in(kiwoom.sim, kiwoom.token),
    ):
        frame = await next_frame(first, "SYSTEM")

        assert frame["code"] == "R10001"
        with pytest.raises(ConnectionClosed):
            await first.recv()


@asynccontextmanager
async def fast_pings() -> AsyncIterator[Kiwoom]:
    with RunningSimulator(config(ws_ping_seconds=0.05)) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        yield kiwoom
        kiwoom.close()


async def test_pings_must_be_echoed_or_the_session_ends_with_r10002() -> None:
    async with fast_pings() as kiwoom, logged_in(kiwoom.sim, kiwoom.token) as ws:
        pings = 0
        with anyio.fail_after(5):
            while True:
                frame = json.loads(await ws.recv())
                if frame["trnm"] == "PING":
                    assert frame == {"trnm": "PING"}
                    pings += 1
                    continue
                break

        assert frame["code"] == "R10002"
        assert pings == 5
        with pytest.raises(ConnectionClosed):
            await ws.recv()


async def test_echoed_pings_keep_the_session_alive() -> None:
    async with fast_pings() as kiwoom, logged_in(kiwoom.sim, kiwoom.token) as ws:
        await register(ws, [""], ["00"])
        with anyio.move_on_after(0.6):
            async for frame in frames(ws):
                assert frame.get("trnm") != "SYSTEM", frame
        kiwoom.buy("005930", 1)

        assert await real_entries(ws, "00")


async def test_vi_pushes_announce_trigger_and_release() -> None:
    clock = ManualClock(datetime(2026, 11, 24, 9, 0, tzinfo=KST))
    with RunningSimulator(config(), clock=clock) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        market = sim.runtime.venue.market
        event = market.vi_events(market.open_at.replace(hour=15))[0]
        clock.set(market.at(event.start - 5))
        async with logged_in(sim, kiwoom.token) as ws:
            await register(ws, [event.code], ["1h"])
            clock.set(market.at(event.end + 5))
            seen: list[dict[str, Any]] = []
            while len(seen) < 2:
                seen += await real_entries(ws, "1h")
        kiwoom.close()

    assert [v["values"]["9068"] for v in seen[:2]] == ["1", "2"]
    assert seen[0]["values"]["9001"] == event.code


async def test_removed_items_stop_arriving(kiwoom: Kiwoom, clock: ManualClock) -> None:
    async with logged_in(kiwoom.sim, kiwoom.token) as ws:
        await register(ws, ["005930", "000660"], ["0B"])
        await ws.send(
            json.dumps(
                {"trnm": "REMOVE", "grp_no": "1", "data": [{"item": ["005930"], "type": ["0B"]}]}
            )
        )
        assert (await next_frame(ws, "REMOVE"))["return_code"] == 0
        clock.advance(60)
        trades = await real_entries(ws, "0B")

    assert {t["item"] for t in trades} == {"000660"}


async def test_market_operation_notices_arrive_on_0s() -> None:
    clock = ManualClock(datetime(2026, 11, 24, 8, 50, tzinfo=KST))
    with RunningSimulator(config(), clock=clock) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        async with logged_in(sim, kiwoom.token) as ws:
            await register(ws, [""], ["0s"])
            clock.set(datetime(2026, 11, 24, 9, 0, 1, tzinfo=KST))
            notices = await real_entries(ws, "0s")
        kiwoom.close()

    assert [n["values"]["215"] for n in notices] == ["3"]
    assert notices[0]["values"]["20"] == "090000"


async def test_a_configured_drop_closes_the_socket() -> None:
    from krxsim.config import FaultConfig

    with RunningSimulator(config(faults=FaultConfig(ws_drop_after_seconds=0.2))) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        async with logged_in(sim, kiwoom.token) as ws:
            with anyio.fail_after(3), pytest.raises(ConnectionClosed):
                async for _ in frames(ws):
                    pass
        kiwoom.close()


async def test_the_opening_auction_pushes_expected_prices_on_0h() -> None:
    clock = ManualClock(datetime(2026, 11, 24, 8, 40, tzinfo=KST))
    with RunningSimulator(config(), clock=clock) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        async with logged_in(sim, kiwoom.token) as ws:
            await register(ws, ["005930"], ["0H"])
            first = await real_entries(ws, "0H")
            clock.advance(600)
            later = await real_entries(ws, "0H")
        kiwoom.close()

    assert first[0]["name"] == "주식예상체결"
    assert int(later[0]["values"]["15"]) > int(first[0]["values"]["15"])
