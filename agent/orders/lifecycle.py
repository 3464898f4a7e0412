"""The order lifecycle as one explicit table: ``(status, event) -> status`` (STYLE.md, point 4).

Every driver moves an order through :data:`NEXT`: the live router's repository
(:mod:`agent.store.repositories.orders`) and the in-memory orders of the core
(:class:`agent.core.orders.ManagedOrder`) that the backtest and the what-if trade. A pair not in
the table is an illegal move (:class:`IllegalTransition`).
"""

from __future__ import annotations

from enum import StrEnum

from agent.domain.enums import OrderStatus as S


class OrderEvent(StrEnum):
    """What can happen to an order."""

    SEND = "send"
    """It leaves for the broker (written before the network call)."""
    ACCEPT = "accept"
    """The broker gave it a number (or a refused cancel leaves it working)."""
    LOSE = "lose"
    """The broker's answer to the send was lost: the order is unknown."""
    REJECT = "reject"
    FILL_PART = "fill_part"
    """An execution that leaves some of it unfilled."""
    FILL_ALL = "fill_all"
    """The execution that fills it."""
    REQUEST_CANCEL = "request_cancel"
    CANCEL = "cancel"
    """The broker confirmed the cancel (or stopped listing it); or it was dropped unsent."""
    EXPIRE = "expire"
    """Its day ended with it open."""


E = OrderEvent

TERMINAL: frozenset[S] = frozenset({S.FILLED, S.CANCELLED, S.REJECTED, S.EXPIRED})
WORKING: tuple[S, ...] = (S.ACCEPTED, S.PARTIALLY_FILLED, S.CANCEL_REQUESTED)
"""Statuses of an order resting at the broker."""

NEXT: dict[tuple[S, OrderEvent], S] = {
    (S.PENDING, E.SEND): S.SENT,
    (S.PENDING, E.REJECT): S.REJECTED,
    (S.PENDING, E.CANCEL): S.CANCELLED,
    (S.SENT, E.ACCEPT): S.ACCEPTED,
    (S.SENT, E.LOSE): S.UNKNOWN,
    (S.SENT, E.REJECT): S.REJECTED,
    (S.SENT, E.FILL_PART): S.PARTIALLY_FILLED,
    (S.SENT, E.FILL_ALL): S.FILLED,
    # UNKNOWN: only the broker's own open-order and fill lists move it on.
    (S.UNKNOWN, E.ACCEPT): S.ACCEPTED,
    (S.UNKNOWN, E.FILL_PART): S.PARTIALLY_FILLED,
    (S.UNKNOWN, E.FILL_ALL): S.FILLED,
    (S.UNKNOWN, E.REJECT): S.REJECTED,
    (S.UNKNOWN, E.CANCEL): S.CANCELLED,
    (S.ACCEPTED, E.FILL_PART): S.PARTIALLY_FILLED,
    (S.ACCEPTED, E.FILL_ALL): S.FILLED,
    (S.ACCEPTED, E.REQUEST_CANCEL): S.CANCEL_REQUESTED,
    (S.ACCEPTED, E.CANCEL): S.CANCELLED,
    (S.ACCEPTED, E.EXPIRE): S.EXPIRED,
    (S.PARTIALLY_FILLED, E.FILL_PART): S.PARTIALLY_FILLED,
    (S.PARTIALLY_FILLED, E.FILL_ALL): S.FILLED,
    (S.PARTIALLY_FILLED, E.REQUEST_CANCEL): S.CANCEL_REQUESTED,
    (S.PARTIALLY_FILLED, E.CANCEL): S.CANCELLED,
    (S.PARTIALLY_FILLED, E.EXPIRE): S.EXPIRED,
    (S.CANCEL_REQUESTED, E.CANCEL): S.CANCELLED,
    (S.CANCEL_REQUESTED, E.FILL_PART): S.PARTIALLY_FILLED,
    (S.CANCEL_REQUESTED, E.FILL_ALL): S.FILLED,
    (S.CANCEL_REQUESTED, E.ACCEPT): S.ACCEPTED,
    # The broker's fills are the truth: a cancel that lost the race against the last execution
    # (or an order closed because the broker stopped listing it) turns out to be filled.
    (S.CANCELLED, E.FILL_ALL): S.FILLED,
    (S.EXPIRED, E.FILL_ALL): S.FILLED,
}

# Fills may arrive for an order already closed as cancelled or expired; they are recorded, and
# the status changes only when the order turns out fully filled (FILL_PART is no move there).
FILLS_ALLOWED_WHEN_CLOSED: frozenset[S] = frozenset({S.CANCELLED, S.EXPIRED})

ALLOWED: dict[S, frozenset[S]] = {
    status: frozenset(new for (old, _), new in NEXT.items() if old is status) for status in S
}
"""Which status may follow which: the table's moves, without their events."""


class IllegalTransition(ValueError):
    """An order was asked to move to a status its current one cannot lead to."""


def check_transition(old: S, new: S) -> None:
    """Raise :class:`IllegalTransition` unless ``old -> new`` is in the table."""
    if new not in ALLOWED[old]:
        raise IllegalTransition(f"order cannot go from {old.value} to {new.value}")


def fill_event(quantity: int, filled: int) -> OrderEvent:
    """Return the event of an execution that brings an order of ``quantity`` to ``filled``."""
    return E.FILL_ALL if filled >= quantity else E.FILL_PART


def after(status: S, event: OrderEvent) -> S:
    """Return the status ``event`` moves an order in ``status`` to.

    A partial fill of an order closed as cancelled or expired is recorded without a move.
    Raises :class:`IllegalTransition` for a pair the table does not have.
    """
    if event is E.FILL_PART and status in FILLS_ALLOWED_WHEN_CLOSED:
        return status
    try:
        return NEXT[(status, event)]
    except KeyError:
        raise IllegalTransition(f"order in {status.value} cannot take {event.value}") from None


STALE_PENDING = "STALE_PENDING"
"""Reject code of an order persisted but not sent before a restart, too old to send after it."""
WITHDRAWN = "WITHDRAWN"
"""Reject code of an order persisted and then not sent after all (its reason is kept)."""
SEND_FAILED = "SEND_FAILED"
"""Reject code (then ``:`` and the error's name) of a send that never reached the broker."""
NOT_AT_BROKER = "NOT_AT_BROKER"
"""Reject code of a send whose answer was lost and that the broker's lists never showed."""
AGENTS_OWN_REJECTIONS = frozenset({STALE_PENDING, WITHDRAWN})
"""Rejections the agent gives its own orders, never the broker's: no refused sell, no notice."""
