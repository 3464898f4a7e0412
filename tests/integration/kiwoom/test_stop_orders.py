"""A protective sell stop (스톱지정가) placed through the agent's Kiwoom client, held by the
simulator until the market falls to it, then filled: seen in ka10075, ka10076 and realtime 00."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import anyio
import pytest
from anyio.streams.memory import MemoryObjectReceiveStream

from agent.broker.events import BalanceUpdate, OrderExecution
from agent.clock import ManualClock
from agent.kiwoom.models.trading import CancelRequest, OrderRequest, Side, TradeType
from agent.kiwoom.realtime.events import FeedConnected, RealtimeEvent
from agent.kiwoom.trs.account import (
    FillsRequest,
    FillsWire,
    OpenOrdersRequest,
    OpenOrdersWire,
    stop_price,
)
from krxsim import RunningSimulator, StartingHolding
from krxsim.market.path import Print
from tests.integration.kiwoom.conftest import at, connected, sim_config

pytestmark = pytest.mark.anyio

CODE = "005930"
E = TypeVar("E")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(at(9, 30))


@pytest.fixture
def sim(clock: ManualClock) -> Iterator[RunningSimulator]:
    held = (StartingHolding(code=CODE, qty=10, avg_price=60_000),)
    with RunningSimulator(sim_config(holdings=held), clock=clock) as running:
        yield running


async def first(
    events: MemoryObjectReceiveStream[RealtimeEvent],
    kind: type[E],
    where: Callable[[E], bool],
    within: float = 5,
) -> E:
    """The next event of ``kind`` satisfying ``where``, within a deadline."""
    with anyio.fail_after(within):
        async for event in events:
            if isinstance(event, kind) and where(event):
                return event
    raise AssertionError("the feed ended")


def first_fall(sim: RunningSimulator, clock: ManualClock) -> Print:
    """The first print after now below the last price: where a stop at its price triggers."""
    market = sim.runtime.venue.market
    last = market.quote(CODE, clock.now()).price
    day = market.day(CODE)
    after = day.prints(market.index(CODE, clock.now()), len(day.qty) - 1)
    return next(p for p in after if p.price < last)


async def test_a_sell_stop_waits_for_the_fall_then_fills_and_reports_like_any_order(
    sim: RunningSimulator, clock: ManualClock
) -> None:
    fall = first_fall(sim, clock)
    request = OrderRequest(
        side=Side.SELL,
        code=CODE,
        qty=5,
        price=fall.price,
        trade_type=TradeType.STOP_LIMIT,
        stop_price=fall.price,
    )
    async with connected(sim, clock) as client:
        feed = client.realtime_feed()
        async with feed.stream() as events:
            await first(events, FeedConnected, lambda _: True)
            await feed.subscribe([], ["00"])
            ack = await client.place_order(request)
            accepted = await first(events, OrderExecution, lambda e: e.order_no == ack.order_no)
            armed = [o for o in await client.open_orders() if o.order_no == ack.order_no]
            [armed_row] = [
                row
                for page in await client.http.request_pages(
                    "ka10075", OpenOrdersRequest(), OpenOrdersWire
                )
                for row in page.oso
                if row.ord_no == ack.order_no
            ]
            sellable_while_armed = (await client.balance()).holdings[0].sellable_qty

            clock.set(sim.runtime.venue.market.at(fall.t + 1))
            filled = await first(
                events,
                OrderExecution,
                lambda e: e.order_no == ack.order_no and e.open_qty == 0,
            )
            fills = await client.fills(order_no=ack.order_no)
            fill_rows = [
                row
                for page in await client.http.request_pages("ka10076", FillsRequest(), FillsWire)
                for row in page.cntr
                if row.ord_no == ack.order_no
            ]
            still_open = [o for o in await client.open_orders() if o.order_no == ack.order_no]

    assert (accepted.status, accepted.trade_type, accepted.price) == (
        "접수",
        "스톱지정가",
        fall.price,
    )
    [order] = armed
    assert (order.trade_type, order.price, order.open_qty) == ("스톱지정가", fall.price, 5)
    assert stop_price(armed_row) == fall.price
    assert sellable_while_armed == 5
    assert (filled.status, filled.fill_qty, filled.trade_type) == ("체결", 5, "스톱지정가")
    assert filled.time is not None
    assert filled.time >= sim.runtime.venue.market.at(fall.t)
    [fill] = [f for f in fills if f.order_no == ack.order_no]
    assert (fill.fill_qty, fill.open_qty, fill.trade_type) == (5, 0, "스톱지정가")
    assert fill.fill_price >= fall.price
    assert [stop_price(row) for row in fill_rows] == [fall.price]
    assert still_open == []


async def test_an_armed_stop_holds_its_shares_in_kt00018_and_04_until_cancelled(
    sim: RunningSimulator, clock: ManualClock
) -> None:
    async with connected(sim, clock) as client:
        floor = (await client.stock_info(CODE)).lower_limit
        feed = client.realtime_feed()
        async with feed.stream() as events:
            await first(events, FeedConnected, lambda _: True)
            await feed.subscribe([], ["04"])
            ack = await client.place_order(
                OrderRequest(
                    side=Side.SELL,
                    code=CODE,
                    qty=6,
                    price=floor,
                    trade_type=TradeType.STOP_LIMIT,
                    stop_price=floor,
                )
            )
            await client.place_order(
                OrderRequest(side=Side.SELL, code=CODE, qty=1, trade_type=TradeType.MARKET)
            )
            pushed = await first(events, BalanceUpdate, lambda e: e.code == CODE)
            while_armed = (await client.balance()).holdings[0].sellable_qty
        await client.cancel_order(CancelRequest(orig_order_no=ack.order_no, code=CODE))
        after_cancel = (await client.balance()).holdings[0].sellable_qty
        listed = {o.order_no for o in await client.open_orders()}

    assert (pushed.qty, pushed.orderable_qty) == (9, 3)
    assert (while_armed, after_cancel) == (3, 9)
    assert ack.order_no not in listed
