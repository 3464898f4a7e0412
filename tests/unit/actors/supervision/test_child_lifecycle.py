"""A child's lifecycle is an explicit table; anything else is an illegal transition."""

from __future__ import annotations

import pytest

from actors.supervision import (
    ChildState,
    IllegalTransition,
    InvariantViolation,
    Trigger,
    next_state,
)

S, T = ChildState, Trigger


@pytest.mark.parametrize(
    ("state", "trigger", "after"),
    [
        (S.STARTING, T.STARTED, S.RUNNING),
        (S.STARTING, T.START_FAILED, S.FAILED),
        (S.RUNNING, T.EXITED_ABNORMALLY, S.FAILED),
        (S.RUNNING, T.EXITED_NORMALLY, S.STOPPED),
        (S.FAILED, T.RESTART, S.RESTARTING),
        (S.RESTARTING, T.STARTED, S.RUNNING),
        (S.RUNNING, T.TERMINATE, S.STOPPED),
    ],
)
def test_allowed_transitions_follow_the_table(
    state: ChildState, trigger: Trigger, after: ChildState
) -> None:
    assert next_state(state, trigger) is after


def test_a_transition_outside_the_table_is_an_invariant_violation() -> None:
    with pytest.raises(IllegalTransition):
        next_state(S.STOPPED, T.STARTED)
    assert issubclass(IllegalTransition, InvariantViolation)
