"""A machine that slept shows as the wall clock running ahead of the monotonic one: the
agent records it (the notification follows) and reconciles at once."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from actors import ids
from actors.account.messages import Refresh
from actors.router.messages import Reconcile
from agent.store.models import EventKind
from stockagent.always_on import ClockJumpWatch, clock_jump


def test_a_jump_is_the_wall_clock_moving_beyond_the_monotonic_one() -> None:
    assert clock_jump((1000.0, 50.0), (1005.0, 55.0), 30) is None  # 5 s each: no jump
    assert clock_jump((1000.0, 50.0), (4605.0, 55.0), 30) == 3600.0  # slept an hour
    assert clock_jump((1000.0, 50.0), (940.0, 55.0), 30) == -65.0  # the clock set back
    assert clock_jump((1000.0, 50.0), (1029.0, 50.0), 30) is None  # under the threshold


class Recorder:
    def __init__(self) -> None:
        self.recorded: list[tuple[EventKind, dict[str, Any]]] = []

    def record(self, kind: EventKind, at: object, **kw: Any) -> None:
        self.recorded.append((kind, kw["detail"]))


def test_on_a_jump_the_watch_records_it_and_has_the_account_and_router_reconcile() -> None:
    told: list[tuple[str, object]] = []
    services = SimpleNamespace(
        clock=SimpleNamespace(now=lambda: None),
        tell=lambda actor, message: told.append((actor, message)) or True,
    )
    wall, mono = [1000.0], [50.0]
    events = Recorder()
    watch = ClockJumpWatch(
        services,  # type: ignore[arg-type]
        events,  # type: ignore[arg-type]
        wall=lambda: wall[0],
        monotonic=lambda: mono[0],
    )
    wall[0], mono[0] = 1005.0, 55.0
    assert watch.check() is None
    assert told == []
    wall[0], mono[0] = 8205.0, 60.0  # two hours asleep
    assert watch.check() == 7195.0
    assert told == [(ids.ACCOUNT, Refresh()), (ids.ROUTER, Reconcile())]
    assert [(kind, detail["seconds"]) for kind, detail in events.recorded] == [
        (EventKind.CLOCK_JUMP, 7195.0)
    ]
    wall[0], mono[0] = 8210.0, 65.0
    assert watch.check() is None  # measured from the last reading, not the first
