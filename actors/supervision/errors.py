"""Exceptions of the supervision library, each saying how it is recovered from."""

from __future__ import annotations


class SupervisionError(Exception):
    """Base class of every error raised by the supervision library."""


class InvariantViolation(SupervisionError):
    """An actor's state can no longer be trusted.

    Raised inside an ask handler it is still re-raised to the caller, but the actor is also
    stopped and reported to its supervisor as an abnormal exit, so the smallest part that can
    no longer be trusted is restarted from durable state.
    """


class Abandoned(InvariantViolation):
    """Raised by an incarnation its supervisor gave up on as stuck, at its next message.

    Its successor already runs; the old one stops rather than act on what it was sent.
    """


class StartFailed(SupervisionError):
    """A child could not be started: its factory raised, its ``on_start`` failed or timed out."""

    def __init__(self, reason: str, digest: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        """``"Type: message"`` of the cause."""
        self.digest = digest
        """Traceback digest of the cause, when there was an exception."""


class RestartIntensityExceeded(SupervisionError):
    """More restarts than the supervisor's intensity allows happened within its period.

    Raised by a supervisor inside its own message handler, so that pykka stops it as a crashed
    actor and its parent sees an abnormal exit.
    """


class ChildAlreadyStarted(SupervisionError):
    """A dynamic child with that key is already running."""
