"""The order lifecycle as an explicit table: which status may follow which (STYLE.md, point 4)."""

from __future__ import annotations

from agent.domain.enums import OrderStatus as S

TERMINAL: frozenset[S] = frozenset({S.FILLED, S.CANCELLED, S.REJECTED, S.EXPIRED})

# UNKNOWN is where an order goes when the broker's answer was lost; only the broker's own
# open-order and fill lists move it on (to ACCEPTED / fills, or to REJECTED when absent).
ALLOWED: dict[S, frozenset[S]] = {
    S.PENDING: frozenset({S.SENT, S.REJECTED, S.CANCELLED}),
    S.SENT: frozenset({S.ACCEPTED, S.UNKNOWN, S.REJECTED, S.PARTIALLY_FILLED, S.FILLED}),
    S.UNKNOWN: frozenset({S.ACCEPTED, S.PARTIALLY_FILLED, S.FILLED, S.REJECTED, S.CANCELLED}),
    S.ACCEPTED: frozenset(
        {S.PARTIALLY_FILLED, S.FILLED, S.CANCEL_REQUESTED, S.CANCELLED, S.EXPIRED}
    ),
    S.PARTIALLY_FILLED: frozenset(
        {S.PARTIALLY_FILLED, S.FILLED, S.CANCEL_REQUESTED, S.CANCELLED, S.EXPIRED}
    ),
    S.CANCEL_REQUESTED: frozenset({S.CANCELLED, S.PARTIALLY_FILLED, S.FILLED, S.ACCEPTED}),
    S.FILLED: frozenset(),
    # The broker's fills are the truth: a cancel that lost the race against the last execution
    # (or an order closed because the broker stopped listing it) turns out to be filled.
    S.CANCELLED: frozenset({S.FILLED}),
    S.REJECTED: frozenset(),
    S.EXPIRED: frozenset({S.FILLED}),
}

# Fills may arrive for an order already closed as cancelled or expired; they are recorded, and
# the status changes only when the order turns out fully filled.
FILLS_ALLOWED_WHEN_CLOSED: frozenset[S] = frozenset({S.CANCELLED, S.EXPIRED})


class IllegalTransition(ValueError):
    """An order was asked to move to a status its current one cannot lead to."""


def check_transition(old: S, new: S) -> None:
    """Raise :class:`IllegalTransition` unless ``old -> new`` is in the table."""
    if new not in ALLOWED[old]:
        raise IllegalTransition(f"order cannot go from {old.value} to {new.value}")


def status_after_fill(quantity: int, filled: int) -> S:
    """Return the status an order has once ``filled`` of its ``quantity`` are executed."""
    if filled >= quantity:
        return S.FILLED
    return S.PARTIALLY_FILLED if filled > 0 else S.ACCEPTED
