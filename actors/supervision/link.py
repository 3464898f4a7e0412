"""The handle through which a supervised actor reports its exit to its supervisor."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pykka

from actors.supervision.events import ChildExited


class Fence:
    """Raised by a supervisor that abandons an incarnation it cannot stop (a stuck one).

    pykka cannot stop a thread blocked in a handler. Once the handler returns, a fenced actor
    stops at its next message instead of handling it: its successor already runs, and messages
    queued for the old incarnation (an order, a stop-loss) must not be acted on twice or late.
    A plain attribute, read once per message: setting it from another thread is atomic.
    """

    __slots__ = ("raised",)

    def __init__(self) -> None:
        self.raised = False

    def raise_fence(self) -> None:
        """Make the incarnation stop at its next message."""
        self.raised = True


@dataclass(frozen=True, kw_only=True)
class ChildLink:
    """Given to each incarnation of a child by its supervisor (Erlang's link, one way).

    ``notify`` never blocks and never raises: it tells the supervisor's mailbox, or does
    nothing if the supervisor is already gone.
    """

    child_id: str
    notify: Callable[[ChildExited], None]
    fence: Fence = field(default_factory=Fence)
    """One per incarnation; raised when its supervisor abandons it."""


def root_link(child_id: str, on_root_failure: Callable[[ChildExited], None]) -> ChildLink:
    """Return the link of the root supervisor: its abnormal exit calls ``on_root_failure``.

    The app makes ``on_root_failure`` end the process with a non-zero status, so the OS
    supervisor (launchd, systemd) restarts the whole agent, which recovers from the database
    and the broker.
    """

    def notify(exited: ChildExited) -> None:
        if exited.abnormal:
            on_root_failure(exited)

    return ChildLink(child_id=child_id, notify=notify)


def supervisor_notifier(supervisor: pykka.ActorRef[Any]) -> Callable[[ChildExited], None]:
    """Return a child's ``notify``: a tell to its supervisor that holds only the ref."""

    def notify(exited: ChildExited) -> None:
        # A supervisor that is gone has taken its children down with it; nothing to tell.
        with contextlib.suppress(pykka.ActorDeadError):
            supervisor.tell(exited)

    return notify
