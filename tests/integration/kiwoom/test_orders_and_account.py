"""Order TRs (kt10000-kt10003) and the account TRs that show their effect (ka10075, ka10076,
kt00001, kt00018)."""

from __future__ import annotations

import pytest

from agent.clock import ManualClock
from agent.kiwoom.models.trading import CancelRequest, ModifyRequest, OrderRequest, Side, TradeType
from agent.market.tick_size import ticks_away
from krxsim import RunningSimulator
from tests.integration.kiwoom.conftest import at, connected

pytestmark = pytest.mark.anyio

CODE = "000660"


def market(side: Side, qty: int, code: str = CODE) -> OrderRequest:
    return OrderRequest(side=side, code=code, qty=qty, trade_type=TradeType.MARKET)


async def test_kt10000_market_buy_fills_and_shows_in_ka10076_kt00001_and_kt00018(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        cash_before = (await client.deposit()).cash
        ack = await client.place_order(market(Side.BUY, 10))
        fills = [f for f in await client.fills() if f.order_no == ack.order_no]
        deposit = await client.deposit()
        balance = await client.balance()

    assert len(ack.order_no) == 7
    assert ack.order_no.isdigit()
    assert ack.exchange == "KRX"
    [fill] = fills
    assert (fill.code, fill.side, fill.fill_qty, fill.open_qty) == (CODE, Side.BUY, 10, 0)
    assert fill.status == "체결"
    assert fill.fee > 0
    assert deposit.cash == cash_before - 10 * fill.fill_price - fill.fee
    [holding] = [h for h in balance.holdings if h.code == CODE]
    assert (holding.qty, holding.sellable_qty, holding.avg_price) == (10, 10, fill.fill_price)
    assert balance.total_purchase == sum(h.purchase_amount for h in balance.holdings)


async def test_kt10001_market_sell_pays_the_sell_tax(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        await client.place_order(market(Side.BUY, 5, "005930"))
        ack = await client.place_order(market(Side.SELL, 5, "005930"))
        [fill] = [f for f in await client.fills() if f.order_no == ack.order_no]
        balance = await client.balance()

    assert (fill.side, fill.kind, fill.fill_qty) == (Side.SELL, "-매도", 5)
    assert fill.tax > 0
    assert all(h.code != "005930" for h in balance.holdings)


async def test_kt10002_modify_and_kt10003_cancel_a_resting_limit_order(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        floor = (await client.stock_info(CODE)).lower_limit
        ack = await client.place_order(
            OrderRequest(side=Side.BUY, code=CODE, qty=3, price=floor, trade_type=TradeType.LIMIT)
        )
        resting = [o for o in await client.open_orders() if o.order_no == ack.order_no]
        modified = await client.modify_order(
            ModifyRequest(orig_order_no=ack.order_no, code=CODE, price=ticks_away(floor, 1))
        )
        after_modify = {o.order_no: o for o in await client.open_orders()}
        cancelled = await client.cancel_order(
            CancelRequest(orig_order_no=modified.order_no, code=CODE)
        )
        after_cancel = {o.order_no for o in await client.open_orders()}

    [open_order] = resting
    assert (open_order.qty, open_order.open_qty, open_order.price) == (3, 3, floor)
    assert open_order.side is Side.BUY
    assert modified.orig_order_no == ack.order_no
    assert modified.qty == 3
    assert ack.order_no not in after_modify
    assert after_modify[modified.order_no].orig_order_no == ack.order_no
    assert (cancelled.orig_order_no, cancelled.qty) == (modified.order_no, 3)
    assert modified.order_no not in after_cancel
    assert cancelled.order_no not in after_cancel


async def test_ka10075_lists_only_open_orders_with_their_remaining_quantity(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        floor = (await client.stock_info(CODE)).lower_limit
        resting = await client.place_order(
            OrderRequest(side=Side.BUY, code=CODE, qty=2, price=floor, trade_type=TradeType.LIMIT)
        )
        filled = await client.place_order(market(Side.BUY, 1))
        listed = {o.order_no: o for o in await client.open_orders()}
        only_code = await client.open_orders(CODE)
        await client.cancel_order(CancelRequest(orig_order_no=resting.order_no, code=CODE))

    assert resting.order_no in listed
    assert filled.order_no not in listed
    assert listed[resting.order_no].time == at(9, 30)
    assert {o.code for o in only_code} == {CODE}
