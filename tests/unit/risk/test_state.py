"""The governor's state machine, every (state, trigger) pair (ARCHITECTURE.md §4, STYLE.md 4)."""

from __future__ import annotations

import itertools

import pytest

from agent.risk.state import (
    TRANSITIONS,
    GovernorState,
    Trigger,
    accepts_entries,
    kill_switch_engaged,
    loss_limit_hit_today,
    transition,
)

A, R, H, HR = (
    GovernorState.ACTIVE,
    GovernorState.REDUCING,
    GovernorState.HALTED,
    GovernorState.HALTED_REDUCING,
)
LOSS, ENGAGE, RELEASE, DAY = (
    Trigger.DAILY_LOSS_HIT,
    Trigger.KILL_SWITCH_ENGAGED,
    Trigger.KILL_SWITCH_RELEASED,
    Trigger.NEW_TRADING_DAY,
)

# Written out again, row by row, independently of the module's table.
EXPECTED = {
    A: {LOSS: R, ENGAGE: H, RELEASE: A, DAY: A},
    R: {LOSS: R, ENGAGE: HR, RELEASE: R, DAY: A},
    H: {LOSS: HR, ENGAGE: H, RELEASE: A, DAY: H},
    HR: {LOSS: HR, ENGAGE: HR, RELEASE: R, DAY: H},
}


def test_the_table_covers_every_state_and_trigger_and_nothing_else() -> None:
    assert set(TRANSITIONS) == set(itertools.product(GovernorState, Trigger))


@pytest.mark.parametrize(
    ("state", "trigger", "after"),
    [(s, t, after) for s, row in EXPECTED.items() for t, after in row.items()],
)
def test_each_trigger_moves_each_state_as_specified(
    state: GovernorState, trigger: Trigger, after: GovernorState
) -> None:
    assert transition(state, trigger) is after


def test_the_daily_loss_halt_lasts_the_day_and_resets_on_a_new_trading_day() -> None:
    state = transition(A, LOSS)
    assert not accepts_entries(state)

    state = transition(state, RELEASE)  # a stray release changes nothing
    assert state is R

    assert transition(state, DAY) is A


def test_releasing_the_kill_switch_on_a_loss_limit_day_returns_to_reducing_not_active() -> None:
    state = transition(transition(A, LOSS), ENGAGE)

    state = transition(state, RELEASE)

    assert state is R
    assert not accepts_entries(state)


def test_a_loss_hit_under_the_kill_switch_is_remembered_after_release() -> None:
    state = transition(transition(A, ENGAGE), LOSS)

    assert transition(state, RELEASE) is R


def test_the_kill_switch_survives_a_new_trading_day_but_the_loss_limit_does_not() -> None:
    state = transition(transition(A, LOSS), ENGAGE)

    state = transition(state, DAY)

    assert state is H
    assert transition(state, RELEASE) is A


@pytest.mark.parametrize(
    ("state", "entries", "kill", "loss"),
    [
        (A, True, False, False),
        (R, False, False, True),
        (H, False, True, False),
        (HR, False, True, True),
    ],
)
def test_what_each_state_permits(
    state: GovernorState, entries: bool, kill: bool, loss: bool
) -> None:
    assert accepts_entries(state) is entries
    assert kill_switch_engaged(state) is kill
    assert loss_limit_hit_today(state) is loss


def test_only_active_accepts_entries_after_any_sequence_of_triggers() -> None:
    for sequence in itertools.product(Trigger, repeat=4):
        state = A
        for trigger in sequence:
            state = transition(state, trigger)
        assert accepts_entries(state) == (state is A)
