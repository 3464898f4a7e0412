"""The agent's day P&L: carried lots from the previous close, today's from the fill, costs in."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from agent.clock import KST
from agent.domain import Side
from agent.market.board import Board
from agent.market.fees import commission, sell_tax
from agent.portfolio.day_pnl import day_pnl
from agent.portfolio.lots import LotFill, LotRemoval

DAY = date(2026, 11, 24)
YESTERDAY = datetime(2026, 11, 23, 9, 10, tzinfo=KST)
TODAY = datetime(2026, 11, 24, 9, 10, tzinfo=KST)
BPS = 1.5


def fill(side: Side, qty: int, price: int, at: datetime, code: str = "A") -> LotFill:
    return LotFill(code=code, side=side, quantity=qty, price=price, at=at, order_id=1)


def test_a_lot_carried_overnight_counts_from_the_previous_close_not_its_cost() -> None:
    events = [fill(Side.BUY, 10, 10_000, YESTERDAY)]

    pnl = day_pnl(events, DAY, {"A": 9_500}, lambda code: 9_000, BPS)

    assert (pnl.realised_won, pnl.unrealised_won) == (0, 10 * (9_500 - 9_000) - _exit_costs(95_000))


def _exit_costs(value: int) -> int:
    """What selling open shares worth ``value`` would cost: commission and tax."""
    return commission(value, BPS) + sell_tax(value, Board.KOSPI, DAY)


def test_a_carried_lot_whose_previous_close_is_unknown_is_marked_at_its_cost_not_zero() -> None:
    # The broker is unreachable and the lot is already sold: mark_of knows nothing (0).
    events = [fill(Side.BUY, 10, 10_000, YESTERDAY), fill(Side.SELL, 10, 9_800, TODAY)]

    pnl = day_pnl(events, DAY, {}, lambda code: 0, BPS)

    amount = 10 * 9_800
    expected = amount - 10 * 10_000 - commission(amount, BPS) - sell_tax(amount, Board.KOSPI, DAY)
    assert pnl.realised_won == expected
    assert pnl.realised_won < 0  # a loss, not a fictitious profit on a zero basis


def test_selling_a_carried_lot_today_realises_against_the_previous_close_with_costs() -> None:
    events = [fill(Side.BUY, 10, 10_000, YESTERDAY), fill(Side.SELL, 10, 9_800, TODAY)]

    pnl = day_pnl(events, DAY, {}, lambda code: 9_000, BPS)

    amount = 10 * 9_800
    expected = amount - 10 * 9_000 - commission(amount, BPS) - sell_tax(amount, Board.KOSPI, DAY)
    assert (pnl.realised_won, pnl.unrealised_won) == (expected, 0)


def test_a_lot_bought_today_counts_from_its_fill_and_pays_its_commission() -> None:
    events = [fill(Side.BUY, 10, 10_000, TODAY)]

    pnl = day_pnl(events, DAY, {"A": 9_700}, lambda code: 1, BPS)

    assert pnl.unrealised_won == 10 * (9_700 - 10_000) - _exit_costs(97_000)
    assert pnl.realised_won == -commission(100_000, BPS)


def test_shares_the_user_took_out_by_hand_are_neither_gain_nor_loss() -> None:
    events = [
        fill(Side.BUY, 10, 10_000, TODAY),
        LotRemoval(code="A", quantity=10, at=TODAY + timedelta(minutes=5)),
    ]

    pnl = day_pnl(events, DAY, {"A": 5_000}, lambda code: 1, BPS)

    assert pnl.unrealised_won == 0
    assert pnl.realised_won == -commission(100_000, BPS)


def test_the_users_part_of_a_sell_is_not_the_agents_pnl() -> None:
    events = [fill(Side.BUY, 10, 10_000, TODAY), fill(Side.SELL, 110, 10_000, TODAY)]

    pnl = day_pnl(events, DAY, {}, lambda code: 1, BPS)

    agent_sold = 10 * 10_000
    costs = 2 * commission(agent_sold, BPS) + sell_tax(agent_sold, Board.KOSPI, DAY)
    assert pnl.realised_won == -costs
