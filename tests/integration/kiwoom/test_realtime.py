"""The realtime feed against the simulator's WebSocket: LOGIN, REG/REMOVE, every pushed type,
PING echo, R10001 and reconnects that restore the registrations."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import time
from typing import TypeVar

import anyio
import pytest
from anyio.streams.memory import MemoryObjectReceiveStream

from agent.broker.events import (
    BalanceUpdate,
    MarketPhase,
    OrderBookUpdate,
    OrderExecution,
    TradeTick,
    ViTriggered,
)
from agent.clock import ManualClock
from agent.kiwoom import KiwoomClient, RealtimeFeed
from agent.kiwoom.models.trading import OrderRequest, Side, TradeType
from agent.kiwoom.realtime.events import (
    FeedConnected,
    FeedDisconnected,
    RealtimeEvent,
    SessionKicked,
    SystemNotice,
)
from krxsim import Fault, FaultConfig, FaultKind, RunningSimulator
from tests.integration.kiwoom.conftest import at, client_config, connected, sim_config

pytestmark = pytest.mark.anyio

Events = MemoryObjectReceiveStream[RealtimeEvent]
E = TypeVar("E")


async def first(
    events: Events, kind: type[E], where: Callable[[E], bool] = lambda _: True, within: float = 5
) -> E:
    """The next event of ``kind`` satisfying ``where``, within a deadline."""
    with anyio.fail_after(within):
        async for event in events:
            if isinstance(event, kind) and where(event):
                return event
    raise AssertionError("the feed ended")


async def during(events: Events, seconds: float) -> list[RealtimeEvent]:
    """Every event that arrives within ``seconds``."""
    seen: list[RealtimeEvent] = []
    with anyio.move_on_after(seconds):
        async for event in events:
            seen.append(event)
    return seen


@asynccontextmanager
async def feed_of(client: KiwoomClient) -> AsyncIterator[tuple[RealtimeFeed, Events]]:
    feed = client.realtime_feed()
    async with feed.stream() as events:
        await first(events, FeedConnected)
        yield feed, events


async def test_registered_codes_stream_trades_and_ten_level_books(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client, feed_of(client) as (feed, events):
        await feed.subscribe(["005930"], ["0B", "0D"])
        market_clock.advance(30)
        trade = await first(events, TradeTick)
        book = await first(events, OrderBookUpdate)

    assert trade.code == "005930"
    assert trade.price > 0
    assert trade.side in (Side.BUY, Side.SELL)
    assert trade.low <= trade.price <= trade.high
    assert trade.session == "2"
    assert book.code == "005930"
    assert len(book.asks) == len(book.bids) == 10
    assert book.bids[0].price < book.asks[0].price


async def test_own_orders_push_00_executions_and_04_balances(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    order = OrderRequest(side=Side.BUY, code="035720", qty=4, trade_type=TradeType.MARKET)
    async with connected(shared_sim, market_clock) as client, feed_of(client) as (feed, events):
        await feed.subscribe([], ["00", "04"])
        ack = await client.place_order(order)
        accepted = await first(events, OrderExecution, lambda e: e.status == "접수")
        filled = await first(events, OrderExecution, lambda e: e.status == "체결")
        balance = await first(events, BalanceUpdate, lambda e: e.code == "035720")

    assert accepted.order_no == filled.order_no == ack.order_no
    assert (filled.code, filled.side, filled.qty) == ("035720", Side.BUY, 4)
    assert filled.fill_qty == 4
    assert filled.open_qty == 0
    assert filled.fill_price > 0
    assert len(filled.fill_no) == 7
    assert balance.qty == 4


async def test_removed_codes_stop_streaming(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client, feed_of(client) as (feed, events):
        await feed.subscribe(["005930", "000660"], ["0B"])
        await feed.unsubscribe(["005930"], ["0B"])
        since = market_clock.now()
        market_clock.advance(60)
        seen = await during(events, 0.5)

    trades = [e for e in seen if isinstance(e, TradeTick) and e.time and e.time > since]
    assert trades
    assert {t.code for t in trades} == {"000660"}
    assert feed.registered() == {("000660", "0B")}


async def test_pings_are_echoed_so_the_server_keeps_the_session(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    pings = shared_sim.config.ws_ping_seconds * (shared_sim.config.ws_missed_pings + 2)

    async with connected(shared_sim, market_clock) as client, feed_of(client) as (feed, events):
        seen = await during(events, pings)
        still_connected = feed.connected

    assert still_connected
    assert not [e for e in seen if isinstance(e, FeedDisconnected | SystemNotice)]


async def test_a_second_session_with_the_same_key_kicks_the_first_with_r10001(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        first_feed = client.realtime_feed()
        async with first_feed.stream() as first_events:
            await first(first_events, FeedConnected)
            async with connected(shared_sim, market_clock) as other, feed_of(other):
                kicked = await first(first_events, SessionKicked)
                with anyio.fail_after(5):
                    rest = [event async for event in first_events]

    assert "동일한 App key" in kicked.message
    assert not [e for e in rest if isinstance(e, FeedConnected)]


async def test_a_login_refused_for_a_dead_token_logs_in_again_with_a_fresh_one(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        old = await client.login()
        shared_sim.runtime.venue.tokens.revoke_all()
        async with feed_of(client) as (feed, _):
            assert feed.connected
            renewed = await client.login()

    assert renewed.value != old.value


async def test_market_phase_0s_and_vi_1h_arrive_when_registered_without_items() -> None:
    clock = ManualClock(at(8, 59, 50))
    with RunningSimulator(sim_config(), clock=clock) as sim:
        market = sim.runtime.venue.market
        vi = min(market.vi_events(at(15, 0)), key=lambda e: e.start)
        async with connected(sim, clock) as client, feed_of(client) as (feed, events):
            await feed.subscribe([], ["0s", "1h"])
            clock.set(at(9, 0, 1))
            phase = await first(events, MarketPhase)
            clock.set(market.at(vi.start + 1))
            triggered = await first(events, ViTriggered, lambda e: e.code == vi.code)

    assert phase.phase == "3"
    assert phase.time == at(9, 0)
    assert triggered.trigger_price > 0
    assert triggered.triggered_at is not None


async def test_after_a_dropped_socket_the_feed_reconnects_and_restores_registrations() -> None:
    config = sim_config(start=time(9, 30), speed=10, faults=FaultConfig(ws_drop_after_seconds=0.5))
    with RunningSimulator(config) as sim:
        async with KiwoomClient(client_config(sim), clock=sim.clock) as client:
            feed = client.realtime_feed()
            async with feed.stream() as events:
                await first(events, FeedConnected)
                await feed.subscribe(["005930"], ["0B"])
                await first(events, FeedDisconnected)
                await first(events, FeedConnected)
                trade = await first(events, TradeTick)
                registered = feed.registered()

    assert trade.code == "005930"
    assert registered == {("005930", "0B")}


async def test_00_fill_quantity_is_cumulative_across_partial_fills(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    order = OrderRequest(side=Side.BUY, code="000270", qty=10, trade_type=TradeType.MARKET)
    async with connected(shared_sim, market_clock) as client, feed_of(client) as (feed, events):
        await feed.subscribe([], ["00"])
        shared_sim.runtime.faults.next("kt10000", Fault(FaultKind.PARTIAL_FILL))
        ack = await client.place_order(order)
        half = await first(events, OrderExecution, lambda e: e.status == "체결")
        market_clock.advance(60)
        rest = await first(events, OrderExecution, lambda e: e.status == "체결")

    assert half.order_no == rest.order_no == ack.order_no
    assert (half.fill_qty, half.unit_fill_qty, half.open_qty) == (5, 5, 5)
    assert (rest.fill_qty, rest.unit_fill_qty, rest.open_qty) == (10, 5, 0)
    assert rest.fill_qty == rest.qty - rest.open_qty
