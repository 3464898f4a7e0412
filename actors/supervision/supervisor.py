"""The supervisor: a pykka actor that starts, watches, restarts and stops its children.

It follows OTP's supervisor. Children start one at a time in spec order (each ``on_start``
finished before the next begins) and stop in reverse. An exit is learnt from the child's own
:class:`ChildExited` report (see :class:`SupervisedActor`), with a liveness sweep on the
injected scheduler as the backstop. A restart is recorded in the restart window; past the
intensity the supervisor stops every child in reverse start order and raises
:class:`RestartIntensityExceeded` in its own tell handler, so pykka stops it as a crashed actor
and its parent sees an abnormal exit: supervisors supervising supervisors form the tree.

A child alive but stuck is reported by the watchdog (:class:`ChildStuck`, see
:mod:`.probing`): it is fenced and abandoned, and restarted like a crashed one.

Everything runs in the supervisor's thread; stopping a child blocks it for at most the
child's ``shutdown_timeout``. Children should tell their supervisor, never ask it, since a
supervisor waiting on a child's stop cannot answer that child.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any, ClassVar

import pykka

from actors.supervision.actor import SupervisedActor
from actors.supervision.backoff import backoff_delay, next_attempt
from actors.supervision.children import ChildRecord, spawn, stop_incarnation
from actors.supervision.context import SupervisionContext
from actors.supervision.errors import RestartIntensityExceeded, StartFailed
from actors.supervision.events import (
    ChildExited,
    EventKind,
    SupervisionEvent,
    SupervisorSnapshot,
    emit_safely,
)
from actors.supervision.lifecycle import ChildState, Trigger
from actors.supervision.link import ChildLink, supervisor_notifier
from actors.supervision.liveness import found_dead
from actors.supervision.messages import ChildStuck, RestartDue, RestartFailed, SweepDue
from actors.supervision.registry import DuplicateChildId
from actors.supervision.scheduler import Cancellable
from actors.supervision.spec import ChildSpec, Restart, Strategy, SupervisorFlags
from actors.supervision.strategy import restart_group, should_restart
from actors.supervision.window import RestartWindow, prune, record_restart


class Supervisor(SupervisedActor):
    """Supervise ``children`` with ``flags``; itself a child of its parent through ``link``."""

    dynamic: ClassVar[bool] = False
    """True for :class:`DynamicSupervisor`: no children at start, added at runtime by key."""

    def __init__(
        self,
        link: ChildLink | None,
        *,
        id: str,
        flags: SupervisorFlags,
        children: Sequence[ChildSpec],
        context: SupervisionContext,
    ) -> None:
        super().__init__(link)
        ids = [spec.id for spec in children]
        if len(set(ids)) != len(ids):
            raise ValueError(f"child ids must be unique in supervisor {id}: {ids}")
        if (flags.strategy is Strategy.SIMPLE_ONE_FOR_ONE) is not self.dynamic:
            kind = "DynamicSupervisor" if not self.dynamic else "Supervisor"
            raise ValueError(f"strategy {flags.strategy} needs a {kind}")
        self.id = id
        self._flags = flags
        self._specs = tuple(children)
        self._ctx = context
        self._children: dict[str, ChildRecord] = {}
        self._order: list[str] = []
        self._window = RestartWindow()
        self._sweep: Cancellable | None = None

    # -- lifecycle hooks ----------------------------------------------------------------------

    def on_start(self) -> None:
        if not self.dynamic:
            for spec in self._specs:
                record = ChildRecord(id=spec.id, spec=spec)
                self._children[spec.id] = record
                self._order.append(spec.id)
                try:
                    self._start(record)
                except StartFailed:
                    self._stop_children()
                    raise
        self._schedule_sweep()

    def on_stop(self) -> None:
        self._cancel_sweep()
        self._stop_children()

    def on_failure(self, *_exc_info: Any) -> None:
        self._cancel_sweep()
        self._stop_children()  # Already done after an escalation; needed for any other crash.

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, ChildExited):
            self._on_child_exited(message)
        elif isinstance(message, RestartDue):
            self._on_restart_due(message)
        elif isinstance(message, RestartFailed):
            record = self._children.get(message.child_id)
            if record is not None and record.generation == message.generation:
                self._restart(record, record.last_failure or "start failed")
        elif isinstance(message, SweepDue):
            self._on_sweep()
        elif isinstance(message, ChildStuck):
            self._on_child_stuck(message)
        else:
            return super().on_receive(message)
        return None

    # -- public API (call through a proxy or ask) ---------------------------------------------

    def snapshot(self) -> SupervisorSnapshot:
        """Return every child's state, in start order."""
        window = prune(self._window, now=self._ctx.clock.monotonic(), period=self._flags.period)
        return SupervisorSnapshot(
            id=self.id,
            strategy=self._flags.strategy,
            children=tuple(self._children[cid].snapshot() for cid in self._order),
            restarts_in_window=len(window),
        )

    def terminate_child(self, key: str) -> bool:
        """Stop the child whose id is ``key`` for good: it stays listed as stopped.

        It is started again only by a one_for_all or rest_for_one restart of its group, as in
        OTP. Returns False when no such child is supervised here.
        """
        record = self._children.get(key)
        if record is None:
            return False
        self._terminate(record, Trigger.TERMINATE)
        return True

    def which_children(self) -> list[str]:
        """Return the ids of the children in start order."""
        return list(self._order)

    # -- exits and restarts -------------------------------------------------------------------

    def _on_child_exited(self, exited: ChildExited) -> None:
        record = self._children.get(exited.id)
        if record is None or not record.is_current(exited.actor_urn):
            return  # A report from an incarnation we already replaced or stopped ourselves.
        self._child_died(record, exited.abnormal, exited.reason, exited.traceback_digest)

    def _on_child_stuck(self, stuck: ChildStuck) -> None:
        """Abandon a child the watchdog found stuck and restart it as after a crash.

        Its thread is blocked in a handler and cannot be stopped: its fence makes it stop at
        its next message once the handler returns (a stop is queued so that there is one),
        and the restart counts toward the intensity like any other, so stalls that repeat
        escalate up the tree.
        """
        record = self._children.get(stuck.id)
        if record is None or not record.is_current(stuck.actor_urn):
            return  # Replaced or stopped meanwhile.
        ref = record.ref
        if record.fence is not None:
            record.fence.raise_fence()
        if ref is not None:
            with contextlib.suppress(pykka.ActorDeadError):
                ref.stop(block=False)
        reason = f"stuck: {stuck.reason}; abandoned"
        self._emit(EventKind.STUCK, record, reason=reason, abnormal=True)
        self._child_died(record, True, reason, None)

    def _child_died(
        self, record: ChildRecord, abnormal: bool, reason: str, digest: str | None
    ) -> None:
        ref, record.ref = record.ref, None
        self._forget_incarnation(record.id, ref)
        record.move(Trigger.EXITED_ABNORMALLY if abnormal else Trigger.EXITED_NORMALLY)
        if abnormal:
            record.note_failure(reason, digest, self._ctx.clock.now())
        self._emit(EventKind.EXITED, record, reason=reason, digest=digest, abnormal=abnormal)
        if should_restart(record.spec.restart, abnormal=abnormal):
            self._restart(record, reason)
        elif self.dynamic:
            self._forget(record)

    def _restart(self, record: ChildRecord, reason: str) -> None:
        now = self._ctx.clock.monotonic()
        verdict = record_restart(self._window, child_id=record.id, now=now, flags=self._flags)
        self._window = verdict.window
        if verdict.exceeded:
            self._escalate(record, reason)
        group: list[ChildRecord] = []
        for child_id in restart_group(self._flags.strategy, self._order, record.id):
            member = self._children[child_id]
            if member is not record and member.spec.restart is Restart.TEMPORARY:
                self._terminate(member, Trigger.TERMINATE)  # OTP: never restarted, not even so.
            else:
                group.append(member)
        for member in reversed(group):
            if member.ref is not None:
                self._terminate(member, Trigger.RESTART)
        for member in group:
            if member.state is not ChildState.RESTARTING:
                member.move(Trigger.RESTART)
            member.generation += 1  # Supersedes any restart scheduled earlier.
        if record.spec.backoff is None:
            self._start_group(group)
            return
        uptime = None if record.started_at is None else now - record.started_at
        record.backoff_attempt = next_attempt(
            record.spec.backoff, previous=record.backoff_attempt, uptime=uptime
        )
        delay = backoff_delay(
            record.spec.backoff, attempt=record.backoff_attempt, random_value=self._ctx.random()
        )
        due = RestartDue(generations=tuple((m.id, m.generation) for m in group))
        self._ctx.scheduler.call_later(delay, lambda: self._tell_self(due))
        self._emit(EventKind.RESTART_SCHEDULED, record, reason=reason, delay=delay)

    def _on_restart_due(self, due: RestartDue) -> None:
        group = [
            self._children[cid]
            for cid, generation in due.generations
            if cid in self._children and self._children[cid].generation == generation
        ]
        self._start_group(group)

    def _start_group(self, group: Sequence[ChildRecord]) -> None:
        for member in group:
            member.restart_count += 1
            try:
                self._start(member)
            except StartFailed:
                # The rest of the group stays in "restarting"; the strategy includes them
                # again when this failure is handled as the next restart.
                self._tell_self(RestartFailed(child_id=member.id, generation=member.generation))
                return

    def _escalate(self, record: ChildRecord, reason: str) -> None:
        message = (
            f"{len(self._window)} restarts within {self._flags.period}s exceed intensity "
            f"{self._flags.intensity}; last: {record.id}: {reason}"
        )
        self._emit(EventKind.ESCALATED, None, reason=message, abnormal=True)
        self._stop_children()
        raise RestartIntensityExceeded(message)

    # -- starting and stopping one child ------------------------------------------------------

    def _start(self, record: ChildRecord) -> None:
        restarting = record.state is ChildState.RESTARTING
        link = ChildLink(child_id=record.id, notify=supervisor_notifier(self.actor_ref))
        try:
            ref = spawn(record, link)
        except StartFailed as exc:
            self._start_failed(record, exc)
            raise
        started_at = self._ctx.clock.monotonic()  # Read before peers can see the new ref.
        try:
            self._ctx.registry.register(record.id, ref)
        except DuplicateChildId as exc:
            stop_incarnation(ref, record.spec.shutdown_timeout)
            self._start_failed(record, StartFailed(str(exc)))
            raise StartFailed(str(exc)) from exc
        record.ref, record.seen_dead, record.started_at = ref, False, started_at
        record.fence = link.fence
        record.move(Trigger.STARTED)
        if self._ctx.watchdog is not None:
            self._ctx.watchdog.watch_actor(
                record.id,
                ref,
                supervisor=self.actor_ref,
                stuck_after=record.spec.stuck_after,
                supervises=issubclass(ref.actor_class, Supervisor),
            )
        self._emit(EventKind.RESTARTED if restarting else EventKind.STARTED, record)

    def _start_failed(self, record: ChildRecord, exc: StartFailed) -> None:
        record.started_at = None
        record.move(Trigger.START_FAILED)
        record.note_failure(exc.reason, exc.digest, self._ctx.clock.now())
        self._emit(
            EventKind.START_FAILED, record, reason=exc.reason, digest=exc.digest, abnormal=True
        )

    def _terminate(self, record: ChildRecord, trigger: Trigger) -> None:
        ref, record.ref = record.ref, None
        record.generation += 1
        record.move(trigger)
        if ref is None:
            return
        self._forget_incarnation(record.id, ref)
        if stop_incarnation(ref, record.spec.shutdown_timeout):
            self._emit(EventKind.STOPPED, record)
        else:
            reason = (
                f"did not stop within {record.spec.shutdown_timeout}s; abandoned "
                "(pykka cannot kill a thread: it stops after its current message)"
            )
            self._emit(EventKind.SHUTDOWN_ABANDONED, record, reason=reason, abnormal=True)

    def _stop_children(self) -> None:
        for child_id in reversed(self._order):
            self._terminate(self._children[child_id], Trigger.TERMINATE)

    def _forget(self, record: ChildRecord) -> None:
        self._children.pop(record.id, None)
        if record.id in self._order:
            self._order.remove(record.id)

    def _forget_incarnation(self, child_id: str, ref: pykka.ActorRef[Any] | None) -> None:
        """Take an incarnation out of the registry and the watchdog (not a successor)."""
        self._ctx.registry.unregister(child_id, ref)
        if ref is not None and self._ctx.watchdog is not None:
            self._ctx.watchdog.forget_actor(child_id, ref)

    # -- liveness sweep -----------------------------------------------------------------------

    def _schedule_sweep(self) -> None:
        interval = self._ctx.sweep_interval
        if interval is not None:
            self._sweep = self._ctx.scheduler.call_later(
                interval, lambda: self._tell_self(SweepDue())
            )

    def _cancel_sweep(self) -> None:
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None

    def _on_sweep(self) -> None:
        self._schedule_sweep()
        records = [self._children[child_id] for child_id in self._order]
        for record in found_dead(records):
            self._child_died(record, True, "found dead by the liveness sweep", None)

    # -- plumbing -----------------------------------------------------------------------------

    def _tell_self(self, message: Any) -> None:
        # If the supervisor is gone its parent restarts the subtree; nothing to tell.
        with contextlib.suppress(pykka.ActorDeadError):
            self.actor_ref.tell(message)

    def _emit(
        self,
        kind: EventKind,
        record: ChildRecord | None,
        *,
        reason: str | None = None,
        digest: str | None = None,
        delay: float | None = None,
        abnormal: bool = False,
    ) -> None:
        """Hand the sink an event about ``record`` (``None``: about this supervisor)."""
        event = SupervisionEvent(
            kind=kind,
            supervisor_id=self.id,
            child_id=record.id if record is not None else self.id,
            at=self._ctx.clock.now(),
            restart_count=record.restart_count if record is not None else len(self._window),
            reason=reason,
            traceback_digest=digest,
            delay=delay,
            abnormal=abnormal,
        )
        emit_safely(self._ctx.sink, event)
