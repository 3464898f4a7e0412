"""What a change of the risk limits sells at once: the governor's own exit rules, run under the
limits in force and under the proposed ones."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from agent.clock import KST
from agent.market.sessions import DayKind, build_session
from agent.risk.change_exits import ForcedSale, sold_by_change
from agent.risk.state import GovernorState
from tests.unit.risk.builders import account, limits, position

DAY = date(2026, 3, 4)
SESSION = build_session(DAY, DayKind.REGULAR)
ACTIVE = GovernorState.ACTIVE


def kst(hh: int, mm: int) -> datetime:
    return datetime.combine(DAY, time(hh, mm), KST)


def lead_for(hh: int, mm: int) -> timedelta:
    """The end-of-day lead of an ``eod_exit_time`` of hh:mm (before the 15:20 auction)."""
    return datetime.combine(DAY, time(15, 20)) - datetime.combine(DAY, time(hh, mm))


HELD = account(
    positions=(
        position("005930", quantity=10, avg=70_000, current=70_500, stop_price=67_900),
        position("000660", quantity=3, avg=200_000, current=199_000, stop_price=194_000),
    )
)


def test_moving_the_end_of_day_exit_before_now_sells_every_position_of_the_agent() -> None:
    sold = sold_by_change(
        HELD, limits(), limits(eod_exit_lead=lead_for(13, 0)), ACTIVE, kst(14, 0), SESSION
    )

    assert sold == [
        ForcedSale(code="005930", quantity=10, price=70_500, reason="eod_exit"),
        ForcedSale(code="000660", quantity=3, price=199_000, reason="eod_exit"),
    ]


def test_moving_the_end_of_day_exit_to_later_today_sells_nothing_now() -> None:
    sold = sold_by_change(
        HELD, limits(), limits(eod_exit_lead=lead_for(14, 30)), ACTIVE, kst(14, 0), SESSION
    )

    assert sold == []


def test_switching_hold_to_flatten_inside_the_exit_window_sells() -> None:
    before = limits(eod_exit="hold")

    sold = sold_by_change(HELD, before, limits(eod_exit="flatten"), ACTIVE, kst(15, 12), SESSION)

    assert [(s.code, s.reason) for s in sold] == [("005930", "eod_exit"), ("000660", "eod_exit")]


def test_a_change_while_the_end_of_day_exit_already_runs_is_no_changes_doing() -> None:
    sold = sold_by_change(HELD, limits(), limits(max_positions=1), ACTIVE, kst(15, 12), SESSION)

    assert sold == []


def test_a_loss_limit_lowered_under_todays_loss_sells_only_when_the_policy_flattens() -> None:
    # Down 150,000 on a 10 M capital: -1.5 %, inside a -2 % limit, beyond a -1 % one.
    losing = account(positions=HELD.positions, realised_pnl_today_won=-150_000)
    tighter = {"daily_loss_limit_bps": -100}

    halting = sold_by_change(
        losing, limits(), limits(**tighter, on_daily_loss="halt"), ACTIVE, kst(11, 0), SESSION
    )
    flattening = sold_by_change(
        losing,
        limits(on_daily_loss="flatten"),
        limits(**tighter, on_daily_loss="flatten"),
        ACTIVE,
        kst(11, 0),
        SESSION,
    )

    assert halting == []
    assert [(s.code, s.reason) for s in flattening] == [
        ("005930", "daily_loss_limit"),
        ("000660", "daily_loss_limit"),
    ]


def test_switching_to_flatten_on_a_day_the_loss_limit_was_hit_sells() -> None:
    sold = sold_by_change(
        HELD,
        limits(on_daily_loss="halt"),
        limits(on_daily_loss="flatten"),
        GovernorState.REDUCING,
        kst(11, 0),
        SESSION,
    )

    assert {s.reason for s in sold} == {"daily_loss_limit"}
    assert len(sold) == 2


def test_a_lower_capital_makes_todays_loss_a_larger_share_of_it() -> None:
    # -150,000 is -1.5 % of 10 M (inside -2 %) but -3 % of 5 M.
    losing = account(positions=HELD.positions, realised_pnl_today_won=-150_000)
    before = limits(on_daily_loss="flatten", capital_won=10_000_000)

    sold = sold_by_change(
        losing,
        before,
        limits(on_daily_loss="flatten", capital_won=5_000_000),
        ACTIVE,
        kst(11, 0),
        SESSION,
    )

    assert len(sold) == 2


def test_a_tighter_stop_sells_a_position_whose_stop_is_not_fixed_yet_and_no_other() -> None:
    # Bought at 70,000, now 67,500 (-3.6 %): a -5 % stop holds, a -3 % stop is reached.
    unfixed = position("035420", quantity=4, avg=70_000, current=67_500)
    fixed = position("005930", quantity=10, avg=70_000, current=67_500, stop_price=66_500)
    view = account(positions=(unfixed, fixed))

    sold = sold_by_change(
        view, limits(stop_loss_bps=-500), limits(stop_loss_bps=-300), ACTIVE, kst(11, 0), SESSION
    )

    assert sold == [ForcedSale(code="035420", quantity=4, price=67_500, reason="stop_loss")]


def test_after_the_close_or_on_a_closed_day_nothing_sells_until_the_next_session() -> None:
    early = limits(eod_exit_lead=lead_for(9, 5))

    after_close = sold_by_change(HELD, limits(), early, ACTIVE, kst(15, 45), SESSION)
    closed_day = sold_by_change(HELD, limits(), early, ACTIVE, kst(14, 0), None)

    assert after_close == []
    assert closed_day == []


def test_entry_limits_sell_nothing() -> None:
    sold = sold_by_change(
        HELD,
        limits(),
        limits(max_positions=1, max_weight_bps=100, entries_enabled=False),
        ACTIVE,
        kst(11, 0),
        SESSION,
    )

    assert sold == []
