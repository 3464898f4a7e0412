"""The simulator's earlier days: the same past day whichever day it trades, and surges in them."""

from __future__ import annotations

from datetime import date

from krxsim.market.history import PastDays
from krxsim.market.listings import build_listings

SEED = 11
LISTINGS = build_listings(SEED, 60)


def test_a_past_day_is_the_same_whichever_later_day_the_simulator_trades() -> None:
    past = PastDays(SEED, LISTINGS, 6, 5)
    code = sorted(LISTINGS)[7]

    from_monday = {b.day: b for b in past.daily(code, date(2026, 11, 30), 40)}
    from_later = {b.day: b for b in past.daily(code, date(2026, 12, 11), 60)}

    shared = sorted(set(from_monday) & set(from_later))
    assert len(shared) >= 39
    # All but the day right before Monday, which closes at the listing's previous close.
    last = max(from_monday)
    assert all(from_monday[d] == from_later[d] for d in shared if d != last)
    assert from_monday[last].close == LISTINGS[code].prev_close


def test_a_surging_stock_trades_its_surge_on_a_past_day() -> None:
    past = PastDays(SEED, LISTINGS, 6, 5)
    day = date(2026, 11, 24)
    surging = [c for c in sorted(LISTINGS) if past.surge_of(c, day) is not None]
    assert len(surging) == 6
    code = surging[0]

    bar = next(b for b in past.daily(code, date(2026, 11, 27), 10) if b.day == day)
    minutes = past.minutes(code, bar)

    # The day's candle is its minute bars'.
    assert minutes[0][1] == bar.open
    assert max(m[2] for m in minutes) == bar.high
    assert min(m[3] for m in minutes) == bar.low
    assert minutes[-1][4] == bar.close
    assert sum(m[5] for m in minutes) == bar.volume
    # A surge: far more volume than an ordinary day of the stock.
    assert bar.volume > 1.5 * LISTINGS[code].prev_volume


def test_a_window_of_earlier_history_is_the_same_from_any_later_day() -> None:
    past = PastDays(SEED, LISTINGS, 6, 5)
    code = sorted(LISTINGS)[11]
    end = date(2026, 11, 27)  # a window up to this day, as ka10081 with base_dt reads it

    window = past.daily(code, date(2026, 11, 28), 30, pinned=False)
    served_monday = {b.day: b for b in past.daily(code, date(2026, 11, 30), 40)}
    served_later = {b.day: b for b in past.daily(code, date(2026, 12, 14), 60)}

    assert window[0].day == end
    # The served day's pinned bar aside, every day is the window's.
    assert all(served_later[b.day] == b for b in window)
    assert all(served_monday[b.day] == b for b in window if b.day != end)


def test_the_day_pinned_to_the_simulated_days_base_has_no_surge_in_its_minutes() -> None:
    past = PastDays(SEED, LISTINGS, 6, 5)
    pinned = date(2026, 11, 27)
    surging = next(c for c in sorted(LISTINGS) if past.surge_of(c, pinned) is not None)
    bar = past.daily(surging, date(2026, 11, 30), 5)[0]
    assert bar.day == pinned

    minutes = past.minutes(surging, bar, pinned)

    assert minutes[-1][4] == bar.close == LISTINGS[surging].prev_close
    assert sum(m[5] for m in minutes) == bar.volume
