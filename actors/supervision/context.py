"""What every supervisor in one tree shares: registry, event sink, clock, timers, randomness,
and the watchdog."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from actors.supervision.events import EventSink, discard_events
from actors.supervision.probing import WatchdogThread
from actors.supervision.registry import Registry
from actors.supervision.scheduler import Scheduler, ThreadingScheduler
from agent.clock import Clock, RealClock


@dataclass(frozen=True, kw_only=True)
class SupervisionContext:
    """Injected dependencies of a supervision tree (tests pass manual clocks and schedulers)."""

    registry: Registry = field(default_factory=Registry)
    """Where children are found by id; updated on every start and exit."""
    sink: EventSink = discard_events
    """Receives every supervision event."""
    clock: Clock = field(default_factory=RealClock)
    """Times events (``now``) and the restart window (``monotonic``)."""
    scheduler: Scheduler = field(default_factory=ThreadingScheduler)
    """Runs backoff restarts and liveness sweeps."""
    random: Callable[[], float] = field(
        default_factory=lambda: random.Random().random  # noqa: S311 - jitter, not secrecy
    )
    """Samples in ``[0, 1)`` for backoff jitter."""
    sweep_interval: float | None = 1.0
    """Seconds between liveness sweeps (``None``: no sweep, exit reports only)."""
    watchdog: WatchdogThread | None = None
    """Told of every child that runs (and of the root), to probe its mailbox; ``None``: nothing
    is watched for stalls."""
