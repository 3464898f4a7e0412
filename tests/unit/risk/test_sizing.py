"""Entry sizing is exact at the weight and cash boundaries, in whole shares."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.market.fees import commission
from agent.risk.reasons import ApprovalNote
from agent.risk.sizing import max_affordable_qty, size_entry, weight_cap_won
from tests.unit.risk.builders import CODE, account, pending_entry, position

BPS = Decimal("1.5")


def test_the_weight_cap_is_floored_in_won() -> None:
    assert weight_cap_won(10_000_001, 1_000) == 1_000_000
    assert weight_cap_won(-5, 1_000) == 0


@pytest.mark.parametrize(("price", "shares"), [(10_000, 100), (10_010, 99), (9_990, 100)])
def test_the_weight_limit_allows_exactly_the_shares_that_fit(price: int, shares: int) -> None:
    result = size_entry(CODE, price, price, account(), 1_000, BPS)

    assert result.by_weight == shares
    assert result.quantity == shares
    assert result.binding is ApprovalNote.SIZED_BY_WEIGHT


def test_cash_for_exactly_n_shares_and_their_commission_buys_n_shares() -> None:
    amount = 100 * 10_000
    exact = amount + commission(amount, BPS)  # 1,000,150

    assert max_affordable_qty(10_000, exact, BPS) == 100
    assert max_affordable_qty(10_000, exact - 1, BPS) == 99


def test_cash_binds_when_it_is_below_the_weight_room() -> None:
    result = size_entry(CODE, 10_000, 10_000, account(cash_won=500_074), 1_000, BPS)

    assert result.quantity == 49
    assert result.binding is ApprovalNote.SIZED_BY_CASH


def test_existing_holdings_at_the_last_price_use_up_weight_room() -> None:
    held = account(positions=(position(quantity=50, avg=9_000, current=9_500),))

    result = size_entry(CODE, 10_000, 10_000, held, 1_000, BPS)

    assert result.by_weight == 50  # (1,000,000 - 50 x 10,000) / 10,000


def test_pending_entries_reserved_cash_uses_up_weight_room() -> None:
    pending = account(pending=(pending_entry(CODE, 30, 300_045),))

    result = size_entry(CODE, 10_000, 10_000, pending, 1_000, BPS)

    assert result.by_weight == 69


def test_other_codes_do_not_use_up_this_codes_weight_room() -> None:
    other = account(
        positions=(position(code="000660", quantity=1_000),),
        pending=(pending_entry("035420", 10, 900_000),),
    )

    assert size_entry(CODE, 10_000, 10_000, other, 1_000, BPS).by_weight == 100


def test_a_smaller_request_is_honoured() -> None:
    result = size_entry(CODE, 10_000, 10_000, account(), 1_000, BPS, requested=7)

    assert result.quantity == 7
    assert result.binding is ApprovalNote.SIZED_BY_REQUEST


@given(
    price=st.integers(1, 3_000_000),
    cash=st.integers(-1_000, 10**11),
    bps=st.sampled_from([Decimal(0), Decimal("1.5"), Decimal("0.36"), Decimal(50)]),
)
def test_the_affordable_quantity_is_the_largest_that_cash_pays_for(
    price: int, cash: int, bps: Decimal
) -> None:
    qty = max_affordable_qty(price, cash, bps)

    def cost(q: int) -> int:
        return q * price + commission(q * price, bps)

    assert qty >= 0
    assert qty == 0 or cost(qty) <= cash
    assert cost(qty + 1) > cash
