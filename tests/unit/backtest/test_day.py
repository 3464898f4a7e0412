"""The backtest trades a seeded synthetic day through the live decision functions, and the
same seed always gives the same day."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from functools import cache

import msgspec
import pytest

from agent.backtest import BacktestConfig, BacktestResult, BacktestTrade, run_backtest
from agent.clock import KST
from agent.market.calendar import default_calendar
from agent.market.sessions import DayKind
from agent.settings.components import RiskSettings, StrategySettings
from agent.settings.units import pct_to_bps
from krxsim.config import SimulatorConfig
from krxsim.market.market import SyntheticMarket

DAY = date(2026, 11, 24)
EOD_START = datetime(2026, 11, 24, 15, 10, tzinfo=KST)


@cache
def _run(seed: int, max_positions: int = 3) -> BacktestResult:
    risk = RiskSettings(max_positions=max_positions)
    return run_backtest(BacktestConfig(seed=seed, trading_date=DAY, risk=risk))


def _market(seed: int) -> SyntheticMarket:
    return _market_on(seed, DAY)


def _market_on(seed: int, day: date) -> SyntheticMarket:
    sim = SimulatorConfig()
    return SyntheticMarket(
        seed=seed,
        trading_date=day,
        listed=sim.listed_codes,
        surges=sim.surge_count,
        step=sim.path_step_seconds,
    )


def _first_check_at_or_below_stop(market: SyntheticMarket, trade: BacktestTrade) -> datetime | None:
    """Return the first 5-second risk check after the entry that saw the price at the stop."""
    at = trade.entry_time.replace(second=trade.entry_time.second // 5 * 5)
    while at < min(trade.exit_time, EOD_START):
        at += timedelta(seconds=5)
        if market.quote(trade.code, at).price <= trade.stop_price:
            return at
    return None


@pytest.mark.parametrize("seed", [1, 8])
def test_the_seeded_leaders_surge_and_are_entered_and_exited(seed: int) -> None:
    result = _run(seed)

    assert result.trades
    for trade in result.trades:
        assert trade.code in result.leaders
        assert trade.entry_time < trade.exit_time
        assert trade.exit_reason in ("stop_loss", "eod_exit")
        assert "SIZED_BY_WEIGHT" in trade.reasons
        assert trade.news_score is not None
        assert trade.news_score >= 60
    assert not result.open_positions
    assert result.summary.trades == len(result.trades)
    assert result.summary.realized_pnl == sum(t.realized_pnl for t in result.trades)


@pytest.mark.parametrize("seed", [1, 8])
def test_each_trade_stays_within_the_max_weight_per_stock(seed: int) -> None:
    result = _run(seed)
    weight_bps = pct_to_bps(RiskSettings().max_weight_pct)
    # Equity at an entry is the starting cash plus what the morning made so far: bounded here.
    equity_bound = result.initial_cash * 105 // 100

    for trade in result.trades:
        assert trade.quantity * trade.entry_price <= equity_bound * weight_bps // 10_000


@pytest.mark.parametrize("seed", [1, 8])
def test_no_trade_is_held_through_its_stop_loss(seed: int) -> None:
    result = _run(seed)
    market = _market(seed)

    stopped = [t for t in result.trades if t.exit_reason == "stop_loss"]
    assert stopped  # these seeds each have a stop-loss
    for trade in result.trades:
        hit = _first_check_at_or_below_stop(market, trade)
        if trade.exit_reason == "stop_loss":
            assert hit is not None
            # Out at once, or when a VI's auction uncrosses (at most two and a half minutes).
            assert hit <= trade.exit_time <= hit + timedelta(minutes=3)
            assert trade.realized_pnl < 0
        else:
            assert hit is None


def test_the_same_seed_replayed_twice_yields_identical_trades() -> None:
    first = run_backtest(BacktestConfig(seed=1, trading_date=DAY))
    second = run_backtest(BacktestConfig(seed=1, trading_date=DAY))

    assert first.trades
    assert first == second
    assert msgspec.json.encode(first) == msgspec.json.encode(second)


def test_another_seed_trades_another_day() -> None:
    one, two = _run(1), _run(2)

    assert one.trades
    assert two.trades
    assert one.leaders != two.leaders
    assert one.trades != two.trades


def test_max_positions_one_holds_in_the_backtest() -> None:
    # Seed 10: the first position stops out inside the window and a second leader is entered.
    result = _run(10, max_positions=1)

    assert len(result.trades) >= 2
    assert dict(result.rejections).get("MAX_POSITIONS", 0) > 0
    ordered = sorted(result.trades, key=lambda t: t.entry_time)
    for earlier, later in itertools.pairwise(ordered):
        assert later.entry_time >= earlier.exit_time
    assert len(_run(10).trades) > len(result.trades)


@pytest.mark.parametrize("seed", [1, 7, 10])
def test_halted_and_designated_leaders_are_never_entered_in_the_backtest(seed: int) -> None:
    market = _market(seed)
    special = {h.code for h in market.specials.halts} | {d.code for d in market.specials.designated}

    result = _run(seed)

    assert special
    assert {t.code for t in result.trades}.isdisjoint(special)
    refused = dict(result.rejections)
    assert refused.get("DESIGNATED_WARNING", 0) > 0  # their surges did signal, and were refused
    assert refused.get("DESIGNATED_ADMINISTRATIVE", 0) > 0


def _sessions_from(first: date, count: int) -> list[date]:
    calendar = default_calendar()
    days, day = [], first
    while len(days) < count:
        if calendar.day_kind(day) is DayKind.REGULAR:
            days.append(day)
        day += timedelta(days=1)
    return days


@pytest.mark.parametrize("day", _sessions_from(date(2026, 12, 1), 4), ids=str)
def test_the_demo_seed_trades_every_day_and_never_a_special_stock(day: date) -> None:
    # The demo replays today's date with seed 7: every date's day must give it something to
    # trade, and its halted and designated leaders must be refused on every date.
    config = SimulatorConfig()
    market = SyntheticMarket(
        seed=7,
        trading_date=day,
        listed=config.listed_codes,
        surges=config.surge_count,
        step=config.path_step_seconds,
    )
    special = {h.code for h in market.specials.halts} | {d.code for d in market.specials.designated}

    result = run_backtest(BacktestConfig(seed=7, trading_date=day))

    assert result.trades
    assert {t.code for t in result.trades}.isdisjoint(special)


def test_a_position_halted_for_the_day_is_not_sold_into_a_storm_of_refusals() -> None:
    """Seed 1 on 2026-12-02 without the news rule enters a leader at 09:05 that KRX halts at
    09:07 for the day: from 15:10 every end-of-day sell of it is refused by the exchange, and
    the governor's desk waits longer after each refusal (5 s, 10 s, ... up to 2 minutes), as
    the live governor does, instead of selling again on every 5-second check."""
    day = date(2026, 12, 2)
    strategy = StrategySettings(require_news=False)
    result = run_backtest(BacktestConfig(seed=1, trading_date=day, strategy=strategy))
    halted = {h.code for h in _market_on(1, day).specials.halts}
    refused = [(code, at) for code, at, _ in result.refused if code in halted]

    assert {code for code, _ in result.open_positions} & halted  # held, and never sellable
    assert 3 <= len(refused) <= 20  # twenty minutes of 5-second checks would be 240
    gaps = [(b - a).total_seconds() for (_, a), (_, b) in itertools.pairwise(refused)]
    assert gaps[:6] == [5, 10, 20, 40, 80, 120]  # the wait doubles after each refusal
    assert all(5 <= gap <= 120 for gap in gaps)  # and never exceeds two minutes
