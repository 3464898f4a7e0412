"""The base class of every supervised actor: its deaths always reach its supervisor.

pykka reports failures unevenly (see docs/stack-notes.md): a crash in a tell calls
``on_failure``, a crash in ``on_start`` calls nothing, a crash in an ask only reaches the
caller. :class:`SupervisedActor` closes those gaps:

* ``on_start``, ``on_stop`` and ``on_failure`` of every subclass are wrapped (in
  ``__init_subclass__``) so that, whatever the subclass writes, exactly one
  :class:`ChildExited` goes to the supervisor per incarnation: abnormal for an exception in
  ``on_start``, in a tell, in ``on_stop`` or for a ``BaseException`` in flight; normal for a
  plain ``stop()``.
* an exception listed in ``fatal_ask_errors`` (by default :class:`InvariantViolation`) raised
  while handling an ask is still re-raised to the caller, but the actor is stopped as if a
  tell had failed (``on_failure`` runs) and reported. Ordinary business errors in asks only
  go to the caller, as pykka does.
* the watchdog's :class:`Ping` is answered here, for every subclass, without reaching its
  ``on_receive``: an answer means the mailbox moves (see :mod:`actors.supervision.probing`);
* an incarnation its supervisor abandoned as stuck (its link's :class:`Fence` raised) stops
  at its next message with :class:`Abandoned` instead of handling it: the caller of an ask
  gets the error, a tell is dropped, ``on_failure`` runs once.

Subclasses write the pykka hooks as usual and call ``super().__init__(link)``.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any, ClassVar

import msgspec
import pykka

from actors.supervision.digest import describe, traceback_digest
from actors.supervision.errors import Abandoned, InvariantViolation
from actors.supervision.events import ChildExited
from actors.supervision.link import ChildLink
from actors.supervision.messages import Ping

logger = logging.getLogger(__name__)

_HOOKS = ("on_start", "on_stop", "on_failure")
_PYKKA_HANDLE_RECEIVE = pykka.ThreadingActor._handle_receive


class SupervisedActor(pykka.ThreadingActor):
    """A pykka actor that reports its exit, normal or not, through its :class:`ChildLink`."""

    fatal_ask_errors: ClassVar[tuple[type[BaseException], ...]] = (InvariantViolation,)
    """Exceptions that mean the actor is broken even when raised in an ask handler."""

    def __init__(self, link: ChildLink | None = None) -> None:
        super().__init__()
        self.link = link
        self._exit_reported = False
        self._failure_handled = False
        self._hook_depth = 0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in _HOOKS:
            hook = cls.__dict__.get(name)
            if hook is not None and not getattr(hook, "_supervised", False):
                setattr(cls, name, _wrap_hook(name, hook))

    def on_start(self) -> None:
        """Run setup in the actor's thread; an exception is reported as an abnormal exit."""

    def on_stop(self) -> None:
        """Run cleanup on a normal stop; afterwards a normal exit is reported."""

    def on_failure(
        self,
        exception_type: type[BaseException] | None,
        exception_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Run cleanup after a crash; afterwards an abnormal exit is reported."""

    def _handle_receive(self, message: Any) -> Any:
        # pykka's private dispatch: the one place that sees asks and proxy calls before their
        # exception is turned into the caller's future. Pinned by pykka>=4.5,<5 and by tests.
        try:
            link = self.link
            if link is not None and link.fence.raised:
                raise Abandoned(f"{self} was abandoned by its supervisor as stuck")
            if isinstance(message, msgspec.Struct):
                if message.__class__ is Ping:
                    return None  # The answer is the heartbeat.
                # This project's messages (never pykka's stop or proxy messages) go straight
                # to on_receive: pykka's four type checks are paid per tick otherwise.
                return self.on_receive(message)
            return _PYKKA_HANDLE_RECEIVE(self, message)
        except BaseException as exc:
            if not isinstance(exc, Abandoned) and not isinstance(exc, self.fatal_ask_errors):
                raise
            if not self.actor_stopped.is_set():
                logger.error("Invariant violated in %s, stopping it", self, exc_info=True)
                pykka.ActorRegistry.unregister(self.actor_ref)
                self.actor_stopped.set()
                self.on_failure(*sys.exc_info())
            raise

    def _report_exit(self, *, abnormal: bool, exc: BaseException | None) -> None:
        """Tell the supervisor this incarnation exited; only the first report counts."""
        if self._exit_reported:
            return
        self._exit_reported = True
        if self.link is None:
            return
        exited = ChildExited(
            id=self.link.child_id,
            actor_urn=self.actor_urn,
            abnormal=abnormal,
            reason=describe(exc) if exc is not None else ("abnormal" if abnormal else "normal"),
            traceback_digest=traceback_digest(exc) if exc is not None else None,
        )
        try:
            self.link.notify(exited)
        except Exception:
            logger.exception("Could not report the exit of %s", self)


def _wrap_hook(name: str, hook: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(hook)
    def wrapper(self: SupervisedActor, *args: Any) -> None:
        # Only the outermost wrapper of a class chain (super() calls) reports.
        outermost = self._hook_depth == 0
        if name == "on_failure" and outermost:
            if self._failure_handled:
                return  # Already run for an ask-side invariant violation.
            self._failure_handled = True
        self._hook_depth += 1
        try:
            hook(self, *args)
        except BaseException as exc:
            if outermost:
                failure = args[1] if name == "on_failure" and args[1] is not None else exc
                self._report_exit(abnormal=True, exc=failure)
            raise
        finally:
            self._hook_depth -= 1
        if outermost:
            _report_after(self, name, args)

    wrapper._supervised = True  # type: ignore[attr-defined]
    return wrapper


def _report_after(actor: SupervisedActor, name: str, args: tuple[Any, ...]) -> None:
    if name == "on_failure":
        actor._report_exit(abnormal=True, exc=args[1])
    elif name == "on_stop":
        # pykka calls on_stop from inside its `except BaseException` when SystemExit or
        # KeyboardInterrupt hit the actor: that stop is a crash, not a normal exit.
        in_flight = sys.exc_info()[1]
        actor._report_exit(abnormal=in_flight is not None, exc=in_flight)


for _name in _HOOKS:
    setattr(SupervisedActor, _name, _wrap_hook(_name, SupervisedActor.__dict__[_name]))
