"""The broker's figures brought up to date with the agent's own orders since they were read."""

from __future__ import annotations

from agent.domain import Side
from agent.market.fees import commission
from agent.portfolio.since_read import (
    OwnOrder,
    free_shares,
    held_shares,
    mark_read,
    unreflected_buy_cash,
)

BPS = 1.5


def order(
    oid: int,
    side: Side,
    *,
    ack: bool = True,
    working: int = 0,
    filled: int = 0,
    price: int = 10_000,
    code: str = "A",
) -> OwnOrder:
    return OwnOrder(
        order_id=oid,
        code=code,
        side=side,
        acknowledged=ack,
        working=working,
        filled=filled,
        filled_amount_won=filled * price,
        price=price,
    )


def test_an_entry_accepted_after_the_read_holds_cash_the_read_shows_as_free() -> None:
    mark = mark_read([order(1, Side.BUY, working=10)])
    now = [order(1, Side.BUY, working=10), order(2, Side.BUY, working=99, price=10_050)]

    held = unreflected_buy_cash(now, mark, BPS)

    assert held == 99 * 10_050 + commission(99 * 10_050, BPS)


def test_an_entry_accepted_and_filled_since_the_read_still_counts_what_it_spent() -> None:
    mark = mark_read([])
    now = [order(2, Side.BUY, filled=40, working=0)]

    assert unreflected_buy_cash(now, mark, BPS) == 400_000 + commission(400_000, BPS)


def test_an_unacknowledged_buy_at_the_read_is_not_reflected_even_once_it_is() -> None:
    mark = mark_read([order(3, Side.BUY, ack=False, working=5)])

    assert unreflected_buy_cash([order(3, Side.BUY, working=5)], mark, BPS) > 0


def test_a_stop_cancelled_after_the_read_gives_its_shares_back() -> None:
    # Read while a 99-share stop worked: 주문가능수량 said 0. 40 filled, the rest was cancelled.
    mark = mark_read([order(1, Side.SELL, working=99)])
    now = [order(1, Side.SELL, working=0, filled=40)]

    assert free_shares("A", 0, now, mark) == 59


def test_a_sell_sent_after_the_read_takes_its_shares_out_of_the_figure() -> None:
    mark = mark_read([])
    working = [order(1, Side.SELL, working=30, filled=0)]
    done = [order(1, Side.SELL, working=0, filled=30)]

    assert free_shares("A", 100, working, mark) == 70
    assert free_shares("A", 100, done, mark) == 70


def test_a_reflected_sell_that_filled_since_frees_nothing() -> None:
    mark = mark_read([order(1, Side.SELL, working=20)])

    assert free_shares("A", 50, [order(1, Side.SELL, working=0, filled=20)], mark) == 50


def test_other_codes_and_buys_leave_the_shares_alone() -> None:
    mark = mark_read([])
    now = [order(1, Side.SELL, working=10, code="B"), order(2, Side.BUY, working=10)]

    assert free_shares("A", 7, now, mark) == 7


def test_an_entry_filled_since_the_read_is_held_though_the_read_shows_nothing() -> None:
    mark = mark_read([order(1, Side.BUY, working=10)])  # resting when the account was read

    now = [order(1, Side.BUY, filled=10), order(2, Side.BUY, ack=False, filled=5, code="B")]

    assert held_shares("A", 0, now, mark) == 10
    assert held_shares("B", 0, now, mark) == 5, "sent and filled after the read"


def test_fills_the_read_reflected_are_not_counted_again() -> None:
    mark = mark_read([order(1, Side.BUY, working=4, filled=6)])

    assert held_shares("A", 6, [order(1, Side.BUY, filled=10)], mark) == 10


def test_a_sell_filled_since_the_read_leaves_the_rest_held() -> None:
    mark = mark_read([order(1, Side.SELL, working=10)])

    assert held_shares("A", 30, [order(1, Side.SELL, filled=10)], mark) == 20
    assert held_shares("A", 5, [order(1, Side.SELL, filled=10)], mark) == 0
