"""Which children a strategy restarts together: a pure function of the start order."""

from __future__ import annotations

from collections.abc import Sequence

from actors.supervision.spec import Restart, Strategy


def restart_group(strategy: Strategy, order: Sequence[str], failed: str) -> tuple[str, ...]:
    """Return the ids to restart, in start order, when child ``failed`` must be restarted."""
    if strategy is Strategy.ONE_FOR_ALL:
        return tuple(order)
    if strategy is Strategy.REST_FOR_ONE:
        return tuple(order[order.index(failed) :])
    return (failed,)


def should_restart(restart: Restart, *, abnormal: bool) -> bool:
    """Tell whether a child that exited is started again, by its restart type."""
    if restart is Restart.PERMANENT:
        return True
    if restart is Restart.TRANSIENT:
        return abnormal
    return False
