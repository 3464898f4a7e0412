"""One supervised child's record, and starting and stopping one incarnation of it."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pykka
from pykka.messages import ProxyGetAttr

from actors.supervision.digest import describe, traceback_digest
from actors.supervision.errors import StartFailed
from actors.supervision.events import ChildExited, ChildSnapshot
from actors.supervision.lifecycle import ChildState, Trigger, next_state
from actors.supervision.link import ChildLink, Fence
from actors.supervision.spec import ChildSpec


@dataclass(kw_only=True)
class ChildRecord:
    """A supervisor's mutable view of one child; only the supervisor's thread touches it."""

    id: str
    spec: ChildSpec
    key: str | None = None
    args: tuple[Any, ...] = ()
    state: ChildState = ChildState.STARTING
    ref: pykka.ActorRef[Any] | None = None
    restart_count: int = 0
    last_failure: str | None = None
    last_failure_at: datetime | None = None
    last_digest: str | None = None
    seen_dead: bool = False
    """Set by one liveness sweep that found the actor dead; the next sweep acts on it."""
    started_at: float | None = None
    """Monotonic time the current incarnation finished starting (``None``: not running)."""
    backoff_attempt: int = 0
    """Attempt number of the latest backoff restart (see :func:`next_attempt`)."""
    generation: int = 0
    """Bumped whenever the child is stopped or re-planned, so stale scheduled work is dropped."""
    fence: Fence | None = None
    """The current incarnation's fence (see :class:`Fence`), raised if it is abandoned stuck."""

    def move(self, trigger: Trigger) -> None:
        """Apply ``trigger`` to the lifecycle table."""
        self.state = next_state(self.state, trigger)

    def is_current(self, actor_urn: str) -> bool:
        """Tell whether a report comes from the incarnation now supervised."""
        return self.ref is not None and self.ref.actor_urn == actor_urn

    def note_failure(self, reason: str, digest: str | None, at: datetime) -> None:
        """Remember the latest failure for snapshots."""
        self.last_failure, self.last_digest, self.last_failure_at = reason, digest, at

    def snapshot(self) -> ChildSnapshot:
        """Return the child's immutable snapshot."""
        return ChildSnapshot(
            id=self.id,
            key=self.key,
            state=self.state,
            restart_count=self.restart_count,
            last_failure=self.last_failure,
            last_failure_at=self.last_failure_at,
            traceback_digest=self.last_digest,
        )


@dataclass
class _StartWatch:
    """Keeps the first exit report of an incarnation that is still starting.

    The supervisor is blocked in the start handshake and cannot read its own mailbox, so the
    reason an ``on_start`` failed is captured here as well as told to the supervisor (where
    the told copy arrives later and is ignored as stale).
    """

    forward: ChildLink
    first: ChildExited | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def notify(self, exited: ChildExited) -> None:
        with self.lock:
            if self.first is None:
                self.first = exited
        self.forward.notify(exited)


def spawn(record: ChildRecord, link: ChildLink) -> pykka.ActorRef[Any]:
    """Start one incarnation and wait until its ``on_start`` has finished.

    Children start one at a time, in order, so a child's dependencies are running before its
    own ``on_start`` runs, as in OTP. Raises :class:`StartFailed` with the reason and digest
    when the factory raises, ``on_start`` fails, or it does not finish within
    ``start_timeout`` (the late actor is then asked to stop and left to finish).
    """
    watch = _StartWatch(forward=link)
    try:
        ref = record.spec.factory(
            ChildLink(child_id=link.child_id, notify=watch.notify, fence=link.fence),
            *record.args,
        )
    except Exception as exc:
        raise StartFailed(describe(exc), traceback_digest(exc)) from exc
    if not isinstance(ref, pykka.ActorRef):
        raise StartFailed(f"factory of {record.id} returned {type(ref).__name__}, not an ActorRef")
    try:
        # Asks are handled only after on_start returns; a failed on_start answers ActorDeadError.
        ref.ask(ProxyGetAttr(attr_path=("actor_urn",)), timeout=record.spec.start_timeout)
    except (pykka.Timeout, pykka.ActorDeadError) as exc:
        if isinstance(exc, pykka.Timeout):
            ref.stop(block=False)
        first = watch.first
        if first is not None:  # It reported why (a BaseException in on_start also times out).
            raise StartFailed(first.reason, first.traceback_digest) from exc
        if isinstance(exc, pykka.Timeout):
            raise StartFailed(f"on_start did not finish in {record.spec.start_timeout}s") from exc
        raise StartFailed("stopped during on_start") from exc
    return ref


def stop_incarnation(ref: pykka.ActorRef[Any], timeout: float) -> bool:
    """Ask an incarnation to stop; return False if it did not stop within ``timeout``.

    pykka cannot kill a thread: an actor stuck in a handler is abandoned, still running, with
    a stop request queued behind whatever it is doing.
    """
    try:
        ref.stop(block=True, timeout=timeout)
    except pykka.Timeout:
        return False
    return True
