from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from krxsim.market.listings import build_listings
from krxsim.market.market import SyntheticMarket
from krxsim.market.path import VI_SECONDS
from krxsim.rules import is_on_tick

DAY = date(2026, 11, 24)


def _market(seed: int = 11, listed: int = 300) -> SyntheticMarket:
    return SyntheticMarket(seed=seed, trading_date=DAY, listed=listed, surges=4, step=5)


def test_the_universe_has_two_thousand_codes_with_the_real_large_caps() -> None:
    listings = build_listings(1, 2000)

    assert len(listings) == 2000
    assert listings["005930"].name == "삼성전자"
    assert listings["000660"].name == "SK하이닉스"
    assert listings["373220"].name == "LG에너지솔루션"
    assert all(len(code) == 6 and code.isdigit() for code in listings)
    assert len({lst.name for lst in listings.values()}) == 2000
    assert all(is_on_tick(lst.prev_close, lst.board) for lst in listings.values())


def test_the_same_seed_gives_the_same_day() -> None:
    first, second = _market(), _market()

    assert first.script == second.script
    for code in list(first.listings)[:50]:
        assert np.array_equal(first.day(code).last_price, second.day(code).last_price)
        assert np.array_equal(first.day(code).qty, second.day(code).qty)


def test_another_seed_gives_another_day() -> None:
    first, second = _market(seed=1), _market(seed=2)

    assert first.script != second.script
    assert not np.array_equal(first.day("005930").last_price, second.day("005930").last_price)


def test_every_print_is_on_the_tick_grid_inside_the_daily_limits() -> None:
    market = _market()
    for code in list(market.listings)[:100]:
        day = market.day(code)
        printed = day.print_price[day.qty != 0]
        board = market.listings[code].board
        assert all(is_on_tick(int(p), board) for p in printed)
        assert printed.min() >= day.lower
        assert printed.max() <= day.upper


def test_surging_stocks_rise_well_above_their_open_in_the_first_hour() -> None:
    market = _market()
    for surge in market.script.surges:
        after = surge.start + timedelta(minutes=surge.minutes + 1)
        quote = market.quote(surge.code, after)
        assert quote.high >= quote.open * 105 // 100, surge


def test_a_vi_stops_printing_for_two_minutes_then_uncrosses() -> None:
    market = _market(listed=2000)
    events = market.vi_events(market.open_at + timedelta(hours=6))
    assert events, "the scripted surges trigger static VIs"
    event = events[0]
    day = market.day(event.code)
    during = day.prints(day.index_at(event.start) - 1, day.index_at(event.end - 1))
    assert [p for p in during if p.t >= event.start] == []
    assert event.end - event.start >= VI_SECONDS
    release = day.prints(day.index_at(event.end - 1), day.index_at(event.end + 10))[0]
    assert release.k in day.auction_ks


def test_before_the_open_the_quote_shows_the_expected_uncross_and_no_trades() -> None:
    market = _market()
    quote = market.quote("005930", market.open_at - timedelta(minutes=10))

    assert quote.volume == 0
    assert quote.auction
    assert quote.expected_price > 0
    assert market.quote("005930", market.open_at).open == market.day("005930").open_price


@pytest.mark.parametrize("code", ["005930", "035720"])
def test_the_book_has_ten_levels_a_tick_apart_around_the_last_price(code: str) -> None:
    market = _market()
    now = market.open_at + timedelta(minutes=30)
    book = market.book(code, now)
    quote = market.quote(code, now)

    assert len(book.asks) == 10
    assert len(book.bids) == 10
    assert book.best_bid == quote.price
    assert book.best_ask > book.best_bid


@pytest.mark.parametrize("width", [1, 240, 721])
def test_the_opening_of_a_day_is_the_whole_days_first_steps_to_the_bit(width: int) -> None:
    # The backtest ranks every code on its opening steps alone: surging, halted, crashing and
    # VI-interrupted codes must read there as they do in the whole day.
    opening, whole = _market(seed=3), _market(seed=3)
    special = {h.code for h in opening.specials.halts} | {
        c.code for c in opening.specials.limit_down
    }
    with_vi = {c for c in whole.listings if whole.day(c).vi_events}
    assert special
    assert with_vi
    assert opening.script.surges

    for code in opening.listings:
        prices, qty = opening.opening(code, width)
        day = whole.day(code)
        assert np.array_equal(prices, day.last_price[:width]), code
        assert np.array_equal(qty, day.qty[:width]), code
    assert not opening._days  # nothing drawn whole on the way
