"""A fetched day's minute bars become a tape the backtest trades like a synthetic one."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from agent.backtest.bars import BAR_STEP, BarMarket, BarTape
from agent.clock import KST
from agent.history import MinuteBar
from krxsim.market.listings import Listing
from krxsim.rules import Board

DAY = date(2026, 11, 24)
OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
LISTING = Listing(
    code="123450",
    name="테스트",
    board=Board.KOSDAQ,
    prev_close=10_000,
    prev_volume=100_000,
    listed_shares=1_000_000,
    kospi200=False,
    daily_vol_bps=200,
)


def _bar(minute: int, o: int, h: int, lo: int, c: int, v: int) -> MinuteBar:
    return MinuteBar(
        code=LISTING.code,
        start=OPEN + timedelta(minutes=minute),
        open=o,
        high=h,
        low=lo,
        close=c,
        volume=v,
    )


def test_a_rising_bar_prints_open_low_high_close_and_a_falling_one_open_high_low_close() -> None:
    tape = BarTape(
        LISTING,
        [_bar(0, 10_100, 10_300, 10_000, 10_200, 400), _bar(1, 10_200, 10_250, 10_050, 10_100, 9)],
        OPEN,
    )

    prints = tape.prints(-1, 7)

    assert [p.price for p in prints] == [
        10_100,
        10_000,
        10_300,
        10_200,
        10_200,
        10_250,
        10_050,
        10_100,
    ]
    assert [p.t for p in prints] == [k * BAR_STEP for k in range(8)]
    assert sum(abs(p.qty) for p in prints[:4]) == 400
    assert sum(abs(p.qty) for p in prints[4:]) == 9
    # Sides follow the price: a print below the one before is seller-initiated.
    assert prints[1].qty < 0
    assert prints[2].qty > 0
    assert tape.minute_bars(7) == [
        (0, 10_100, 10_300, 10_000, 10_200, 400),
        (1, 10_200, 10_250, 10_050, 10_100, 9),
    ]
    assert tape.open_price == 10_100
    assert (tape.lower, tape.upper) == (7_000, 13_000)


def test_the_closing_bar_is_one_print_at_1530_and_nothing_prints_in_the_closing_auction() -> None:
    tape = BarTape(
        LISTING,
        [
            _bar(385, 10_000, 10_000, 10_000, 10_000, 50),
            _bar(390, 10_050, 10_050, 10_050, 10_050, 700),
        ],
        OPEN,
    )

    prints = tape.prints(-1, len(tape.qty) - 1)

    assert [(p.t, p.price, p.qty) for p in prints] == [(23_400, 10_050, 700)]
    # Before the first print the last price is the previous close.
    assert int(tape.last_price[0]) == LISTING.prev_close


def test_a_bar_market_answers_quotes_from_its_tapes() -> None:
    market = BarMarket(
        DAY, {LISTING.code: LISTING}, {LISTING.code: [_bar(0, 10_100, 10_300, 10_000, 10_200, 400)]}
    )

    quote = market.quote(LISTING.code, OPEN + timedelta(seconds=59))

    assert (quote.price, quote.high, quote.low, quote.volume) == (10_200, 10_300, 10_000, 400)
    assert market.script.surges == ()
    assert market.vi_events(OPEN + timedelta(hours=1)) == []
    assert not market.halted(LISTING.code, OPEN)
