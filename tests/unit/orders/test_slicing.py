"""Splitting a parent order into child slices."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.domain.enums import OrderPurpose, OrderType, Side
from agent.domain.intents import Approved, Intent
from agent.orders.slicing import SlicePolicy, slice_approved, split_quantity
from tests.unit.risk.builders import NOW


@pytest.mark.parametrize(
    ("total", "policy", "slices"),
    [
        (10, SlicePolicy(), (10,)),
        (10, SlicePolicy(max_slice_qty=4), (4, 3, 3)),
        (12, SlicePolicy(max_slice_qty=4), (4, 4, 4)),
        (3, SlicePolicy(max_slice_qty=10), (3,)),
        (10, SlicePolicy(max_slices=3), (10,)),
        (100, SlicePolicy(max_slice_qty=10, max_slices=4), (25, 25, 25, 25)),
        (2, SlicePolicy(max_slices=5), (2,)),
        (2, SlicePolicy(max_slice_qty=1, max_slices=5), (1, 1)),
    ],
)
def test_a_parent_splits_into_the_fewest_even_slices_the_policy_allows(
    total: int, policy: SlicePolicy, slices: tuple[int, ...]
) -> None:
    assert split_quantity(total, policy) == slices


def test_nothing_to_split_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        split_quantity(0, SlicePolicy())


def test_children_keep_the_parents_intent_type_and_price() -> None:
    intent = Intent(
        code="005930",
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=70_000,
        at=NOW,
        strategy_tag="orb",
    )
    parent = Approved(intent=intent, quantity=7, order_type=OrderType.LIMIT, limit_price=70_200)

    children = slice_approved(parent, SlicePolicy(max_slice_qty=3))

    assert [c.quantity for c in children] == [3, 2, 2]
    assert {(c.intent, c.order_type, c.limit_price) for c in children} == {
        (intent, OrderType.LIMIT, 70_200)
    }


@given(
    total=st.integers(1, 100_000),
    max_qty=st.one_of(st.none(), st.integers(1, 5_000)),
    max_count=st.one_of(st.none(), st.integers(1, 50)),
)
def test_slices_are_positive_even_sum_to_the_parent_and_respect_the_caps(
    total: int, max_qty: int | None, max_count: int | None
) -> None:
    slices = split_quantity(total, SlicePolicy(max_slice_qty=max_qty, max_slices=max_count))

    assert sum(slices) == total
    assert min(slices) >= 1
    assert max(slices) - min(slices) <= 1
    assert list(slices) == sorted(slices, reverse=True)
    if max_count is not None:
        assert len(slices) <= max_count
    if max_qty is not None and (max_count is None or -(-total // max_qty) <= max_count):
        assert max(slices) <= max_qty
