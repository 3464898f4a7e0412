"""Supervision as data: child specifications and supervisor flags.

These are the OTP ``child_spec`` and ``sup_flags`` maps as frozen, keyword-only msgspec
Structs. They are never mutated; a tree is described once and the supervisors read it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import msgspec
import pykka


class Restart(enum.StrEnum):
    """When a child that exited is started again."""

    PERMANENT = "permanent"
    """Always, whether it crashed or stopped normally."""
    TRANSIENT = "transient"
    """Only after an abnormal exit (an exception), not after a normal stop."""
    TEMPORARY = "temporary"
    """Never."""


class Strategy(enum.StrEnum):
    """Which children are restarted when one of them exits and must be restarted."""

    ONE_FOR_ONE = "one_for_one"
    """Only the child that exited."""
    ONE_FOR_ALL = "one_for_all"
    """Every child: the others are stopped (in reverse start order) and all started again."""
    REST_FOR_ONE = "rest_for_one"
    """The child that exited and every child started after it (its dependants)."""
    SIMPLE_ONE_FOR_ONE = "simple_one_for_one"
    """One template spec; children added and removed at runtime by key, restarted one for one."""


class Backoff(msgspec.Struct, frozen=True, kw_only=True):
    """Exponential delay before restarting a child that talks to the network."""

    initial: float = 0.5
    """Delay in seconds before the first restart within the window."""
    multiplier: float = 2.0
    """Factor applied to the delay for each further restart of the same child."""
    max_delay: float = 30.0
    """Upper bound of the delay in seconds, jitter included."""
    jitter: float = 0.2
    """Fraction of the delay taken off at random (0 = none, 1 = anywhere in [0, delay])."""
    reset_after: float = 60.0
    """Seconds a child must have run for its next crash to count as a first attempt again."""

    def __post_init__(self) -> None:
        if self.initial < 0 or self.max_delay < 0 or self.reset_after < 0:
            raise ValueError("backoff delays must not be negative")
        if self.multiplier < 1:
            raise ValueError("backoff multiplier must be at least 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("backoff jitter must be within [0, 1]")


ChildFactory = Callable[..., pykka.ActorRef[Any]]
"""Start one incarnation of a child: called as ``factory(link, *start_args)``.

``link`` is the :class:`~actors.supervision.link.ChildLink` the new actor reports its exit
through (pass it to :class:`~actors.supervision.actor.SupervisedActor`); ``start_args`` are
empty for static children and the arguments of ``start_child`` for dynamic ones.
"""


class ChildSpec(msgspec.Struct, frozen=True, kw_only=True):
    """How one child is started, restarted and stopped."""

    id: str
    """Stable id, unique in the whole tree; peers find the child by it in the registry."""
    factory: ChildFactory
    """Starts a new incarnation; must return the new actor's ref (see :data:`ChildFactory`)."""
    restart: Restart = Restart.PERMANENT
    """When the child is restarted after it exits."""
    shutdown_timeout: float = 5.0
    """Seconds the child gets to stop before it is abandoned (pykka cannot kill a thread)."""
    start_timeout: float | None = 5.0
    """Seconds the child's ``on_start`` may take before the start counts as failed.

    ``None`` waits without limit, as OTP does for supervisors (whose start is their children's).
    """
    backoff: Backoff | None = None
    """Delay restarts of this child (for children that talk to the network); ``None``: at once."""
    stuck_after: float | None = None
    """Seconds its mailbox may stand still before the watchdog calls it stuck (and its
    supervisor abandons and restarts it); ``None``: the watchdog's default. Give more to a
    child whose handlers legitimately run long (many broker calls in one message)."""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a child spec needs a non-empty id")
        if self.shutdown_timeout <= 0:
            raise ValueError("shutdown_timeout must be positive")
        if self.start_timeout is not None and self.start_timeout <= 0:
            raise ValueError("start_timeout must be positive or None")
        if self.stuck_after is not None and self.stuck_after <= 0:
            raise ValueError("stuck_after must be positive or None")


class SupervisorFlags(msgspec.Struct, frozen=True, kw_only=True):
    """A supervisor's strategy and restart intensity (at most ``intensity`` in ``period``)."""

    strategy: Strategy = Strategy.ONE_FOR_ONE
    """Which children are restarted together."""
    intensity: int = 3
    """Restarts allowed within ``period``, counted across all children; one more escalates."""
    period: float = 5.0
    """Length of the sliding window in seconds."""

    def __post_init__(self) -> None:
        if self.intensity < 0:
            raise ValueError("intensity must not be negative")
        if self.period <= 0:
            raise ValueError("period must be positive")
