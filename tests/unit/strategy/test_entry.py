"""The entry rule: each condition, its switch, and the reasons every answer carries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from agent.clock import KST
from agent.domain import Intent, OrderPurpose, Side
from agent.marketdata import (
    Tick,
    ViEvent,
    ViPhase,
    VolumeBaseline,
    apply_tick,
    apply_vi,
    new_stock_state,
)
from agent.marketdata.state import StockState
from agent.settings.components import StrategySettings
from agent.strategy.entry import STRATEGY_TAG, EntryContext, NoEntry, evaluate_entry
from agent.strategy.reasons import Reason
from agent.strategy.thresholds import thresholds

OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
NOW = OPEN + timedelta(minutes=6, seconds=30)
SETTINGS = StrategySettings()  # 09:00-10:00, 5-minute range, news >= 60, 2x volume, 2-20 %
CONTEXT = EntryContext(watch_rank=2, news_score=80)
# Opening range 10_100..10_300 with VWAP about 10_190; then a breakout trade at 10_400.
SMALL_PREVIOUS_DAY = VolumeBaseline(day_total=1_000)
OPENING_TRADES = [(0, 10_200, 1_000), (2, 10_300, 500), (4, 10_100, 400)]


def at(minute: float) -> datetime:
    return OPEN + timedelta(minutes=minute)


def stock(
    last: int | None = 10_400,
    *,
    last_qty: int = 100,
    prev_close: int | None = 10_000,
    baseline: VolumeBaseline | None = SMALL_PREVIOUS_DAY,
) -> StockState:
    state = new_stock_state(
        "005930", open_at=OPEN, opening_range_minutes=5, prev_close=prev_close, baseline=baseline
    )
    for minute, price, qty in OPENING_TRADES:
        state = apply_tick(state, Tick(code="005930", at=at(minute), price=price, quantity=qty))
    if last is not None:
        state = apply_tick(state, Tick(code="005930", at=at(6), price=last, quantity=last_qty))
    return state


def failed(result: Intent | NoEntry) -> tuple[Reason, ...]:
    assert isinstance(result, NoEntry), result
    return result.failed


def test_a_leader_breaking_out_above_vwap_on_volume_with_news_gets_a_buy_intent() -> None:
    result = evaluate_entry(stock(), CONTEXT, SETTINGS, NOW)

    assert isinstance(result, Intent)
    assert (result.code, result.side, result.purpose) == ("005930", Side.BUY, OrderPurpose.ENTRY)
    assert (result.reference_price, result.at, result.strategy_tag) == (10_400, NOW, STRATEGY_TAG)
    assert (result.news_score, result.volume_rank, result.quantity) == (80, 2, None)
    assert result.reasons == (
        Reason.IN_WINDOW,
        Reason.TURNOVER_TOP,
        Reason.NEWS_SCORE_OK,
        Reason.OR_BREAKOUT,
        Reason.ABOVE_VWAP,
        Reason.VOLUME_RATIO_OK,
        Reason.CHANGE_OK,
        Reason.VI_CLEAR,
        Reason.NOT_HELD,
    )


def test_a_rejected_candidate_carries_every_failing_reason_and_the_passing_ones() -> None:
    context = EntryContext(watch_rank=None, news_score=10)

    result = evaluate_entry(stock(last=10_150), context, SETTINGS, NOW)

    assert isinstance(result, NoEntry)
    assert result.failed == (Reason.NOT_WATCHED, Reason.NEWS_SCORE_LOW, Reason.OR_NOT_BROKEN,
                             Reason.BELOW_VWAP, Reason.CHANGE_TOO_LOW)  # fmt: skip
    assert Reason.IN_WINDOW in result.reasons
    assert Reason.VI_CLEAR in result.reasons
    assert (result.code, result.at) == ("005930", NOW)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(-0.5), Reason.OUT_OF_WINDOW),
        (at(60), Reason.OUT_OF_WINDOW),
        (at(59.99), None),
    ],
)
def test_entries_are_taken_only_inside_the_window(now: datetime, expected: Reason | None) -> None:
    result = evaluate_entry(stock(), CONTEXT, SETTINGS, now)

    if expected is None:
        assert isinstance(result, Intent)
    else:
        assert expected in failed(result)


def test_a_stock_off_the_watch_list_is_not_entered() -> None:
    context = EntryContext(watch_rank=None, news_score=80)

    assert failed(evaluate_entry(stock(), context, SETTINGS, NOW)) == (Reason.NOT_WATCHED,)


@pytest.mark.parametrize(
    ("score", "outcome"),
    [(59, Reason.NEWS_SCORE_LOW), (None, Reason.NEWS_MISSING), (60, None)],
)
def test_the_news_score_must_reach_the_threshold_when_required(
    score: int | None, outcome: Reason | None
) -> None:
    context = EntryContext(watch_rank=1, news_score=score)

    result = evaluate_entry(stock(), context, SETTINGS, NOW)

    if outcome is None:
        assert isinstance(result, Intent)
    else:
        assert failed(result) == (outcome,)


def test_the_news_switch_off_lets_a_low_score_through_and_says_so() -> None:
    context = EntryContext(watch_rank=1, news_score=None)
    settings = StrategySettings(require_news=False)

    result = evaluate_entry(stock(), context, settings, NOW)

    assert isinstance(result, Intent)
    assert Reason.NEWS_NOT_REQUIRED in result.reasons
    assert result.news_score is None


def test_no_breakout_is_possible_before_the_opening_range_is_complete() -> None:
    result = evaluate_entry(stock(), CONTEXT, SETTINGS, at(4.99))

    assert failed(result) == (Reason.OR_INCOMPLETE,)


def test_a_price_equal_to_the_range_high_is_not_a_breakout() -> None:
    assert failed(evaluate_entry(stock(last=10_300), CONTEXT, SETTINGS, NOW)) == (
        Reason.OR_NOT_BROKEN,
    )


def test_the_breakout_switch_off_ignores_the_range() -> None:
    settings = StrategySettings(require_breakout=False)

    result = evaluate_entry(stock(last=10_250), CONTEXT, settings, NOW)  # below the 10_300 high

    assert isinstance(result, Intent)
    assert Reason.BREAKOUT_NOT_REQUIRED in result.reasons


def test_a_price_at_or_below_vwap_is_not_entered() -> None:
    settings = StrategySettings(require_breakout=False)

    result = evaluate_entry(stock(last=10_200, last_qty=1), CONTEXT, settings, NOW)

    assert failed(result) == (Reason.BELOW_VWAP,)


def test_the_vwap_switch_off_ignores_vwap() -> None:
    settings = StrategySettings(require_breakout=False, require_vwap=False)

    result = evaluate_entry(stock(last=10_200, last_qty=1), CONTEXT, settings, NOW)

    assert isinstance(result, Intent)
    assert Reason.VWAP_NOT_REQUIRED in result.reasons


def test_volume_below_the_minimum_ratio_is_not_entered() -> None:
    # 2_000 shares by minute 7; the profile expects 11 % of 20_000 = 2_200; 2x needs 4_400.
    result = evaluate_entry(
        stock(baseline=VolumeBaseline(day_total=20_000)), CONTEXT, SETTINGS, NOW
    )

    assert failed(result) == (Reason.VOLUME_RATIO_LOW,)


def test_volume_without_a_previous_day_is_unknown_and_not_entered() -> None:
    result = evaluate_entry(stock(baseline=None), CONTEXT, SETTINGS, NOW)

    assert failed(result) == (Reason.VOLUME_RATIO_UNKNOWN,)


@pytest.mark.parametrize(
    ("prev_close", "outcome"),
    [
        (10_300, Reason.CHANGE_TOO_LOW),  # +0.97 %
        (8_600, Reason.CHANGE_TOO_HIGH),  # +20.9 %
        (None, Reason.CHANGE_UNKNOWN),
        (8_667, None),  # +19.99 %
    ],
)
def test_the_change_over_the_previous_close_must_be_inside_the_range(
    prev_close: int | None, outcome: Reason | None
) -> None:
    result = evaluate_entry(stock(prev_close=prev_close), CONTEXT, SETTINGS, NOW)

    if outcome is None:
        assert isinstance(result, Intent)
    else:
        assert failed(result) == (outcome,)


def test_a_stock_in_vi_is_not_entered_until_released() -> None:
    triggered = apply_vi(stock(), ViEvent(code="005930", at=at(6.1), phase=ViPhase.TRIGGERED))
    released = apply_vi(triggered, ViEvent(code="005930", at=at(8.2), phase=ViPhase.RELEASED))

    assert failed(evaluate_entry(triggered, CONTEXT, SETTINGS, NOW)) == (Reason.VI_ACTIVE,)
    assert isinstance(evaluate_entry(released, CONTEXT, SETTINGS, at(8.3)), Intent)


def test_a_held_stock_is_not_entered_again() -> None:
    context = EntryContext(watch_rank=1, news_score=80, holding=True)

    assert failed(evaluate_entry(stock(), context, SETTINGS, NOW)) == (Reason.ALREADY_HELD,)


def test_one_entry_per_stock_per_day_unless_the_context_allows_more() -> None:
    once = EntryContext(watch_rank=1, news_score=80, entries_today=1)
    twice = EntryContext(watch_rank=1, news_score=80, entries_today=1, max_entries_per_day=2)

    assert failed(evaluate_entry(stock(), once, SETTINGS, NOW)) == (Reason.ALREADY_ENTERED,)
    assert isinstance(evaluate_entry(stock(), twice, SETTINGS, NOW), Intent)


def test_no_trade_yet_means_no_entry_and_says_so() -> None:
    result = evaluate_entry(stock(last=None), CONTEXT, SETTINGS, at(0) - timedelta(seconds=1))
    empty = new_stock_state("005930", open_at=OPEN, opening_range_minutes=5, prev_close=10_000)

    assert Reason.OUT_OF_WINDOW in failed(result)
    assert Reason.NO_PRICE in failed(evaluate_entry(empty, CONTEXT, SETTINGS, NOW))


def test_the_strategy_switch_off_stops_new_entries() -> None:
    settings = StrategySettings(enabled=False)

    assert failed(evaluate_entry(stock(), CONTEXT, settings, NOW)) == (Reason.STRATEGY_DISABLED,)


def test_pre_converted_thresholds_give_the_same_answer() -> None:
    assert evaluate_entry(stock(), CONTEXT, thresholds(SETTINGS), NOW) == evaluate_entry(
        stock(), CONTEXT, SETTINGS, NOW
    )


def test_on_a_late_opening_day_the_window_moves_with_the_open() -> None:
    shift = timedelta(hours=1)

    result = evaluate_entry(stock(), CONTEXT, SETTINGS, NOW, window_shift=shift)

    assert failed(result) == (Reason.OUT_OF_WINDOW,)
