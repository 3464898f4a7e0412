"""The watchdog's driver: probe every watched actor and event loop; escalate the stuck ones.

A probe is one message: an ask of :class:`Ping` (which :class:`SupervisedActor` answers
without running a handler of the subclass) or a callback scheduled on an event loop. At most
one probe per target is outstanding, so a stuck mailbox is not flooded; an answered probe is
a beat at the time it was sent. The heartbeat table and the stuck rule are the pure
:class:`~actors.supervision.watchdog.Watchdog`; this module adds the thread and the policy:

* a worker (watched by its supervisor from the moment it runs): the supervisor is told
  :class:`ChildStuck`; it abandons the incarnation (its thread cannot be stopped) and restarts
  the child as after a crash, counting toward its restart intensity, so repeated stalls
  escalate up the tree and, past the root's intensity, end the process;
* a supervisor, the root included: ``on_fatal`` (the app ends the process, non-zero, and
  launchd or systemd starts it again). A supervisor's thread is what restarts its children;
  a new incarnation would start children whose old incarnations still run under the same ids,
  behind a supervisor nobody can stop;
* an event loop owned by an actor (the broker session's, owned by the gateway): the owner is
  handled as a stuck worker, so a new incarnation opens a new loop;
* an event loop of nobody (the API's): ``on_fatal``, after a longer threshold. uvicorn cannot
  be restarted in-process: the loop's thread cannot be stopped and it holds the socket.

An actor that is stopping (pykka marks it stopped before ``on_stop`` runs) or dead is dropped,
never reported: a graceful stop that takes long is not a stall. If the watchdog's own thread
did not run for a while (the process was paused), that silence is its own: every entry counts
as beating again rather than all of them being found stuck at once.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pykka

from actors.supervision.events import ChildExited
from actors.supervision.messages import ChildStuck
from actors.supervision.probes import ActorAnswer, Answer, LoopAnswer, Poll
from actors.supervision.watchdog import Stuck, Watchdog, WatchdogReport, WatchKind

log = logging.getLogger(__name__)

LOOP_PREFIX = "loop/"
"""Loops are listed as ``loop/<name>`` beside the actors' ids."""


@dataclass(kw_only=True)
class _Target:
    kind: WatchKind
    token: str
    probe: Callable[[], Answer]
    alive: Callable[[], bool]
    supervisor: pykka.ActorRef[Any] | None = None
    owner: tuple[str, str] | None = None
    """For a loop: the id and urn of the actor restarted when it is stuck."""
    pending: Answer | None = None
    sent_at: float = 0.0


