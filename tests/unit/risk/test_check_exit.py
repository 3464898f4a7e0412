"""Exits: they pass every brake, are refused only when impossible, and never oversell."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from agent.domain.enums import OrderPurpose, OrderType, Side
from agent.domain.intents import Approved, Decision, Intent, Rejected
from agent.market.sessions import Phase
from agent.risk.account import AccountView
from agent.risk.check import check_intent
from agent.risk.exits import liquidation_intents
from agent.risk.limits import OrderTerms, RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.order_terms import STOP_LIMIT_TRIES
from agent.risk.state import GovernorState
from tests.unit.risk.builders import (
    CODE,
    NOW,
    account,
    at,
    exit_,
    limits,
    market,
    pending_entry,
    pending_exit,
    position,
)

HELD = account(positions=(position(quantity=100, avg=72_000, current=70_000),))


def decide(
    intent: Intent | None = None,
    lim: RiskLimits | None = None,
    acct: AccountView = HELD,
    mkt: MarketView | None = None,
    state: GovernorState = GovernorState.ACTIVE,
    now: datetime = NOW,
) -> Decision:
    return check_intent(intent or exit_(), lim or limits(), acct, mkt or market(), state, now)


def approved(decision: Decision) -> Approved:
    assert isinstance(decision, Approved), decision
    return decision


def rejected_for(decision: Decision) -> set[str]:
    assert isinstance(decision, Rejected), decision
    return set(decision.reasons)


def test_a_stop_loss_exit_sells_the_whole_position_at_a_marketable_limit_by_default() -> None:
    result = approved(decide())

    assert result.quantity == 100
    assert result.order_type is OrderType.LIMIT
    assert result.limit_price == 69_700  # three ticks through the 70,000 reference
    assert "THROUGH_THE_PRICE" in result.reasons


@pytest.mark.parametrize(
    ("stop_order", "order_type"), [("market", OrderType.MARKET), ("best", OrderType.BEST)]
)
def test_a_stop_loss_sells_as_configured(stop_order: str, order_type: OrderType) -> None:
    lim = limits(terms=OrderTerms(stop_order=stop_order))  # type: ignore[arg-type]

    result = approved(decide(lim=lim))

    assert (result.order_type, result.limit_price) == (order_type, None)


@pytest.mark.parametrize(("attempt", "limit_price"), [(0, 69_700), (1, 69_400), (2, 69_100)])
def test_a_stop_re_issued_after_an_unfilled_limit_goes_further_through_the_price(
    attempt: int, limit_price: int
) -> None:
    result = approved(decide(exit_(attempt=attempt)))

    assert (result.order_type, result.limit_price) == (OrderType.LIMIT, limit_price)


def test_a_stop_whose_limits_kept_missing_takes_the_best_bid() -> None:
    result = approved(decide(exit_(attempt=STOP_LIMIT_TRIES)))

    assert (result.order_type, result.limit_price) == (OrderType.BEST, None)


def test_a_stop_in_a_vi_auction_falls_back_to_a_limit_at_the_lower_limit() -> None:
    mkt = market(vi_active=True)
    lim = limits(terms=OrderTerms(stop_order="best"))

    result = approved(decide(lim=lim, mkt=mkt))

    assert (result.order_type, result.limit_price) == (OrderType.LIMIT, mkt.lower_limit)


def test_a_stop_never_prices_below_the_lower_limit() -> None:
    mkt = market(last=47_650, base=68_000)  # the lower limit for a 68,000 base is 47,600

    result = approved(decide(exit_(ref=47_650), mkt=mkt))

    assert result.limit_price == mkt.lower_limit


def test_a_sell_the_broker_will_not_take_is_refused_as_not_sellable() -> None:
    acct = account(positions=(position(quantity=100, sellable=0),))

    assert rejected_for(decide(acct=acct)) == {"NOT_SELLABLE"}


def test_an_exit_sells_no_more_than_the_brokers_sellable_quantity() -> None:
    acct = account(positions=(position(quantity=100, sellable=30),))

    result = approved(decide(exit_(quantity=100), acct=acct))

    assert result.quantity == 30


def test_only_a_liquidation_of_everything_sells_the_users_shares() -> None:
    theirs = position(quantity=50, sellable=50)
    acct = account(positions=(position(quantity=10),), external=(theirs,))

    agent_only = approved(decide(exit_(purpose=OrderPurpose.LIQUIDATION), acct=acct))
    everything = approved(
        decide(exit_(purpose=OrderPurpose.LIQUIDATION, include_user_shares=True), acct=acct)
    )

    assert (agent_only.quantity, everything.quantity) == (10, 60)


def test_an_exit_never_sells_more_than_held_minus_pending_exits() -> None:
    acct = account(
        positions=(position(quantity=100),),
        pending=(pending_exit(CODE, 60), pending_entry(CODE, 5, 350_000)),
    )

    result = approved(decide(exit_(quantity=100), acct=acct))

    assert result.quantity == 40
    assert "CLIPPED_TO_AVAILABLE" in result.reasons


def test_an_exit_for_fewer_shares_than_available_sells_just_those() -> None:
    result = approved(decide(exit_(purpose=OrderPurpose.MANUAL, quantity=30)))

    assert result.quantity == 30
    assert result.reasons == ()


def test_an_exit_is_refused_when_pending_exits_already_sell_everything() -> None:
    acct = account(
        positions=(position(quantity=100),),
        pending=(pending_exit(CODE, 70), pending_exit(CODE, 30)),
    )

    assert rejected_for(decide(acct=acct)) == {"EXIT_ALREADY_PENDING"}


def test_an_exit_is_refused_without_a_position() -> None:
    other = account(positions=(position(code="000660"), position(quantity=0)))

    assert rejected_for(decide(acct=other)) == {"NO_POSITION"}


@pytest.mark.parametrize("state", list(GovernorState))
@pytest.mark.parametrize("purpose", [p for p in OrderPurpose if p is not OrderPurpose.ENTRY])
def test_exits_pass_the_kill_switch_and_the_loss_limit(
    state: GovernorState, purpose: OrderPurpose
) -> None:
    losing = account(
        positions=(position(quantity=100, avg=72_000),),
        realised_pnl_today_won=-900_000,
    )

    result = approved(decide(exit_(purpose=purpose), acct=losing, state=state))

    assert result.quantity == 100


def test_exits_pass_the_entry_window_and_the_strategy_switch() -> None:
    off = limits(entries_enabled=False, disabled_strategies=frozenset({"orb"}))

    approved(decide(lim=off, now=at(14, 0)))


@pytest.mark.parametrize(
    "phase", [Phase.CLOSED, Phase.PRE_OPEN, Phase.POST_CLOSE, Phase.AFTER_HOURS]
)
def test_an_exit_is_refused_when_no_session_takes_the_order(phase: Phase) -> None:
    assert rejected_for(decide(mkt=market(phase=phase))) == {"MARKET_CLOSED"}


def test_an_exit_is_refused_in_a_halted_stock() -> None:
    assert rejected_for(decide(mkt=market(halted=True))) == {"HALTED"}


@pytest.mark.parametrize("phase", [Phase.OPENING_AUCTION, Phase.CLOSING_AUCTION])
def test_a_stop_loss_is_a_market_order_in_a_single_price_auction(phase: Phase) -> None:
    # The uncross fills market orders first; a limit below the last price might miss it.
    assert approved(decide(mkt=market(phase=phase))).order_type is OrderType.MARKET


@pytest.mark.parametrize(
    "purpose", [OrderPurpose.STOP_LOSS, OrderPurpose.LIQUIDATION, OrderPurpose.MANUAL]
)
def test_during_a_vi_getting_out_is_a_marketable_limit_at_the_lower_limit(
    purpose: OrderPurpose,
) -> None:
    mkt = market(vi_active=True)

    result = approved(decide(exit_(purpose=purpose), mkt=mkt))

    assert result.order_type is OrderType.LIMIT
    assert result.limit_price == mkt.lower_limit
    assert "MARKETABLE_LIMIT" in result.reasons


def test_an_eod_exit_is_a_limit_one_tick_below_the_reference_by_default() -> None:
    result = approved(decide(exit_(purpose=OrderPurpose.EOD_EXIT, ref=70_050)))

    assert result.order_type is OrderType.LIMIT
    assert result.limit_price == 70_000  # 70,050 rounded up to 70,100, then one tick down


def test_an_eod_exit_is_a_market_order_when_the_policy_says_so() -> None:
    lim = limits(terms=OrderTerms(eod_order_type=OrderType.MARKET))

    result = approved(decide(exit_(purpose=OrderPurpose.EOD_EXIT), lim=lim))

    assert result.order_type is OrderType.MARKET


def test_a_take_profit_sells_no_lower_than_the_reference_rounded_up() -> None:
    result = approved(decide(exit_(purpose=OrderPurpose.TAKE_PROFIT, ref=70_010)))

    assert result.limit_price == 70_100


def test_a_limit_exit_below_the_lower_limit_is_raised_to_it() -> None:
    mkt = market(last=47_600)

    result = approved(decide(exit_(purpose=OrderPurpose.EOD_EXIT, ref=47_600), mkt=mkt))

    assert result.limit_price == 47_600
    assert "CLIPPED_TO_LOWER_LIMIT" in result.reasons


def test_an_exit_that_buys_is_invalid() -> None:
    buy = Intent(
        code=CODE,
        side=Side.BUY,
        purpose=OrderPurpose.STOP_LOSS,
        reference_price=70_000,
        at=NOW,
        strategy_tag="orb",
    )

    assert rejected_for(decide(buy)) == {"INVALID_INTENT"}


def test_an_emergency_liquidation_under_the_kill_switch_sells_what_is_not_already_selling() -> None:
    acct = account(
        positions=(position(quantity=100), position(code="000660", quantity=7, current=200_000)),
        pending=(pending_exit(CODE, 25),),
    )
    intents = liquidation_intents(acct.positions, NOW, "OPERATOR_LIQUIDATE")
    views = {CODE: market(), "000660": market(code="000660", last=200_000, base=200_000)}

    results = [
        approved(check_intent(i, limits(), acct, views[i.code], GovernorState.HALTED, NOW))
        for i in intents
    ]

    assert [(r.intent.code, r.quantity, r.order_type) for r in results] == [
        (CODE, 75, OrderType.MARKET),
        ("000660", 7, OrderType.MARKET),
    ]


def test_an_old_exit_intent_still_goes_out() -> None:
    approved(decide(now=NOW + timedelta(minutes=5)))
