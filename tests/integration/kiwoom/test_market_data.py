"""Market-data TRs: the client decodes what the simulator sends, field by field."""

from __future__ import annotations

import pytest

from agent.clock import ManualClock
from krxsim import RunningSimulator
from tests.integration.kiwoom.conftest import DAY, at, connected, recorded

pytestmark = pytest.mark.anyio


async def test_ka10001_basic_info_has_live_prices_within_the_daily_limits(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        info = await client.stock_info("005930")

    assert info.code == "005930"
    assert info.name == "삼성전자"
    assert info.lower_limit <= info.low <= info.price <= info.high <= info.upper_limit
    assert info.change == info.price - info.base_price
    assert info.volume > 0


async def test_ka10095_quotes_match_basic_info_of_the_same_code(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        info = await client.stock_info("005930")
        quotes = await client.quotes(["005930", "000660"])

    assert [q.code for q in quotes] == ["005930", "000660"]
    assert (quotes[0].price, quotes[0].base_price) == (info.price, info.base_price)
    assert quotes[0].bid <= quotes[0].price <= quotes[0].ask


async def test_ka10095_over_100_codes_is_split_into_calls_of_at_most_100(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    listed = sorted(shared_sim.runtime.venue.market.listings)[:150]

    async with recorded(shared_sim, market_clock) as (client, wire):
        quotes = await client.quotes(listed)

    assert [q.code for q in quotes] == listed
    assert wire.api_ids().count("ka10095") == 2


async def test_ka10004_order_book_has_ten_sorted_levels_a_side(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        book = await client.order_book("005930")

    asks = [level.price for level in book.asks]
    bids = [level.price for level in book.bids]
    assert len(asks) == len(bids) == 10
    assert asks == sorted(asks)
    assert bids == sorted(bids, reverse=True)
    assert bids[0] < asks[0]
    assert all(level.qty > 0 for level in (*book.asks, *book.bids))


async def test_ka10080_minute_bars_page_with_cont_yn_and_next_key(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with recorded(shared_sim, market_clock) as (client, wire):
        first_page = await client.minute_bars("005930", 1)
        bars = await client.minute_bars("005930", 1, max_pages=3)

    pages = [h for h in wire.sent if h.get("api-id") == "ka10080"]
    assert len(first_page) == 900
    assert len(bars) > 900
    assert bars[:900] == first_page
    times = [bar.time for bar in bars]
    assert times == sorted(times, reverse=True)
    assert len(set(times)) == len(times)
    assert pages[-1]["cont-yn"] == "Y"
    assert pages[-1]["next-key"]
    assert pages[-1]["next-key"] != pages[-2].get("next-key")
    assert all(bar.low <= min(bar.open, bar.close) <= bar.high for bar in bars)


async def test_ka10081_daily_bars_end_with_today_and_carry_the_change(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        bars = await client.daily_bars("005930")
        info = await client.stock_info("005930")

    assert bars[0].day == DAY
    assert bars[0].close == info.price
    assert bars[0].change == info.price - bars[1].close
    assert bars[1].day < DAY
    assert bars[0].turnover_won % 1_000_000 == 0


async def test_ranking_trs_ka10032_ka10030_ka10023_ka10027_decode_their_rows(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    async with connected(shared_sim, market_clock) as client:
        turnover = await client.turnover_leaders()
        volume = await client.volume_leaders()
        surges = await client.volume_surges()
        gainers = await client.top_gainers()

    for ranking in (turnover, volume, surges, gainers):
        assert ranking
        assert [r.rank for r in ranking] == list(range(1, len(ranking) + 1))
        assert all(r.code.isdigit() and len(r.code) == 6 for r in ranking)
    by_turnover = [r.turnover_won or 0 for r in turnover]
    assert by_turnover == sorted(by_turnover, reverse=True)
    volumes = [r.volume for r in volume]
    assert volumes == sorted(volumes, reverse=True)
    assert all(r.surge_qty is not None for r in surges)
    rates = [r.rate_bp for r in gainers]
    assert rates == sorted(rates, reverse=True)


async def test_ka10054_lists_stocks_whose_vi_triggered(
    shared_sim: RunningSimulator, market_clock: ManualClock
) -> None:
    market = shared_sim.runtime.venue.market
    triggered = {e.code for e in market.vi_events(at(9, 30))}

    async with connected(shared_sim, market_clock) as client:
        stocks = await client.vi_stocks()

    assert stocks
    assert {s.code for s in stocks} <= triggered
    assert all(s.trigger_price > 0 for s in stocks)
    assert all(s.triggered_at is not None and s.triggered_at <= at(9, 30) for s in stocks)
