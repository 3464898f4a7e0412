"""Building a tree (a supervisor as another's child, the root) and reading it whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pykka

from actors.supervision.children import ChildRecord, spawn
from actors.supervision.context import SupervisionContext
from actors.supervision.dynamic import DynamicSupervisor
from actors.supervision.events import ChildExited, SupervisorSnapshot
from actors.supervision.link import ChildLink, root_link
from actors.supervision.registry import Registry
from actors.supervision.spec import ChildSpec, Restart, Strategy, SupervisorFlags
from actors.supervision.supervisor import Supervisor


def supervisor_spec(
    *,
    id: str,
    flags: SupervisorFlags,
    children: Sequence[ChildSpec],
    context: SupervisionContext,
    restart: Restart = Restart.PERMANENT,
    shutdown_timeout: float = 30.0,
) -> ChildSpec:
    """Return the spec of a supervisor child (its start waits for all of its children).

    ``simple_one_for_one`` flags make a :class:`DynamicSupervisor` with ``children`` as its
    one template; any other strategy a :class:`Supervisor` of those children.
    """
    specs = tuple(children)
    kind = DynamicSupervisor if flags.strategy is Strategy.SIMPLE_ONE_FOR_ONE else Supervisor

    def factory(link: ChildLink) -> pykka.ActorRef[Any]:
        return kind.start(link, id=id, flags=flags, children=specs, context=context)

    return ChildSpec(
        id=id,
        factory=factory,
        restart=restart,
        shutdown_timeout=shutdown_timeout,
        start_timeout=None,
    )


def start_root(
    *,
    id: str,
    flags: SupervisorFlags,
    children: Sequence[ChildSpec],
    context: SupervisionContext,
    on_root_failure: Callable[[ChildExited], None],
) -> pykka.ActorRef[Supervisor]:
    """Start the root supervisor and, in order, its whole tree; return when all have started.

    ``on_root_failure`` is called (from the root's thread) when the root fails: its restart
    intensity was exceeded, or a child could not start. The app makes it end the process with
    a non-zero status. A failed start also raises :class:`StartFailed` here.
    """
    spec = supervisor_spec(id=id, flags=flags, children=children, context=context)
    ref = spawn(ChildRecord(id=id, spec=spec), root_link(id, on_root_failure))
    context.registry.register(id, ref)
    if context.watchdog is not None:
        # No supervisor above it: a stuck root ends the process (see probing.py).
        context.watchdog.watch_actor(id, ref, supervisor=None)
    return ref


def snapshot_tree(
    registry: Registry, root_id: str, *, timeout: float = 1.0
) -> list[SupervisorSnapshot]:
    """Return the snapshot of every live supervisor from ``root_id`` down, parents first.

    For the snapshot board and the API; call it from outside the tree (it asks each
    supervisor in turn). A supervisor that is down or does not answer in time is left out:
    its parent's snapshot already shows it restarting or failed.
    """
    snapshots: list[SupervisorSnapshot] = []
    pending = [root_id]
    while pending:
        ref = registry.get(pending.pop(0))
        if ref is None or not issubclass(ref.actor_class, Supervisor):
            continue
        try:
            snapshot: SupervisorSnapshot = ref.proxy().snapshot().get(timeout=timeout)
        except (pykka.ActorDeadError, pykka.Timeout):
            continue
        snapshots.append(snapshot)
        pending.extend(child.id for child in snapshot.children)
    return snapshots
