"""The risk governor's state as the system events left it (rebuilt on every start)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from agent.clock import KST
from agent.risk.state import GovernorState, Trigger, transition
from agent.store.models import EventKind, SystemEvent


def restore_state(
    newest_first: Sequence[SystemEvent], today: date
) -> tuple[GovernorState, bool, bool]:
    """Return (state, entries paused, frozen) from the events: the kill switch, the freeze and
    the operator's pause survive restarts and days; the daily loss halt lasts its day."""
    state = GovernorState.ACTIVE
    paused = False
    frozen = False
    for event in newest_first:
        if event.kind in (EventKind.FREEZE_ENGAGED, EventKind.FREEZE_RELEASED):
            frozen = event.kind is EventKind.FREEZE_ENGAGED
            break
    for event in newest_first:
        if event.kind in (EventKind.KILL_SWITCH_ENGAGED, EventKind.KILL_SWITCH_RELEASED):
            if event.kind is EventKind.KILL_SWITCH_ENGAGED:
                state = transition(state, Trigger.KILL_SWITCH_ENGAGED)
            break
    for event in newest_first:
        if event.kind is EventKind.MODE_CHANGED and "paused" in event.detail:
            paused = bool(event.detail["paused"])
            break
    for event in newest_first:
        if (
            event.kind is EventKind.DAILY_LOSS_LIMIT_HIT
            and event.at.astimezone(KST).date() == today
        ):
            state = transition(state, Trigger.DAILY_LOSS_HIT)
            break
    return state, paused, frozen