class WatchdogThread:
    """Probe watched actors and loops every ``interval`` seconds; escalate the stuck ones."""

    def __init__(
        self,
        *,
        on_fatal: Callable[[ChildExited], None],
        interval: float = 1.0,
        worker_stuck_after: float = 120.0,
        supervisor_stuck_after: float = 300.0,
        loop_stuck_after: float = 60.0,
        enabled: bool = True,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if interval <= 0:
            raise ValueError("the watchdog interval must be positive")
        self._on_fatal = on_fatal
        self._interval = interval
        self._defaults = {
            WatchKind.WORKER: worker_stuck_after,
            WatchKind.SUPERVISOR: supervisor_stuck_after,
            WatchKind.LOOP: loop_stuck_after,
        }
        self.enabled = enabled
        self._monotonic = monotonic
        self._core = Watchdog()
        self._targets: dict[str, _Target] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._last_tick: float | None = None
        self._started_at = monotonic()
        self._fatal: str | None = None
        self._stall_after = max(3 * interval, interval + 5.0)
        self._pause_after = max(5 * interval, interval + 10.0)

    # -- who is watched (any thread) ----------------------------------------------------------

    def watch_actor(
        self,
        id: str,
        ref: pykka.ActorRef[Any],
        *,
        supervisor: pykka.ActorRef[Any] | None,
        stuck_after: float | None = None,
        supervises: bool = False,
    ) -> None:
        """Watch the running incarnation ``ref`` of ``id`` (supervisors call this)."""
        kind = WatchKind.SUPERVISOR if supervises or supervisor is None else WatchKind.WORKER
        self._add(
            id,
            _Target(
                kind=kind,
                token=ref.actor_urn,
                probe=lambda: ActorAnswer(ref),
                alive=ref.is_alive,
                supervisor=supervisor,
            ),
            stuck_after,
        )

    def forget_actor(self, id: str, ref: pykka.ActorRef[Any]) -> None:
        """Stop watching ``ref`` (and every loop it owns); a newer incarnation stays watched."""
        with self._lock:
            self._drop(id, ref.actor_urn)
            owned = [key for key, t in self._targets.items() if t.owner == (id, ref.actor_urn)]
            for key in owned:
                self._drop(key, self._targets[key].token)

    def watch_loop(
        self,
        name: str,
        loop: asyncio.AbstractEventLoop,
        *,
        owner: tuple[str, str] | None = None,
        stuck_after: float | None = None,
    ) -> None:
        """Watch ``loop`` as ``loop/<name>``; ``owner`` (id, urn): the actor it belongs to."""
        self._add(
            LOOP_PREFIX + name,
            _Target(
                kind=WatchKind.LOOP,
                token=f"{name}@{id(loop):x}",
                probe=lambda: LoopAnswer(loop),
                alive=lambda: not loop.is_closed(),
                owner=owner,
            ),
            stuck_after,
        )

    def forget_loop(self, name: str, loop: asyncio.AbstractEventLoop) -> None:
        """Stop watching ``loop`` before it stops (a stopped loop answers nothing)."""
        with self._lock:
            self._drop(LOOP_PREFIX + name, f"{name}@{id(loop):x}")

    def _add(self, key: str, target: _Target, stuck_after: float | None) -> None:
        if not self.enabled:
            return
        threshold = stuck_after if stuck_after is not None else self._defaults[target.kind]
        with self._lock:
            self._targets[key] = target
            self._core.watch(
                key,
                token=target.token,
                now=self._monotonic(),
                stuck_after=threshold,
                kind=target.kind,
            )

    def _drop(self, key: str, token: str) -> None:
        target = self._targets.get(key)
        if target is not None and target.token == token:
            del self._targets[key]
            self._core.forget(key, token)

    # -- the thread ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start probing (again): every entry counts as beating now. No-op if disabled."""
        if not self.enabled or (self._thread is not None and self._thread.is_alive()):
            return
        with self._lock:
            self._started_at = self._monotonic()
            self._core.rebase(self._started_at)
            self._last_tick = None
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="watchdog", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop probing (before a deliberate stop of the tree, which is not a stall)."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                self.tick()
            except Exception:  # the watchdog must outlive its own bugs
                log.exception("watchdog round failed")

    def tick(self) -> None:
        """One round: collect answers as beats, send new probes, escalate what is stuck."""
        now = self._monotonic()
        with self._lock:
            if self._last_tick is not None and now - self._last_tick > self._pause_after:
                log.warning(
                    "the watchdog did not run for %.0fs: not counting that against anyone",
                    now - self._last_tick,
                )
                self._core.rebase(now)
            self._last_tick = now
            self._probe_all(now)
            stuck = [(s, self._targets[s.id]) for s in self._core.check(now)]
        for found, target in stuck:
            self._escalate(found, target)

    def _probe_all(self, now: float) -> None:
        gone: list[tuple[str, str]] = []
        for key, target in self._targets.items():
            if not target.alive():
                gone.append((key, target.token))
                continue
            if target.pending is not None:
                state = target.pending.poll()
                if state is Poll.GONE:
                    gone.append((key, target.token))
                    continue
                if state is Poll.ANSWERED:
                    self._core.beat(key, target.token, target.sent_at)
                    target.pending = None
            if target.pending is None:
                try:
                    target.pending, target.sent_at = target.probe(), now
                except (pykka.ActorDeadError, RuntimeError):
                    gone.append((key, target.token))
        for key, token in gone:
            self._drop(key, token)

    # -- what happens to the stuck ------------------------------------------------------------

    def _escalate(self, found: Stuck, target: _Target) -> None:
        silence = f"no heartbeat for {found.silent_for:.0f}s (limit {found.stuck_after:.0f}s)"
        if target.kind is WatchKind.WORKER and target.supervisor is not None:
            self._restart(found.id, found.token, target.supervisor, silence)
        elif target.kind is WatchKind.LOOP and target.owner is not None:
            owner_id, owner_urn = target.owner
            with self._lock:
                owner = self._targets.get(owner_id)
            reason = f"its event loop {found.id} has {silence}"
            if owner is not None and owner.token == owner_urn and owner.supervisor is not None:
                self._restart(owner_id, owner_urn, owner.supervisor, reason)
            else:
                log.error("watchdog: %s has %s; its owner %s is down", found.id, silence, owner_id)
        else:
            self._fail(found, target, silence)

    def _restart(
        self, child_id: str, urn: str, supervisor: pykka.ActorRef[Any], reason: str
    ) -> None:
        log.error("watchdog: %s is stuck: %s; its supervisor restarts it", child_id, reason)
        try:
            supervisor.tell(ChildStuck(id=child_id, actor_urn=urn, reason=reason))
        except pykka.ActorDeadError:
            # Its supervisor is gone: the parent restarting that subtree replaces it anyway.
            log.warning("watchdog: the supervisor of stuck %s is gone", child_id)

    def _fail(self, found: Stuck, target: _Target, silence: str) -> None:
        with self._lock:
            if self._fatal is not None:
                return
            what = "the event loop" if target.kind is WatchKind.LOOP else "the supervisor"
            self._fatal = f"watchdog: {what} {found.id} is stuck: {silence}"
        log.critical("%s; ending the process", self._fatal)
        self._on_fatal(
            ChildExited(id=found.id, actor_urn=found.token, abnormal=True, reason=self._fatal)
        )

    # -- reading (any thread) -----------------------------------------------------------------

    def report(self) -> WatchdogReport:
        """Return every watched actor's and loop's heartbeat age, and the watchdog's own state.

        Ages are as of the last round: while the watchdog is stopped (the tree stopped on
        purpose) nobody is probed, so nobody's silence grows into a stall.
        """
        now = self._monotonic()
        thread = self._thread
        running = thread is not None and thread.is_alive() and not self._stopping.is_set()
        with self._lock:
            as_of = self._started_at if self._last_tick is None else self._last_tick
            last_tick_age = None if self._last_tick is None else now - self._last_tick
            silent_for = now - as_of
            beats = tuple(self._core.beats(as_of))
            fatal = self._fatal
        return WatchdogReport(
            enabled=self.enabled,
            running=running,
            last_tick_age=last_tick_age,
            stalled=running and silent_for > self._stall_after,
            beats=beats,
            fatal=fatal,
        )
