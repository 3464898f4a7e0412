"""Messages a supervisor tells itself (from timers and from failed restarts)."""

from __future__ import annotations

import msgspec


class SweepDue(msgspec.Struct, frozen=True, kw_only=True):
    """Time for a liveness sweep."""


class RestartDue(msgspec.Struct, frozen=True, kw_only=True):
    """A backoff delay elapsed: start these children unless something superseded the restart."""

    generations: tuple[tuple[str, int], ...]
    """Each child id with the generation it had when the restart was scheduled."""


class RestartFailed(msgspec.Struct, frozen=True, kw_only=True):
    """Starting a child during a restart failed: handle it as another abnormal exit."""

    child_id: str
    generation: int
