"""A stand-in for a peer actor: it remembers every message it is told."""

from __future__ import annotations

from typing import Any, TypeVar

import pykka

T = TypeVar("T")


class Inbox(pykka.ThreadingActor):
    """Stands in for an actor that is told things: remembers them (an ask answers None)."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[Any] = []

    def on_receive(self, message: Any) -> Any:
        self.received.append(message)
        return None

    def messages(self) -> list[Any]:
        return list(self.received)


def told(inbox: pykka.ActorRef[Any], kind: type[T]) -> list[T]:
    """Return the messages of ``kind`` the ``inbox`` was told so far, in order."""
    return [m for m in inbox.proxy().messages().get(timeout=5) if isinstance(m, kind)]
