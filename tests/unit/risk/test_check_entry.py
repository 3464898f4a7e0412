"""Entries: every limit, tried and shown to hold (ARCHITECTURE.md §4, RiskGovernor)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from agent.domain.enums import OrderType, Side
from agent.domain.intents import Approved, Decision, Intent, Rejected
from agent.market.sessions import Phase
from agent.market.tick_size import is_on_tick
from agent.risk.account import AccountView
from agent.risk.check import check_intent
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.state import GovernorState
from tests.unit.risk.builders import (
    CODE,
    NOW,
    account,
    at,
    entry,
    limits,
    market,
    pending_entry,
    pending_exit,
    position,
)

ACTIVE = GovernorState.ACTIVE


def decide(
    intent: Intent | None = None,
    lim: RiskLimits | None = None,
    acct: AccountView | None = None,
    mkt: MarketView | None = None,
    state: GovernorState = ACTIVE,
    now: datetime = NOW,
) -> Decision:
    return check_intent(
        intent or entry(at=now), lim or limits(), acct or account(), mkt or market(), state, now
    )


def approved(decision: Decision) -> Approved:
    assert isinstance(decision, Approved), decision
    return decision


def rejected_for(decision: Decision) -> set[str]:
    assert isinstance(decision, Rejected), decision
    return set(decision.reasons)


def test_risk_approves_an_entry_as_a_limit_two_ticks_above_the_signal_sized_to_the_weight() -> None:
    result = approved(decide(entry(ref=70_000)))

    assert result.order_type is OrderType.LIMIT
    assert result.limit_price == 70_200
    assert result.quantity == 14  # 1,000,000 // 70,200
    assert result.reasons == ("SIZED_BY_WEIGHT",)


def test_risk_counts_the_offset_from_the_signal_rounded_down_to_the_grid() -> None:
    assert approved(decide(entry(ref=70_050))).limit_price == 70_200


def test_risk_rejects_entry_over_max_weight_when_one_share_is_worth_more_than_the_cap() -> None:
    mkt = market(last=1_200_000, base=1_200_000)

    assert rejected_for(decide(entry(ref=1_200_000), mkt=mkt)) == {"MAX_WEIGHT"}


def test_risk_counts_existing_holdings_toward_the_weight() -> None:
    held = account(positions=(position(quantity=10, avg=65_000, current=70_000),))

    result = approved(decide(lim=limits(allow_scale_in=True), acct=held))

    assert result.quantity == 4  # (1,000,000 - 700,000) // 70,200


def test_risk_rejects_entry_over_max_weight_when_holdings_already_fill_the_cap() -> None:
    held = account(positions=(position(quantity=14, current=70_000),))

    decision = decide(lim=limits(allow_scale_in=True), acct=held)

    assert rejected_for(decision) == {"MAX_WEIGHT"}


def test_risk_counts_pending_entries_of_another_strategy_toward_the_weight() -> None:
    acct = account(pending=(pending_entry(CODE, 8, 561_684, tag="vwap"),))

    result = approved(decide(lim=limits(allow_scale_in=True), acct=acct))

    assert result.quantity == 6  # (1,000,000 - 561,684) // 70,200


def test_risk_rejects_an_entry_it_cannot_pay_one_share_for() -> None:
    assert rejected_for(decide(acct=account(cash_won=70_209))) == {"INSUFFICIENT_CASH"}
    assert approved(decide(acct=account(cash_won=70_210))).quantity == 1


def test_risk_rejects_entries_at_the_daily_loss_limit_before_the_state_moves() -> None:
    at_limit = account(realised_pnl_today_won=-150_000, open_pnl_won=-50_000)
    just_above = account(realised_pnl_today_won=-150_000, open_pnl_won=-49_999)

    assert rejected_for(decide(acct=at_limit)) == {"DAILY_LOSS_LIMIT"}
    approved(decide(acct=just_above))


@pytest.mark.parametrize(
    ("state", "reasons"),
    [
        (GovernorState.REDUCING, {"DAILY_LOSS_LIMIT"}),
        (GovernorState.HALTED, {"KILL_SWITCH"}),
        (GovernorState.HALTED_REDUCING, {"KILL_SWITCH", "DAILY_LOSS_LIMIT"}),
    ],
)
def test_risk_rejects_every_entry_unless_active(state: GovernorState, reasons: set[str]) -> None:
    assert rejected_for(decide(state=state)) == reasons


def test_risk_counts_pending_entries_toward_max_positions() -> None:
    acct = account(
        positions=(position(code="000660"), position(code="035420")),
        pending=(pending_entry("051910", 3, 300_000),),
    )

    assert rejected_for(decide(acct=acct)) == {"MAX_POSITIONS"}


def test_risk_allows_a_new_code_while_a_position_slot_is_free() -> None:
    acct = account(positions=(position(code="000660"), position(code="035420")))

    approved(decide(acct=acct))


def test_risk_does_not_count_pending_exits_or_empty_positions_as_slots() -> None:
    acct = account(
        positions=(position(code="000660"), position(code="035420"), position("051910", 0)),
        pending=(pending_exit("000660", 10),),
    )

    approved(decide(acct=acct))


def test_risk_rejects_entries_during_a_vi() -> None:
    assert rejected_for(decide(mkt=market(vi_active=True))) == {"VI_ACTIVE"}


def test_risk_rejects_entries_in_a_halted_stock() -> None:
    assert rejected_for(decide(mkt=market(halted=True))) == {"HALTED"}


@pytest.mark.parametrize(
    ("when", "phase", "reason"),
    [
        (at(8, 0), Phase.PRE_OPEN, "MARKET_CLOSED"),
        (at(8, 59, 59), Phase.OPENING_AUCTION, "OUT_OF_WINDOW"),
        (at(10, 0), Phase.CONTINUOUS, "OUT_OF_WINDOW"),
        (at(15, 25), Phase.CLOSING_AUCTION, "OUT_OF_WINDOW"),
        (at(16, 30), Phase.AFTER_HOURS, "OUT_OF_WINDOW"),
        (at(20, 0), Phase.CLOSED, "MARKET_CLOSED"),
    ],
)
def test_risk_rejects_entries_outside_the_window_or_the_continuous_session(
    when: datetime, phase: Phase, reason: str
) -> None:
    assert rejected_for(decide(mkt=market(phase=phase), now=when)) == {reason}


def test_risk_takes_entries_from_the_first_to_the_last_second_of_the_window() -> None:
    approved(decide(now=at(9, 0)))
    approved(decide(now=at(9, 59, 59)))


def test_risk_refuses_entries_after_the_eod_exit_starts_even_in_a_wide_window() -> None:
    wide = limits(entry_window=(time(9), time(15, 20)))

    approved(decide(lim=wide, now=at(15, 9, 59)))
    assert rejected_for(decide(lim=wide, now=at(15, 10))) == {"OUT_OF_WINDOW"}
    approved(
        decide(lim=limits(entry_window=(time(9), time(15, 20)), eod_exit="hold"), now=at(15, 10))
    )


def test_an_eod_lead_longer_than_the_morning_blocks_every_entry_without_failing() -> None:
    early = limits(eod_exit_lead=timedelta(hours=16))

    assert rejected_for(decide(lim=early)) == {"OUT_OF_WINDOW"}


def test_risk_rejects_an_entry_when_the_stock_trades_at_its_upper_limit() -> None:
    mkt = market(last=88_400)

    assert rejected_for(decide(entry(ref=88_300), mkt=mkt)) == {"PRICE_LIMIT"}
    assert rejected_for(decide(entry(ref=88_400))) == {"PRICE_LIMIT"}


def test_risk_clips_an_entry_near_the_upper_limit_to_the_limit() -> None:
    result = approved(decide(entry(ref=88_300), mkt=market(last=88_300)))

    assert result.limit_price == 88_400
    assert "CLIPPED_TO_UPPER_LIMIT" in result.reasons


def test_risk_rejects_a_second_entry_while_the_first_is_pending() -> None:
    acct = account(pending=(pending_entry(CODE, 14, 982_947),))

    assert "DUPLICATE_ENTRY" in rejected_for(decide(acct=acct))
    assert "DUPLICATE_ENTRY" in rejected_for(decide(lim=limits(allow_scale_in=True), acct=acct))


def test_risk_rejects_an_entry_in_a_code_already_held_unless_scaling_in_is_allowed() -> None:
    acct = account(positions=(position(quantity=1),))

    assert rejected_for(decide(acct=acct)) == {"DUPLICATE_ENTRY"}
    approved(decide(lim=limits(allow_scale_in=True), acct=acct))


def test_risk_rejects_entries_of_a_disabled_strategy() -> None:
    assert rejected_for(decide(lim=limits(entries_enabled=False))) == {"STRATEGY_DISABLED"}
    off = limits(disabled_strategies=frozenset({"orb"}))
    assert rejected_for(decide(lim=off)) == {"STRATEGY_DISABLED"}
    approved(decide(entry(strategy_tag="vwap"), lim=off))


def test_risk_reports_every_broken_rule_at_once() -> None:
    mkt = market(vi_active=True, halted=True)

    decision = decide(mkt=mkt, state=GovernorState.HALTED, now=at(11, 0))

    assert rejected_for(decision) == {"KILL_SWITCH", "HALTED", "VI_ACTIVE", "OUT_OF_WINDOW"}


def test_risk_sizes_no_more_than_an_entry_asks_for() -> None:
    result = approved(decide(entry(quantity=3)))

    assert result.quantity == 3
    assert result.reasons == ("SIZED_BY_REQUEST",)


@pytest.mark.parametrize(
    "intent",
    [
        Intent(
            code=CODE,
            side=Side.SELL,
            purpose=entry().purpose,
            reference_price=70_000,
            at=NOW,
            strategy_tag="orb",
        ),
        entry(code="000660"),
        entry(ref=0),
        entry(quantity=0),
    ],
)
def test_risk_rejects_a_malformed_entry_as_invalid(intent: Intent) -> None:
    assert rejected_for(decide(intent)) == {"INVALID_INTENT"}


def test_risk_refuses_to_decide_on_a_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(now=NOW.replace(tzinfo=None))


def test_an_approved_entry_price_is_on_the_grid_and_within_the_limits() -> None:
    result = approved(decide(entry(ref=4_990), mkt=market(last=4_990, base=4_900)))

    assert result.limit_price == 5_000  # two 5-won ticks: 4,995 then 5,000
    assert result.limit_price is not None
    assert is_on_tick(result.limit_price)


@pytest.mark.parametrize(
    "mkt",
    [market(last=0), market(lower_limit=0), market(lower_limit=90_000, upper_limit=80_000)],
)
def test_risk_refuses_to_size_without_a_price_or_daily_limits(mkt: MarketView) -> None:
    held = account(positions=(position(quantity=14),))

    assert rejected_for(decide(lim=limits(allow_scale_in=True), acct=held, mkt=mkt)) == {
        "NO_MARKET_DATA"
    }


def test_risk_refuses_an_entry_signal_that_waited_too_long() -> None:
    signal = entry(at=NOW)

    assert approved(decide(signal, now=NOW + timedelta(seconds=15)))
    assert rejected_for(decide(signal, now=NOW + timedelta(seconds=16))) == {"STALE_INTENT"}
