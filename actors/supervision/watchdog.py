"""The watchdog's core: a heartbeat table, and who has been silent for too long.

Pure: no threads, no clock of its own. Time is passed in (monotonic seconds), so stuck
detection is tested in microseconds with made-up times. :class:`~actors.supervision.probing.
WatchdogThread` drives it: it probes each watched actor's mailbox and each event loop, calls
:meth:`Watchdog.beat` when a probe is answered, and acts on :meth:`Watchdog.check`.

:class:`Heartbeat` and :class:`WatchdogReport` are what readers (the health endpoints, the
actors listing) get from the driver.

Each entry is one incarnation (``token``: an actor's urn, a loop's identity), so a beat or a
``forget`` from an incarnation already replaced never touches its successor's entry.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import msgspec


class WatchKind(enum.StrEnum):
    """What is watched, which decides what happens when it is stuck."""

    WORKER = "worker"
    SUPERVISOR = "supervisor"
    LOOP = "loop"


class Stuck(msgspec.Struct, frozen=True, kw_only=True):
    """One watched thing silent for longer than its threshold."""

    id: str
    token: str
    """Which incarnation (an actor's urn, a loop's identity)."""
    silent_for: float
    """Seconds since its last beat."""
    stuck_after: float
    """Its threshold in seconds."""


@dataclass(kw_only=True)
class _Entry:
    token: str
    kind: WatchKind
    stuck_after: float
    last_beat: float
    reported: bool = False
    """Its current silence was returned by :meth:`Watchdog.check` already."""


class Watchdog:
    """Heartbeat table: id -> (incarnation, last beat, threshold). Not thread-safe by itself."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    def watch(
        self,
        id: str,
        *,
        token: str,
        now: float,
        stuck_after: float,
        kind: WatchKind = WatchKind.WORKER,
    ) -> None:
        """Watch ``id``'s incarnation ``token`` from ``now`` (which counts as its first beat).

        A new token replaces the entry of an earlier incarnation: a restarted actor starts
        with a clean slate.
        """
        if stuck_after <= 0:
            raise ValueError(f"stuck_after of {id} must be positive, not {stuck_after}")
        self._entries[id] = _Entry(token=token, kind=kind, stuck_after=stuck_after, last_beat=now)

    def forget(self, id: str, token: str | None = None) -> None:
        """Stop watching ``id``; with ``token``, only if that incarnation is still the one."""
        entry = self._entries.get(id)
        if entry is not None and (token is None or entry.token == token):
            del self._entries[id]

    def token(self, id: str) -> str | None:
        """Return the incarnation watched under ``id``, if any."""
        entry = self._entries.get(id)
        return entry.token if entry is not None else None

    def beat(self, id: str, token: str, at: float) -> None:
        """Record that ``id``'s incarnation ``token`` was alive at ``at``.

        ``at`` is when the answered probe was sent: the mailbox was processed up to that
        message. Beats from another incarnation, or older than the last one, change nothing.
        """
        entry = self._entries.get(id)
        if entry is None or entry.token != token or at < entry.last_beat:
            return
        entry.last_beat = at
        entry.reported = False

    def rebase(self, now: float) -> None:
        """Count every entry as beating at ``now``.

        After the watchdog itself was not running (stopped, or its own thread held up) the
        silence it would measure is its own, not the watched things'.
        """
        for entry in self._entries.values():
            entry.last_beat = now
            entry.reported = False

    def check(self, now: float) -> list[Stuck]:
        """Return the entries silent for longer than their threshold, each once per silence.

        An entry is reported again only after it beat (or was watched anew) and fell silent
        again, so one stall is escalated once.
        """
        found: list[Stuck] = []
        for id, entry in self._entries.items():
            silent_for = now - entry.last_beat
            if silent_for > entry.stuck_after and not entry.reported:
                entry.reported = True
                found.append(
                    Stuck(
                        id=id,
                        token=entry.token,
                        silent_for=silent_for,
                        stuck_after=entry.stuck_after,
                    )
                )
        return found

    def beats(self, now: float) -> list[Heartbeat]:
        """Return every entry's age at ``now``, sorted by id."""
        return [
            Heartbeat(
                id=id,
                kind=entry.kind,
                age=max(now - entry.last_beat, 0.0),
                stuck_after=entry.stuck_after,
                stuck=now - entry.last_beat > entry.stuck_after,
            )
            for id, entry in sorted(self._entries.items())
        ]


class Heartbeat(msgspec.Struct, frozen=True, kw_only=True):
    """One watched actor or loop as the health endpoints and the actors listing see it."""

    id: str
    kind: WatchKind
    age: float
    """Seconds since its mailbox (or loop) was last seen moving."""
    stuck_after: float
    stuck: bool


class WatchdogReport(msgspec.Struct, frozen=True, kw_only=True):
    """What the watchdog sees now."""

    enabled: bool
    running: bool
    """Its thread was started and not stopped."""
    last_tick_age: float | None
    """Seconds since its last round of probes; ``None`` before the first."""
    stalled: bool
    """Running, but no round of probes for several intervals: nothing is being watched."""
    beats: tuple[Heartbeat, ...]
    fatal: str | None
    """Why it ended the process, once it has."""
