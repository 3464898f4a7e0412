"""A trading day told through the pure pieces: limits, triggers, state table and check_intent."""

from __future__ import annotations

from agent.domain.enums import OrderPurpose, OrderType
from agent.domain.intents import Approved, Rejected
from agent.risk.check import check_intent
from agent.risk.exits import daily_loss_trigger, liquidation_intents, stop_loss_hit
from agent.risk.state import (
    GovernorState,
    Trigger,
    accepts_entries,
    transition,
)
from tests.unit.risk.builders import (
    CODE,
    NOW,
    account,
    entry,
    exit_,
    limits,
    market,
    position,
)


def test_a_losing_day_stops_entries_lets_the_stop_loss_out_and_resets_the_next_day() -> None:
    lim = limits()
    held = position(quantity=100, avg=72_000, current=69_800)
    losing = account(positions=(held,), realised_pnl_today_won=-180_000, open_pnl_won=-220_000)
    state = GovernorState.ACTIVE

    trigger = daily_loss_trigger(state, losing, lim)
    assert trigger is Trigger.DAILY_LOSS_HIT
    state = transition(state, trigger)

    new_entry = check_intent(
        entry("000660", 200_000), lim, losing, market("000660", 200_000, 200_000), state, NOW
    )
    assert isinstance(new_entry, Rejected)
    assert new_entry.reasons == ("DAILY_LOSS_LIMIT",)
    assert stop_loss_hit(held, 69_800, lim)
    stop = check_intent(exit_(ref=69_800), lim, losing, market(last=69_800), state, NOW)
    assert isinstance(stop, Approved)
    assert (stop.quantity, stop.order_type) == (100, OrderType.LIMIT)

    state = transition(state, Trigger.NEW_TRADING_DAY)
    fresh = account()
    assert accepts_entries(state)
    assert isinstance(check_intent(entry(), lim, fresh, market(), state, NOW), Approved)


def test_the_kill_switch_stops_entries_but_keeps_every_exit() -> None:
    lim = limits()
    acct = account(positions=(position(quantity=40),))
    state = transition(GovernorState.ACTIVE, Trigger.KILL_SWITCH_ENGAGED)

    refused = check_intent(
        entry("000660", 200_000), lim, acct, market("000660", 200_000, 200_000), state, NOW
    )
    assert isinstance(refused, Rejected)
    assert refused.reasons == ("KILL_SWITCH",)
    stop = check_intent(exit_(ref=60_000), lim, acct, market(last=60_000), state, NOW)
    assert isinstance(stop, Approved)  # protective stops keep working under the kill switch

    (liquidation,) = liquidation_intents(acct.positions, NOW, "OPERATOR_LIQUIDATE")
    decision = check_intent(liquidation, lim, acct, market(), state, NOW)

    assert isinstance(decision, Approved)
    assert decision.intent.purpose is OrderPurpose.LIQUIDATION
    assert decision.quantity == 40


def test_adding_to_a_held_code_does_not_take_another_position_slot() -> None:
    lim = limits(max_positions=2, allow_scale_in=True)
    acct = account(positions=(position(quantity=5), position("000660", 5, 200_000, 200_000)))

    added = check_intent(entry(CODE), lim, acct, market(), GovernorState.ACTIVE, NOW)
    another = check_intent(
        entry("035420", 200_000),
        lim,
        acct,
        market("035420", 200_000, 200_000),
        GovernorState.ACTIVE,
        NOW,
    )

    assert isinstance(added, Approved)
    assert isinstance(another, Rejected)
    assert another.reasons == ("MAX_POSITIONS",)
