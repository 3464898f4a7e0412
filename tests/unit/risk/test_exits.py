"""Exit triggers: stop price, end of day, liquidation, the daily loss limit."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.clock import KST
from agent.domain.enums import OrderPurpose, Side
from agent.market.board import Board
from agent.market.sessions import DayKind, build_session
from agent.market.tick_size import is_on_tick, tick_size
from agent.risk.account import Position
from agent.risk.exits import (
    OPERATOR_TAG,
    daily_loss_hit,
    daily_loss_trigger,
    emergency_intents,
    eod_exit_due,
    eod_exit_starts,
    exit_intents,
    liquidation_intents,
    stop_loss_hit,
    stop_price,
)
from agent.risk.state import GovernorState, Trigger
from tests.unit.risk.builders import NOW, account, limits, pending_exit, position

DAY = date(2026, 3, 4)
REGULAR = build_session(DAY, DayKind.REGULAR)
CSAT = build_session(date(2026, 11, 19), DayKind.CSAT)


def kst(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), KST)


@pytest.mark.parametrize(
    ("avg", "bps", "stop"),
    [
        (10_000, -300, 9_700),
        (70_000, -300, 67_900),
        (70_000, -500, 66_500),
        (2_010, -500, 1_910),  # exact 1,909.5: rounded up, not down to 1,909 (-5.02 %)
        (20_600, -300, 19_990),  # exact 19,982: in the 10-won band below 20,000
        (51_000, -300, 49_500),  # exact 49,470: 50-won band
    ],
)
def test_the_stop_is_the_exact_stop_rounded_up_to_the_grid(avg: int, bps: int, stop: int) -> None:
    assert stop_price(avg, bps) == stop


@given(
    avg=st.integers(1, 3_000_000), bps=st.integers(-500, -300), board=st.sampled_from(list(Board))
)
def test_a_stop_never_lets_a_position_lose_more_than_its_limit_and_fires_at_most_a_tick_early(
    avg: int, bps: int, board: Board
) -> None:
    if board is Board.FUND and avg * (10_000 + bps) < 5 * 10_000:
        return  # no fund price below one 5-won tick
    stop = stop_price(avg, bps, board)
    exact_times_10k = avg * (10_000 + bps)

    assert is_on_tick(stop, board)
    assert stop * 10_000 >= exact_times_10k  # loss at the stop <= |bps|
    assert (stop - tick_size(stop, board)) * 10_000 < exact_times_10k or stop == tick_size(
        stop, board
    )


def test_the_stop_loss_fires_at_the_stop_and_not_a_tick_above() -> None:
    held = position(avg=10_000, quantity=5)

    assert stop_loss_hit(held, 9_700, limits())
    assert stop_loss_hit(held, 9_000, limits())
    assert not stop_loss_hit(held, 9_710, limits())


def test_the_stop_fixed_when_the_position_opened_wins_over_the_average_price() -> None:
    held = position(avg=10_500, quantity=5, stop_price=9_700)  # averaged up since

    assert stop_loss_hit(held, 9_700, limits())
    assert not stop_loss_hit(held, 9_710, limits())


def test_the_stop_loss_never_fires_for_an_empty_position() -> None:
    assert not stop_loss_hit(position(quantity=0, avg=10_000), 1, limits())


@pytest.mark.parametrize(("bps", "stop"), [(-300, 67_900), (-400, 67_200), (-500, 66_500)])
def test_the_configured_stop_between_three_and_five_percent_is_used(bps: int, stop: int) -> None:
    lim = limits(stop_loss_bps=bps)

    assert stop_loss_hit(position(avg=70_000), stop, lim)
    assert not stop_loss_hit(position(avg=70_000), stop + 100, lim)


@pytest.mark.parametrize(
    ("when", "due"),
    [
        (kst(DAY, 15, 9, 59), False),
        (kst(DAY, 15, 10), True),
        (kst(DAY, 15, 20), True),  # still held in the closing auction: exit there
        (kst(DAY, 15, 29, 59), True),
        (kst(DAY, 15, 30), False),
        (kst(DAY, 9, 30), False),
    ],
)
def test_the_eod_exit_is_due_from_its_time_until_the_close(when: datetime, due: bool) -> None:
    assert eod_exit_due(when, limits(), REGULAR) is due


def test_the_eod_exit_keeps_its_lead_before_a_shifted_closing_auction() -> None:
    assert eod_exit_starts(limits(), CSAT) == kst(CSAT.day, 16, 10)
    assert not eod_exit_due(kst(CSAT.day, 15, 30), limits(), CSAT)
    assert eod_exit_due(kst(CSAT.day, 16, 10), limits(), CSAT)


def test_the_eod_exit_is_never_due_when_holding_overnight_or_on_a_closed_day() -> None:
    assert not eod_exit_due(kst(DAY, 15, 15), limits(eod_exit="hold"), REGULAR)
    assert not eod_exit_due(kst(DAY, 15, 15), limits(), None)
    assert not eod_exit_due(kst(date(2026, 3, 5), 15, 15), limits(), REGULAR)


def test_the_eod_exit_compares_instants_in_kst_whatever_the_zone_of_now() -> None:
    utc = kst(DAY, 15, 10).astimezone(datetime.now().astimezone().tzinfo)

    assert eod_exit_due(utc, limits(), REGULAR)
    with pytest.raises(ValueError, match="timezone-aware"):
        eod_exit_due(kst(DAY, 15, 10).replace(tzinfo=None), limits(), REGULAR)


def test_liquidation_raises_one_sell_per_held_position_and_skips_empty_ones() -> None:
    held = (position(quantity=10, current=70_000), position("000660", 0), position("035420", 3))

    intents = liquidation_intents(held, NOW, "OPERATOR_LIQUIDATE")

    assert [(i.code, i.side, i.purpose, i.quantity, i.reasons) for i in intents] == [
        ("005930", Side.SELL, OrderPurpose.LIQUIDATION, 10, ("OPERATOR_LIQUIDATE",)),
        ("035420", Side.SELL, OrderPurpose.LIQUIDATION, 3, ("OPERATOR_LIQUIDATE",)),
    ]
    assert intents[0].reference_price == 70_000
    assert intents[0].at == NOW


def test_emergency_liquidation_sells_the_agents_lots_unless_told_all() -> None:
    ours = position("005930", 10)
    users = (position("005930", 100), position("000660", 10))
    held = account(positions=(ours,), external=users)

    agents = emergency_intents(held, "agent", NOW)
    everything = emergency_intents(held, "all", NOW)

    assert [(i.code, i.quantity, i.include_user_shares) for i in agents] == [("005930", 10, False)]
    assert [(i.code, i.quantity, i.include_user_shares) for i in everything] == [
        ("005930", None, True),  # one sell of the code: the agent's lot and the user's shares
        ("000660", None, True),
    ]
    assert {i.strategy_tag for i in agents + everything} == {OPERATOR_TAG}


@pytest.mark.parametrize(
    ("realised", "open_", "hit"),
    [
        (0, 0, False),
        (-199_999, 0, False),
        (-200_000, 0, True),
        (-100_000, -100_000, True),
        (-250_000, 60_000, False),
        (50_000, -250_000, True),
    ],
)
def test_the_daily_loss_limit_counts_realised_and_open_pnl_against_the_capital(
    realised: int, open_: int, hit: bool
) -> None:
    acct = account(realised_pnl_today_won=realised, open_pnl_won=open_)

    assert daily_loss_hit(acct, limits()) is hit


def test_a_day_without_capital_counts_as_over_the_loss_limit() -> None:
    assert daily_loss_hit(account(capital_won=0), limits())


def test_the_loss_trigger_fires_once_when_the_limit_is_reached() -> None:
    losing = account(realised_pnl_today_won=-200_000)

    assert daily_loss_trigger(GovernorState.ACTIVE, losing, limits()) is Trigger.DAILY_LOSS_HIT
    assert daily_loss_trigger(GovernorState.HALTED, losing, limits()) is Trigger.DAILY_LOSS_HIT
    assert daily_loss_trigger(GovernorState.REDUCING, losing, limits()) is None
    assert daily_loss_trigger(GovernorState.ACTIVE, account(), limits()) is None


def test_the_governors_own_sells_stop_losses_and_the_end_of_day_but_never_twice() -> None:
    held = account(
        positions=(
            position("005930", avg=70_000),  # falls through its stop
            position("000660", avg=100_000),  # fine
            position("035420", avg=200_000),  # through its stop, but its exit is working
        ),
        pending=(pending_exit("035420", 10),),
    )
    prices = {"005930": 60_000, "000660": 101_000, "035420": 150_000}

    def price_of(p: Position) -> int:
        return prices[p.code]

    stops = exit_intents(held, price_of, limits(), NOW, eod=False)
    closing = exit_intents(held, price_of, limits(), NOW, eod=True)

    assert [(i.code, i.purpose, i.quantity, i.reference_price) for i in stops] == [
        ("005930", OrderPurpose.STOP_LOSS, 10, 60_000)
    ]
    assert [(i.code, i.purpose) for i in closing] == [
        ("005930", OrderPurpose.EOD_EXIT),
        ("000660", OrderPurpose.EOD_EXIT),
    ]
    assert all(i.side is Side.SELL for i in stops + closing)
