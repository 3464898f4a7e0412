"""The risk governor's core, stepped by hand: no actor, thread, clock or database."""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.core.governor import GovernorCore, Unavailable
from agent.domain import Approved, Intent, OrderPurpose, OrderType, Rejected
from agent.market.calendar import default_calendar
from agent.orders.slicing import SlicePolicy
from agent.risk.account import AccountView
from agent.risk.state import GovernorState, Trigger
from tests.unit.risk.builders import (
    CODE,
    NOW,
    account,
    entry,
    limits,
    market,
    pending_exit,
    position,
)


def core(**overrides: object) -> GovernorCore:
    ids = iter(f"cid-{n}" for n in range(1, 100))
    return GovernorCore(
        lambda: limits(**overrides), SlicePolicy(max_slice_qty=1_000), lambda _i, _n: next(ids)
    )


def decide(governor: GovernorCore, intent: Intent, view: AccountView | None = None) -> object:
    return governor.decide(
        intent,
        NOW,
        account=lambda: view or account(),
        market=lambda: market(code=intent.code, last=intent.reference_price),
        wall=0.0,
    )


def test_an_approved_entry_is_reserved_under_its_id_until_the_account_knows_it() -> None:
    governor = core()
    decided = governor.decide(
        entry(ref=70_000, at=NOW), NOW, account=account, market=market, wall=0.0
    )

    assert isinstance(decided.decision, Approved)
    assert decided.client_order_id == "cid-1"
    assert len(governor.reservations) == 1
    known = account(known_order_ids=frozenset({"cid-1"}))
    governor.account(known, NOW + timedelta(seconds=1), 1.0)
    assert len(governor.reservations) == 0


def test_the_reservation_takes_the_cash_of_the_next_decision() -> None:
    governor = core()
    small = account(cash_won=1_500_000)
    first = governor.decide(
        entry(ref=70_000, at=NOW), NOW, account=lambda: small, market=market, wall=0.0
    )
    second = governor.decide(
        entry(code="000660", ref=70_000, at=NOW),
        NOW,
        account=lambda: small,
        market=lambda: market(code="000660"),
        wall=0.0,
    )

    assert isinstance(first.decision, Approved)
    assert isinstance(second.decision, Approved)
    spent = first.decision.quantity * 70_200
    assert second.decision.quantity * 70_200 <= 1_500_000 - spent, "the first buy's cash is held"


def test_one_entry_per_code_per_day_then_a_new_day_forgets() -> None:
    governor = core()
    decide(governor, entry(ref=70_000, at=NOW))
    again = governor.decide(
        entry(ref=70_000, at=NOW), NOW, account=account, market=market, wall=0.0
    )

    assert isinstance(again.decision, Rejected)
    assert again.decision.reasons == ("DUPLICATE_ENTRY",)
    tomorrow = NOW + timedelta(days=1)
    settled = account(known_order_ids=frozenset({"cid-1"}))  # the order is in the database
    later = governor.decide(
        entry(ref=70_000, at=tomorrow), tomorrow, account=lambda: settled, market=market, wall=0.0
    )
    assert isinstance(later.decision, Approved)


def test_a_peer_that_does_not_answer_is_a_refusal_not_a_crash() -> None:
    def gone() -> AccountView:
        raise Unavailable("the account is restarting")

    decided = core().decide(entry(at=NOW), NOW, account=gone, market=market, wall=0.0)

    assert isinstance(decided.decision, Rejected)
    assert decided.decision.reasons == ("ACCOUNT_UNAVAILABLE",)


def test_a_freeze_refuses_the_governors_own_exits_and_a_kill_switch_only_entries() -> None:
    governor = core()
    governor.trigger(Trigger.KILL_SWITCH_ENGAGED)
    assert governor.state is GovernorState.HALTED
    assert not governor.accepts_entries()
    governor.frozen = True
    held = account(positions=(position(quantity=10, avg=70_000, current=60_000),))
    governor.account(held, NOW, 0.0)

    assert governor.stop_due(CODE, 60_000, NOW, NOW) == [], "frozen: no automatic exit"


def test_a_print_under_the_stop_of_a_held_code_calls_for_one_stop_loss() -> None:
    governor = core()
    held = account(positions=(position(quantity=10, avg=70_000, current=70_000),))
    governor.account(held, NOW, 0.0)

    assert governor.stop_due(CODE, 69_000, NOW, NOW) == []
    [stop] = governor.stop_due(CODE, 67_800, NOW, NOW, bid=67_700)
    assert stop.purpose is OrderPurpose.STOP_LOSS
    assert stop.reference_price == 67_700, "priced through the bid"
    assert stop.quantity == 10
    assert governor.stop_due("000660", 1, NOW, NOW) == [], "a code not held"


def test_the_end_of_day_exit_comes_from_the_timer_with_the_last_print() -> None:
    governor = core(eod_exit="flatten")
    held = account(positions=(position(quantity=10, avg=70_000, current=70_000),))
    session = default_calendar().session(NOW.date())
    late = datetime.combine(NOW.date(), datetime.min.time(), tzinfo=NOW.tzinfo) + timedelta(
        hours=15, minutes=25
    )
    governor.stop_due(CODE, 71_000, late, late)

    assert governor.exits_due(held, NOW, session) == [], "not yet at 09:30"
    [eod] = governor.exits_due(held, late, session)
    assert eod.purpose is OrderPurpose.EOD_EXIT
    assert eod.reference_price == 71_000


def test_the_exit_timer_is_settled_only_with_nothing_to_sell_and_nothing_in_flight() -> None:
    governor = core(eod_exit="flatten")
    session = default_calendar().session(NOW.date())
    held = account(positions=(position(quantity=10, avg=70_000, current=70_000),))
    governor.account(held, NOW, 0.0)
    assert governor.settled(held, NOW, session)

    late = NOW.replace(hour=15, minute=15)
    assert not governor.settled(held, late, session), "the end-of-day exit is due"
    governor.stop_due(CODE, 67_800, NOW, NOW)
    assert not governor.settled(held, NOW, session), "the last print reached the stop"
    governor.stop_due(CODE, 70_100, NOW, NOW)
    assert governor.settled(held, NOW, session)

    working = account(positions=held.positions, pending=(pending_exit(CODE, 10),))
    assert not governor.settled(working, NOW, session), "an exit is working"
    repriced = account(positions=held.positions, stop_attempts=((CODE, 1),))
    assert not governor.settled(repriced, NOW, session), "a stop was re-priced today"
    decide(governor, entry(code="000660", ref=50_000, at=NOW), held)
    assert not governor.settled(held, NOW, session), "an entry is reserved"


def test_a_refused_exit_keeps_the_exit_timer_unsettled_until_an_exit_passes() -> None:
    governor = core()
    session = default_calendar().session(NOW.date())
    held = account(positions=(position(quantity=10, avg=70_000, current=70_000),), read_at=NOW)
    governor.account(held, NOW, 0.0)
    [stop] = governor.stop_due(CODE, 67_800, NOW, NOW)
    governor.desk.decided(stop, Rejected(intent=stop, reasons=("HALTED",)), held)
    governor.stop_due(CODE, 70_100, NOW, NOW)

    assert not governor.settled(held, NOW, session), "the refusal waits for a fresh read"
    governor.desk.decided(
        stop,
        Approved(intent=stop, quantity=10, order_type=OrderType.LIMIT, limit_price=67_700),
        held,
    )
    assert governor.settled(held, NOW, session), "an approved exit ends the refusal"
