"""A child's lifecycle as an explicit table ``(State, Trigger) -> State``.

Snapshots report the state; a trigger the table does not list is a bug in the supervisor,
raised as :class:`IllegalTransition` instead of leaving the child in a guessed state.
"""

from __future__ import annotations

import enum
from types import MappingProxyType

from actors.supervision.errors import InvariantViolation


class ChildState(enum.StrEnum):
    """Where a supervised child is in its life."""

    STARTING = "starting"
    RUNNING = "running"
    RESTARTING = "restarting"
    STOPPED = "stopped"
    FAILED = "failed"


class Trigger(enum.StrEnum):
    """What happened to the child."""

    STARTED = "started"
    """Its ``on_start`` finished."""
    START_FAILED = "start_failed"
    """Its factory or ``on_start`` raised, or it did not start in time."""
    EXITED_NORMALLY = "exited_normally"
    """It stopped on its own, without an exception."""
    EXITED_ABNORMALLY = "exited_abnormally"
    """It crashed."""
    RESTART = "restart"
    """The supervisor decided to start it again (possibly after a backoff delay)."""
    TERMINATE = "terminate"
    """The supervisor stopped it, or gave up on it."""


_S = ChildState
_T = Trigger

TRANSITIONS: MappingProxyType[tuple[ChildState, Trigger], ChildState] = MappingProxyType(
    {
        (_S.STARTING, _T.STARTED): _S.RUNNING,
        (_S.STARTING, _T.START_FAILED): _S.FAILED,
        (_S.STARTING, _T.TERMINATE): _S.STOPPED,
        (_S.RUNNING, _T.EXITED_NORMALLY): _S.STOPPED,
        (_S.RUNNING, _T.EXITED_ABNORMALLY): _S.FAILED,
        (_S.RUNNING, _T.RESTART): _S.RESTARTING,
        (_S.RUNNING, _T.TERMINATE): _S.STOPPED,
        (_S.RESTARTING, _T.STARTED): _S.RUNNING,
        (_S.RESTARTING, _T.START_FAILED): _S.FAILED,
        (_S.RESTARTING, _T.RESTART): _S.RESTARTING,
        (_S.RESTARTING, _T.TERMINATE): _S.STOPPED,
        (_S.STOPPED, _T.RESTART): _S.RESTARTING,
        (_S.STOPPED, _T.TERMINATE): _S.STOPPED,
        (_S.FAILED, _T.RESTART): _S.RESTARTING,
        (_S.FAILED, _T.TERMINATE): _S.FAILED,
    }
)


class IllegalTransition(InvariantViolation):
    """A trigger arrived that the lifecycle table does not allow in the current state."""


def next_state(state: ChildState, trigger: Trigger) -> ChildState:
    """Return the state after ``trigger``; raise :class:`IllegalTransition` if not allowed."""
    try:
        return TRANSITIONS[(state, trigger)]
    except KeyError:
        raise IllegalTransition(f"{trigger} is not allowed in state {state}") from None
