"""Slippage against the signal price: positive is worse for us, on both sides."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.domain.enums import Side
from agent.orders.slippage import PricedFill, slippage, slippage_of_fills


def test_a_buy_filled_above_the_signal_slipped_positively() -> None:
    result = slippage(Side.BUY, 70_000, 70_100, 10)

    assert result.won == 1_000
    assert result.bps == Decimal("14.29")


def test_a_sell_filled_below_the_signal_slipped_positively() -> None:
    result = slippage(Side.SELL, 70_000, 69_900, 10)

    assert result.won == 1_000
    assert result.bps == Decimal("14.29")


@pytest.mark.parametrize(("side", "fill"), [(Side.BUY, 69_900), (Side.SELL, 70_100)])
def test_a_fill_better_than_the_signal_is_negative_slippage(side: Side, fill: int) -> None:
    assert slippage(side, 70_000, fill, 10).won == -1_000


def test_several_fills_are_measured_together_exactly() -> None:
    fills = [PricedFill(price=10_000, quantity=3), PricedFill(price=10_010, quantity=1)]

    result = slippage_of_fills(Side.BUY, 10_000, fills)

    assert result.won == 10
    assert result.quantity == 4
    assert result.bps == Decimal("2.50")


def test_slippage_needs_fills() -> None:
    with pytest.raises(ValueError, match="fill"):
        slippage_of_fills(Side.BUY, 10_000, [])


@given(signal=st.integers(1, 2_000_000), fill=st.integers(1, 2_000_000), qty=st.integers(1, 10**5))
def test_the_same_prices_slip_by_opposite_amounts_for_a_buy_and_a_sell(
    signal: int, fill: int, qty: int
) -> None:
    buy = slippage(Side.BUY, signal, fill, qty)
    sell = slippage(Side.SELL, signal, fill, qty)

    assert buy.won == -sell.won
    assert buy.bps == -sell.bps
    assert (buy.won > 0) == (fill > signal)
