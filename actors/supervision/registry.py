"""Find peers by a stable id, never by a cached ref.

A restarted actor is a new instance with a new ref; supervisors update the registry on every
start and exit, so ``registry.get("gateway")`` always answers with the current incarnation
(or ``None`` while it is down).
"""

from __future__ import annotations

import threading
from typing import Any

import pykka

from actors.supervision.errors import SupervisionError


class DuplicateChildId(SupervisionError, ValueError):
    """Two live actors of the tree were given the same id."""


class Registry:
    """Thread-safe map from child id to the live incarnation's ref."""

    def __init__(self) -> None:
        self._refs: dict[str, pykka.ActorRef[Any]] = {}
        self._lock = threading.Lock()

    def register(self, child_id: str, ref: pykka.ActorRef[Any]) -> None:
        """Point ``child_id`` at ``ref``, replacing an incarnation that is no longer alive.

        Raises :class:`DuplicateChildId` if another live actor holds the id: supervisors
        unregister an incarnation before starting the next, so that is two children of the
        tree sharing one id.
        """
        with self._lock:
            current = self._refs.get(child_id)
            if current is not None and current.is_alive() and current.actor_urn != ref.actor_urn:
                raise DuplicateChildId(f"{child_id} is already held by {current}")
            self._refs[child_id] = ref

    def unregister(self, child_id: str, ref: pykka.ActorRef[Any] | None = None) -> None:
        """Forget ``child_id``; with ``ref``, only if it still points at that incarnation."""
        with self._lock:
            current = self._refs.get(child_id)
            if current is not None and (ref is None or current.actor_urn == ref.actor_urn):
                del self._refs[child_id]

    def get(self, child_id: str) -> pykka.ActorRef[Any] | None:
        """Return the live ref for ``child_id``, or ``None`` if it is not running."""
        ref = self._refs.get(child_id)  # one dict read is atomic: writers take the lock
        return ref if ref is not None and ref.is_alive() else None

    def lookup(self, child_id: str) -> pykka.ActorRef[Any] | None:
        """Return the ref registered for ``child_id``, alive or not: the per-tick path, where
        ``tell`` itself raises ``ActorDeadError`` for a dead incarnation."""
        return self._refs.get(child_id)

    def proxy(self, child_id: str) -> pykka.ActorProxy[Any] | None:
        """Return a proxy to the live incarnation, or ``None`` if it is not running."""
        ref = self.get(child_id)
        if ref is None:
            return None
        try:
            return ref.proxy()
        except pykka.ActorDeadError:
            return None

    def ids(self) -> list[str]:
        """Return the registered ids, sorted."""
        with self._lock:
            return sorted(self._refs)
