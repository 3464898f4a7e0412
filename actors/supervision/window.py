"""The restart window: at most R restarts in T seconds, counted across all children.

Pure functions over an immutable window, as OTP's supervisor does it: each restart is
recorded with its time; restarts older than the period fall out; one restart more than the
intensity means the supervisor gives up and fails to its parent.
"""

from __future__ import annotations

import msgspec

from actors.supervision.spec import SupervisorFlags


class RestartMark(msgspec.Struct, frozen=True, kw_only=True):
    """One restart: when (monotonic seconds) and of which child."""

    at: float
    child_id: str


class RestartWindow(msgspec.Struct, frozen=True, kw_only=True):
    """The restarts still inside the period, oldest first."""

    marks: tuple[RestartMark, ...] = ()

    def __len__(self) -> int:
        return len(self.marks)


class WindowVerdict(msgspec.Struct, frozen=True, kw_only=True):
    """The window after a restart was recorded, and whether the intensity is exceeded."""

    window: RestartWindow
    exceeded: bool


def prune(window: RestartWindow, *, now: float, period: float) -> RestartWindow:
    """Return the window without the restarts that happened ``period`` or more seconds ago."""
    kept = tuple(mark for mark in window.marks if now - mark.at < period)
    return window if len(kept) == len(window.marks) else RestartWindow(marks=kept)


def record_restart(
    window: RestartWindow, *, child_id: str, now: float, flags: SupervisorFlags
) -> WindowVerdict:
    """Add one restart of ``child_id`` at ``now``; exceeded when more than the intensity remain."""
    pruned = prune(window, now=now, period=flags.period)
    updated = RestartWindow(marks=(*pruned.marks, RestartMark(at=now, child_id=child_id)))
    return WindowVerdict(window=updated, exceeded=len(updated.marks) > flags.intensity)
