"""Splitting one approved order into child orders (slices).

A parent is split into as few slices as the size cap allows, and never into more than the count
cap: when both cannot hold, the count cap wins and the slices grow past the size cap, because the
number of orders is what the broker's rate limit and our bookkeeping pay for. Slices are as even
as whole shares allow, larger ones first, so their sum is always exactly the parent's quantity.
"""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct, structs

from agent.domain.intents import Approved

__all__ = ["SlicePolicy", "slice_approved", "split_quantity"]

PositiveInt = Annotated[int, Meta(ge=1)]


class SlicePolicy(Struct, frozen=True, kw_only=True):
    """How large and how many child orders a parent may become."""

    max_slice_qty: PositiveInt | None = None
    """Largest child in shares; None: no size cap."""
    max_slices: PositiveInt | None = None
    """Most children per parent; None: no count cap. Wins over ``max_slice_qty``."""


def split_quantity(total: int, policy: SlicePolicy) -> tuple[int, ...]:
    """Return the children's quantities: positive, summing to ``total``, larger first."""
    if total <= 0:
        raise ValueError(f"quantity to split must be positive, got {total}")
    count = 1 if policy.max_slice_qty is None else -(-total // policy.max_slice_qty)
    if policy.max_slices is not None:
        count = min(count, policy.max_slices)
    base, extra = divmod(total, count)
    return tuple(base + 1 if i < extra else base for i in range(count))


def slice_approved(approved: Approved, policy: SlicePolicy) -> tuple[Approved, ...]:
    """Return ``approved`` as children of the same intent, type and price, split per ``policy``."""
    return tuple(
        structs.replace(approved, quantity=quantity)
        for quantity in split_quantity(approved.quantity, policy)
    )


def child_ids(client_order_id: str, count: int) -> tuple[str, ...]:
    """Return the client order ids of an approval's ``count`` children (its own id when it is
    sent whole)."""
    if count == 1:
        return (client_order_id,)
    return tuple(f"{client_order_id}-{n}" for n in range(1, count + 1))
