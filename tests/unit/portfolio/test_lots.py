"""The agent's lots: only its own fills make them, and the user's hand can only shrink them."""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.clock import KST
from agent.domain import Side
from agent.portfolio.lots import LotFill, LotRemoval, fold_lots, removal_needed, sold_and_bought

T0 = datetime(2026, 11, 24, 9, 5, tzinfo=KST)


def fill(code: str, side: Side, qty: int, price: int, minutes: int = 0, order: int = 1) -> LotFill:
    return LotFill(
        code=code,
        side=side,
        quantity=qty,
        price=price,
        at=T0 + timedelta(minutes=minutes),
        order_id=order,
    )


def test_buys_open_a_lot_at_their_average_cost() -> None:
    book = fold_lots([fill("A", Side.BUY, 10, 1_000), fill("A", Side.BUY, 10, 1_100, 1, 2)])

    lot = book.open["A"]
    assert (lot.quantity, lot.cost_won, lot.avg_price, lot.entry_order_id) == (20, 21_000, 1_050, 1)
    assert book.closed == ()


def test_selling_everything_closes_the_lot_as_one_round_trip() -> None:
    book = fold_lots([fill("A", Side.BUY, 10, 1_000), fill("A", Side.SELL, 10, 1_200, 30, 2)])

    assert "A" not in book.open
    (closed,) = book.closed
    assert closed.lot.last_order_id == 2
    assert closed.closed_at == T0 + timedelta(minutes=30)


def test_a_manual_sell_shrinks_the_lot_and_the_round_trip_counts_only_the_agents_sell() -> None:
    book = fold_lots(
        [
            fill("A", Side.BUY, 10, 1_000),
            LotRemoval(code="A", quantity=4, at=T0 + timedelta(minutes=5)),
            fill("A", Side.SELL, 6, 1_100, 10, 2),
        ]
    )

    (closed,) = book.closed
    assert closed.lot.removed == 4
    buys, sells = sold_and_bought(closed.lot)
    assert sum(p.quantity for p in buys) == sum(p.quantity for p in sells) == 6


def test_a_sell_beyond_the_lot_sells_the_users_shares_and_never_goes_short() -> None:
    book = fold_lots([fill("A", Side.BUY, 10, 1_000), fill("A", Side.SELL, 50, 900, 3, 2)])

    assert "A" not in book.open
    (closed,) = book.closed
    assert sum(p.quantity for p in closed.lot.sells) == 10


def test_a_sell_in_a_code_the_agent_never_bought_is_not_the_agents() -> None:
    book = fold_lots([fill("B", Side.SELL, 5, 900)])

    assert book.open == {}
    assert book.closed == ()


def test_a_lot_shrinks_only_when_the_whole_holding_fell_below_it() -> None:
    assert removal_needed(10, 110) == 0  # the user sold some of their own 100
    assert removal_needed(10, 5) == 5  # the user sold 105: five of the agent's are gone
    assert removal_needed(10, 0) == 10
    assert removal_needed(0, 0) == 0


def test_the_same_events_always_fold_to_the_same_book() -> None:
    events = [
        fill("A", Side.BUY, 7, 1_000),
        fill("B", Side.BUY, 3, 5_000, 1, 2),
        LotRemoval(code="A", quantity=2, at=T0 + timedelta(minutes=2)),
        fill("A", Side.SELL, 5, 1_050, 3, 3),
    ]

    assert fold_lots(events) == fold_lots(list(events))
    assert set(fold_lots(events).open) == {"B"}


def test_a_removal_counts_the_shares_it_took_not_those_left() -> None:
    book = fold_lots(
        [
            fill("A", Side.BUY, 10, 1_000),
            LotRemoval(code="A", quantity=6, at=T0 + timedelta(minutes=5)),
            LotRemoval(code="A", quantity=9, at=T0 + timedelta(minutes=6)),  # only 4 were left
        ]
    )

    assert "A" not in book.open
    assert book.closed == ()  # nothing was sold by the agent: no round trip
    partial = fold_lots(
        [fill("A", Side.BUY, 10, 1_000), LotRemoval(code="A", quantity=6, at=T0)]
    ).open["A"]
    assert (partial.quantity, partial.removed) == (4, 6)
