"""Messages of the supervisors: what they tell themselves (timers, failed restarts) and what the
watchdog sends (its probe, and a stuck child)."""

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


class Ping(msgspec.Struct, frozen=True):
    """The watchdog's probe: every supervised actor answers it (an ask) without running any
    handler of its own, so an answer means its mailbox is moving."""


class ChildStuck(msgspec.Struct, frozen=True, kw_only=True):
    """The watchdog to a supervisor: this incarnation of a child has stopped answering.

    The supervisor abandons it (pykka cannot stop a thread blocked in a handler) and restarts
    the child as after a crash, counting toward its restart intensity.
    """

    id: str
    actor_urn: str
    """The incarnation found stuck; a report about one already replaced is ignored."""
    reason: str
    """What was seen, e.g. ``no heartbeat for 130s (limit 120s)``."""
