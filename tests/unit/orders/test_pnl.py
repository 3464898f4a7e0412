"""Realised P&L of a round trip, with commission on both sides and the sell tax (B4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.market.board import Board
from agent.orders.pnl import round_trip_pnl
from agent.orders.slippage import PricedFill

D2025 = date(2025, 6, 2)
D2026 = date(2026, 3, 4)


@pytest.mark.parametrize(("sell_date", "costs"), [(D2026, 23_000), (D2025, 18_000)])
def test_a_ten_million_won_kospi_round_trip_costs_what_the_rules_say(
    sell_date: date, costs: int
) -> None:
    ten_million = [PricedFill(price=100_000, quantity=100)]

    result = round_trip_pnl(ten_million, ten_million, Board.KOSPI, sell_date)

    assert result.gross_won == 0
    assert result.buy_commission_won == 1_500
    assert result.sell_commission_won == 1_500
    assert result.costs_won == costs
    assert result.net_won == -costs


def test_a_winning_trade_keeps_the_gain_less_costs() -> None:
    result = round_trip_pnl(
        [PricedFill(price=10_000, quantity=100)],
        [PricedFill(price=10_500, quantity=100)],
        Board.KOSDAQ,
        D2026,
    )

    # buy 1,000,000 (commission 150); sell 1,050,000 (commission 157, tax 0.20 % = 2,100)
    assert result.gross_won == 50_000
    assert (result.buy_commission_won, result.sell_commission_won) == (150, 157)
    assert result.sell_tax_won == 2_100
    assert result.net_won == 47_593


def test_an_etf_round_trip_pays_no_sell_tax() -> None:
    result = round_trip_pnl(
        [PricedFill(price=10_000, quantity=10)],
        [PricedFill(price=10_005, quantity=10)],
        Board.FUND,
        D2026,
    )

    assert result.sell_tax_won == 0


def test_fills_at_several_prices_add_up() -> None:
    buys = [PricedFill(price=10_000, quantity=60), PricedFill(price=10_010, quantity=40)]
    sells = [PricedFill(price=10_100, quantity=100)]

    result = round_trip_pnl(buys, sells, Board.KOSPI, D2026)

    assert result.buy_amount_won == 1_000_400
    assert result.gross_won == 9_600


def test_a_round_trip_must_sell_what_it_bought() -> None:
    with pytest.raises(ValueError, match="round trip"):
        round_trip_pnl(
            [PricedFill(price=1, quantity=2)], [PricedFill(price=1, quantity=1)], Board.KOSPI, D2026
        )


prices = st.integers(1, 2_000_000)


@given(
    p1=prices,
    p2=prices,
    qty=st.integers(1, 10_000),
    board=st.sampled_from([Board.KOSPI, Board.KOSDAQ, Board.FUND]),
    bps=st.sampled_from([Decimal("1.5"), Decimal("0.36"), Decimal(0)]),
)
def test_pnl_is_symmetric_and_costs_only_ever_take_away(
    p1: int, p2: int, qty: int, board: Board, bps: Decimal
) -> None:
    up = round_trip_pnl(
        [PricedFill(price=p1, quantity=qty)],
        [PricedFill(price=p2, quantity=qty)],
        board,
        D2026,
        bps,
    )
    down = round_trip_pnl(
        [PricedFill(price=p2, quantity=qty)],
        [PricedFill(price=p1, quantity=qty)],
        board,
        D2026,
        bps,
    )

    assert up.gross_won == -down.gross_won == (p2 - p1) * qty
    assert up.costs_won >= 0
    assert up.net_won == up.gross_won - up.costs_won <= up.gross_won
    assert up.buy_commission_won == down.sell_commission_won
    assert up.net_won + down.net_won == -(up.costs_won + down.costs_won)
