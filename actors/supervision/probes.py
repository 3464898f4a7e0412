"""One probe of the watchdog: a message that is answered when a mailbox or a loop moves.

An actor is asked :class:`Ping` without blocking (its answer comes through a pykka future); an
event loop is handed a callback with ``call_soon_threadsafe``. Either is polled later without
waiting: answered, still waiting, or gone (the actor died, the loop closed).
"""

from __future__ import annotations

import asyncio
import enum
import threading
from typing import Any, Protocol

import pykka

from actors.supervision.messages import Ping


class Poll(enum.Enum):
    """What became of one probe."""

    WAITING = "waiting"
    ANSWERED = "answered"
    GONE = "gone"


class Answer(Protocol):
    """One probe sent."""

    def poll(self) -> Poll:
        """Tell what became of it, without waiting."""
        ...


class ActorAnswer:
    """An ask of :class:`Ping` to ``ref``."""

    def __init__(self, ref: pykka.ActorRef[Any]) -> None:
        self._future = ref.ask(Ping(), block=False)  # raises ActorDeadError if it is dead

    def poll(self) -> Poll:
        try:
            self._future.get(timeout=0)
        except pykka.Timeout:
            return Poll.WAITING
        except pykka.ActorDeadError:
            return Poll.GONE
        except Exception:  # an error answer still means the mailbox moved
            return Poll.ANSWERED
        return Poll.ANSWERED


class LoopAnswer:
    """A callback on ``loop`` that marks it answered."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._done = threading.Event()
        loop.call_soon_threadsafe(self._done.set)  # raises RuntimeError if it is closed

    def poll(self) -> Poll:
        return Poll.ANSWERED if self._done.is_set() else Poll.WAITING
