"""The governor's state machine as an explicit table ``(State, Trigger) -> State``.

- ACTIVE: entries and exits.
- REDUCING: the daily loss limit was hit; exits only, for the rest of the trading day.
- HALTED: the kill switch is engaged; no new entry, but every exit keeps working: protective
  stops, end-of-day exits and the loss limit's flatten still fire (a brake on buying must never
  leave a falling position unprotected). The kill switch is manual: it survives a new trading
  day. Stopping *every* automatic order is the operator's separate ``freeze``.
- HALTED_REDUCING: HALTED on a day whose loss limit was also hit. It behaves exactly as HALTED;
  it exists so that releasing the kill switch returns to REDUCING, not ACTIVE, that day. A fourth
  state keeps the memory inside the table instead of a flag beside it.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "TRANSITIONS",
    "GovernorState",
    "Trigger",
    "accepts_entries",
    "kill_switch_engaged",
    "loss_limit_hit_today",
    "transition",
]


class GovernorState(StrEnum):
    ACTIVE = "active"
    REDUCING = "reducing"
    HALTED = "halted"
    HALTED_REDUCING = "halted_reducing"


class Trigger(StrEnum):
    DAILY_LOSS_HIT = "daily_loss_hit"
    KILL_SWITCH_ENGAGED = "kill_switch_engaged"
    KILL_SWITCH_RELEASED = "kill_switch_released"
    NEW_TRADING_DAY = "new_trading_day"


_A, _R, _H, _HR = (
    GovernorState.ACTIVE,
    GovernorState.REDUCING,
    GovernorState.HALTED,
    GovernorState.HALTED_REDUCING,
)
_LOSS, _ENGAGE, _RELEASE, _DAY = (
    Trigger.DAILY_LOSS_HIT,
    Trigger.KILL_SWITCH_ENGAGED,
    Trigger.KILL_SWITCH_RELEASED,
    Trigger.NEW_TRADING_DAY,
)

# Every (state, trigger) pair is listed: a trigger that changes nothing maps a state to itself.
TRANSITIONS: dict[tuple[GovernorState, Trigger], GovernorState] = {
    (_A, _LOSS): _R,
    (_A, _ENGAGE): _H,
    (_A, _RELEASE): _A,
    (_A, _DAY): _A,
    (_R, _LOSS): _R,
    (_R, _ENGAGE): _HR,
    (_R, _RELEASE): _R,
    (_R, _DAY): _A,  # the loss halt lasts the day
    (_H, _LOSS): _HR,
    (_H, _ENGAGE): _H,
    (_H, _RELEASE): _A,
    (_H, _DAY): _H,  # the kill switch does not expire
    (_HR, _LOSS): _HR,
    (_HR, _ENGAGE): _HR,
    (_HR, _RELEASE): _R,  # still the loss-limit day
    (_HR, _DAY): _H,  # a new day forgets the loss, not the kill switch
}


def transition(state: GovernorState, trigger: Trigger) -> GovernorState:
    """Return the state after ``trigger`` in ``state``."""
    return TRANSITIONS[(state, trigger)]


def kill_switch_engaged(state: GovernorState) -> bool:
    return state in (_H, _HR)


def loss_limit_hit_today(state: GovernorState) -> bool:
    return state in (_R, _HR)


def accepts_entries(state: GovernorState) -> bool:
    """Tell whether new entries may be approved (only when ACTIVE)."""
    return state is _A
