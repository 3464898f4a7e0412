"""Backstops decided by hand: the guard a position calls for, the plan that keeps the broker's
in line with the guards, and what becomes of exits held behind one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agent import journal
from agent.core.backstops import (
    REFUSED_WAIT,
    RELEASE_SETTLE,
    EndedBackstop,
    HeldExit,
    Place,
    Pull,
    Release,
    backstop_id,
    guard_of,
    guards_of,
    plan,
    refused_until,
    release,
)
from agent.core.governor import GovernorCore
from agent.domain import OrderPurpose, OrderType, Side
from agent.orders.backstops import BackstopRow, Guard
from agent.orders.slicing import SlicePolicy
from agent.risk.check import exit_quantity
from agent.risk.limits import Backstop
from tests.unit.risk.builders import CODE, NOW, account, exit_, limits, pending_exit, position

ON = limits(backstop=Backstop(gap_bps=50, slippage_bps=200))
GUARD = Guard(code="005930", quantity=10, trigger=67_600, limit=66_200)


def test_a_position_is_guarded_a_gap_below_its_stop_with_its_limit_below_the_trigger() -> None:
    # -3 % of 70,000 is a stop at 67,900; 0.5 % below is 67,560.5 -> 67,500 on the 100 grid.
    guard = guard_of(position(stop_price=67_900), ON)
    assert guard == Guard(code="005930", quantity=10, trigger=67_500, limit=66_100)


def test_the_stop_is_derived_from_the_average_price_when_the_position_has_none() -> None:
    assert guard_of(position(), ON) == guard_of(position(stop_price=67_900), ON)


def test_no_guard_when_backstops_are_off_frozen_or_nothing_is_sellable() -> None:
    assert guard_of(position(), limits()) is None
    assert guard_of(position(sellable=0), ON) is None
    view = account(positions=(position(),))
    assert guards_of(view, ON, frozen=True) == ()
    assert [g.code for g in guards_of(view, ON)] == ["005930"]


def test_the_guard_covers_only_what_an_exit_may_sell() -> None:
    """The user's pending sell holds 4 of the 10 shares: the backstop asks for 6."""
    assert guard_of(position(sellable=6), ON) == guard_of(position(quantity=6), ON)


def test_a_backstop_does_not_count_as_an_exit_working() -> None:
    """Its shares are the exit's to free (the router cancels it first): an exit may sell all
    of them, and the governor does not take the code for one already exiting."""
    held = account(
        positions=(position(quantity=10),),
        pending=(pending_exit("005930", 10, OrderPurpose.BACKSTOP),),
    )
    assert exit_quantity(exit_(quantity=10), held) == (10, 10)
    selling = account(positions=(position(quantity=10),), pending=(pending_exit("005930", 10),))
    assert exit_quantity(exit_(quantity=10), selling) == (10, 0)


def guarded(**overrides: object) -> journal.Guarded:
    values: dict[str, object] = {"guards": (GUARD,), "rows": (), "lots": (("005930", 10),)}
    values.update(overrides)
    return journal.Guarded(**values)  # type: ignore[arg-type]


def row(**overrides: object) -> BackstopRow:
    values: dict[str, object] = {
        "order_id": 7,
        "code": "005930",
        "remaining": 10,
        "trigger": 67_600,
        "limit": 66_200,
    }
    values.update(overrides)
    return BackstopRow(**values)  # type: ignore[arg-type]


def test_a_guarded_code_without_a_backstop_gets_a_stop_limit_sell() -> None:
    [command] = plan(guarded(sent=(("005930", 2),)), NOW)
    assert isinstance(command, Place)
    assert command.client_order_id == backstop_id(NOW.date(), "005930", 3)
    approved = command.approved
    assert (approved.intent.side, approved.intent.purpose) == (Side.SELL, OrderPurpose.BACKSTOP)
    assert (approved.order_type, approved.quantity) == (OrderType.STOP_LIMIT, 10)
    assert (approved.stop_price, approved.limit_price) == (67_600, 66_200)


def test_a_backstop_that_matches_its_guard_is_left_alone() -> None:
    assert plan(guarded(rows=(row(),)), NOW) == []


@pytest.mark.parametrize(
    "change",
    [
        {"remaining": 6},  # the lot shrank (a partial exit, a partial backstop fill)
        {"remaining": 12},
        {"trigger": 67_700},  # the stop moved (a scale-in moved the average)
        {"limit": 66_000},
    ],
)
def test_a_backstop_with_other_terms_is_pulled_and_replaced_once_gone(
    change: dict[str, object],
) -> None:
    assert plan(guarded(rows=(row(**change),)), NOW) == [Pull(order_id=7)]
    # While its cancel is on the way nothing else is sent (the shares are still held).
    assert plan(guarded(rows=(row(cancel_requested=True, **change),)), NOW) == []


def test_a_backstop_of_a_code_no_longer_guarded_or_exiting_is_pulled() -> None:
    assert plan(guarded(guards=()), NOW) == []
    assert plan(guarded(guards=(), rows=(row(),)), NOW) == [Pull(order_id=7)]
    assert plan(guarded(rows=(row(),), exiting=("005930",)), NOW) == [Pull(order_id=7)]
    assert plan(guarded(exiting=("005930",)), NOW) == []  # and none is placed


