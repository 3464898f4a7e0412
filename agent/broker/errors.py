"""How a broker call can fail, in the terms the domain acts on.

The adapter raises its own errors as subclasses of these (:mod:`agent.kiwoom.errors`), so the
actors and the order service catch what they can act on without knowing the broker.
"""

from __future__ import annotations


class BrokerError(Exception):
    """A broker call failed; ``message`` is what the broker (or the adapter) said."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self._reason = reason

    @property
    def reason(self) -> str:
        """The broker's own code for the failure ('' when it gave none)."""
        return self._reason


class BrokerUnavailable(BrokerError):
    """The broker cannot be reached now (network, server error, rate limit, the session
    restarting): the call may be tried again later."""


class OrderRefused(BrokerError):
    """The broker refused the order as asked (rejected, or an invalid request): sending it
    again unchanged is refused again."""


class OrderOutcomeUnknown(BrokerError):
    """An order may or may not have reached the broker (a timeout after sending, a dropped
    connection). It was not sent again; the broker's lists settle it
    (:func:`agent.orders.matching.find_broker_orders`)."""
