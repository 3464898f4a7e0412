"""What a working order holds back: a buy its unfilled shares with commission, a sell nothing."""

from __future__ import annotations

from decimal import Decimal

from agent.domain.enums import OrderPurpose, Side
from agent.risk.account import pending_order


def test_a_working_buy_reserves_its_unfilled_shares_and_their_commission() -> None:
    buy = pending_order(
        code="005930",
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        remaining=30,
        price=70_000,
        commission_bps=Decimal("1.5"),
        strategy_tag="opening_leader",
    )
    sell = pending_order(
        code="005930",
        side=Side.SELL,
        purpose=OrderPurpose.STOP_LOSS,
        remaining=30,
        price=70_000,
        commission_bps=Decimal("1.5"),
    )

    assert (buy.quantity, buy.reserved_won, buy.is_entry) == (30, 2_100_000 + 315, True)
    assert (sell.quantity, sell.reserved_won, sell.is_exit) == (30, 0, True)