def test_while_an_entry_still_fills_the_backstop_is_not_resized_for_each_fill() -> None:
    assert plan(guarded(rows=(row(remaining=4),), entering=("005930",)), NOW) == []
    assert plan(guarded(rows=(row(remaining=4),)), NOW) == [Pull(order_id=7)]


def test_a_refused_backstop_is_asked_again_only_after_the_wait() -> None:
    refused = (("005930", NOW - REFUSED_WAIT + timedelta(seconds=1), 1),)
    assert plan(guarded(refused=refused), NOW) == []
    later = NOW + timedelta(seconds=1)
    assert [type(c) for c in plan(guarded(refused=refused), later)] == [Place]


def test_each_further_refusal_of_the_day_doubles_the_wait_up_to_an_hour() -> None:
    waits = [refused_until(NOW, count) - NOW for count in (1, 2, 3, 4, 5, 9)]
    minutes = [int(w.total_seconds() // 60) for w in waits]
    assert minutes == [5, 10, 20, 40, 60, 60]
    refused = (("005930", NOW, 3),)
    assert plan(guarded(refused=refused), NOW + timedelta(minutes=19)) == []


def test_a_guard_never_asks_for_more_than_the_lot_the_router_recorded() -> None:
    """The governor's guard was computed before a sell filled: the lot says what is left."""
    assert plan(guarded(lots=(("005930", 0),)), NOW) == []
    [place] = plan(guarded(lots=(("005930", 4),)), NOW)
    assert isinstance(place, Place)
    assert place.approved.quantity == 4
    assert plan(guarded(rows=(row(remaining=4),), lots=(("005930", 4),)), NOW) == []
    assert plan(guarded(rows=(row(),), lots=(("005930", 0),)), NOW) == [Pull(order_id=7)]


def test_a_code_whose_backstop_the_user_cancelled_gets_none_again_that_day() -> None:
    assert plan(guarded(declined=("005930",)), NOW) == []


def test_nothing_is_placed_while_orders_cannot_be_sent_but_pulls_still_go() -> None:
    assert plan(guarded(open=False), NOW) == []
    assert plan(guarded(guards=(), rows=(row(),), open=False), NOW) == [Pull(order_id=7)]


def held(order_id: int, quantity: int, *, everything: bool = False) -> HeldExit:
    return HeldExit(order_id=order_id, quantity=quantity, with_user_shares=everything)


def test_held_exits_wait_while_a_backstop_works() -> None:
    decided = release([held(1, 10)], working=1, ended=[], lot=10, selling=0, now=NOW)
    assert decided == {1: Release.WAIT}


def test_held_exits_go_while_the_lot_covers_them_and_the_rest_is_withdrawn() -> None:
    """Stateless: the lot as recorded says whether a backstop sold under the exits."""
    confirmed = [EndedBackstop(ended_at=NOW, confirmed=True)]
    assert release([held(1, 10)], working=0, ended=confirmed, lot=10, selling=0, now=NOW) == {
        1: Release.SEND
    }
    partly = release([held(1, 10)], working=0, ended=confirmed, lot=6, selling=0, now=NOW)
    assert partly == {1: Release.WITHDRAW}  # the governor decides again on the 6 left
    two = release([held(2, 4), held(1, 6)], working=0, ended=confirmed, lot=8, selling=2, now=NOW)
    assert two == {1: Release.SEND, 2: Release.WITHDRAW}
    everything = release(
        [held(1, 110, everything=True)], working=0, ended=confirmed, lot=10, selling=0, now=NOW
    )
    assert everything == {1: Release.SEND}  # the operator sells the user's shares too


def test_a_backstop_that_left_the_open_list_unconfirmed_holds_its_exits_a_moment() -> None:
    """It may have filled with the fill list not showing it yet: the lot would lie."""
    vanished = [EndedBackstop(ended_at=NOW, confirmed=False)]
    soon = NOW + RELEASE_SETTLE - timedelta(seconds=1)
    later = NOW + RELEASE_SETTLE
    kwargs: dict[str, object] = {"working": 0, "ended": vanished, "lot": 10, "selling": 0}
    assert release([held(1, 10)], now=soon, **kwargs) == {1: Release.WAIT}  # type: ignore[arg-type]
    assert release([held(1, 10)], now=later, **kwargs) == {1: Release.SEND}  # type: ignore[arg-type]


def test_the_governor_guards_no_code_already_being_sold_or_at_its_stop() -> None:
    """A stop pulled to be re-priced is re-issued on the next print: a backstop placed in
    between would trigger at once and sell outside the agent's own stop rules."""
    ids = iter(f"cid-{n}" for n in range(1, 100))
    core = GovernorCore(lambda: ON, SlicePolicy(), lambda _i, _n: next(ids))
    calm = account(positions=(position(stop_price=67_900),))
    assert [g.code for g in core.guards(calm, NOW)] == ["005930"]

    selling = account(positions=(position(stop_price=67_900),), pending=(pending_exit(CODE, 10),))
    assert core.guards(selling, NOW) == ()

    core.stop_due(CODE, 67_800, NOW, NOW)  # a print through the stop
    assert core.guards(calm, NOW) == ()
    core.frozen = True
    assert core.guards(account(positions=(position(code="000660"),)), NOW) == ()
