"""The liveness sweep: the backstop for a child that died without reporting its exit.

Exit reports are the primary signal; the sweep only looks at ``ActorRef.is_alive()``, which
costs a flag read. A child seen dead gets one sweep interval of grace, because its own report
may be on the way (pykka marks an actor stopped before ``on_stop``/``on_failure`` run), and a
report says whether the exit was normal, which the sweep cannot know.
"""

from __future__ import annotations

from collections.abc import Iterable

from actors.supervision.children import ChildRecord
from actors.supervision.lifecycle import ChildState


def found_dead(records: Iterable[ChildRecord]) -> list[ChildRecord]:
    """Return the running children seen dead on this sweep and the one before it."""
    dead: list[ChildRecord] = []
    for record in records:
        if record.ref is None or record.state is not ChildState.RUNNING:
            continue
        if record.ref.is_alive():
            record.seen_dead = False
        elif record.seen_dead:
            dead.append(record)
        else:
            record.seen_dead = True
    return dead
