"""The capital preflight: funds the agent can account for, and when a shortfall stops a start."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from agent.clock import KST
from agent.market.fees import KIWOOM_ONLINE_BPS
from agent.settings import SettingsError
from agent.store.models import OrderPurpose, OrderStatus, OrderType, Side
from agent.store.repositories import NewFill, NewOrder, OrderRepository
from agent.store.repositories.metrics import MetricsRepository
from stockagent.preflight import check_funded, funds_on_record

DAY = date(2026, 11, 24)
T0 = datetime(2026, 11, 24, 9, 5, tzinfo=KST)
CAPITAL = 10_000_000
RESTING = 3 * (996_500 + 149)
"""Three entries of 100 shares at 9,965 won resting at the broker, commission (1.5 bps) included."""


def _order(
    sessions: sessionmaker[Session],
    number: int,
    *,
    status: OrderStatus = OrderStatus.ACCEPTED,
    side: Side = Side.BUY,
    quantity: int = 100,
    price: int = 9_965,
    filled: int = 0,
    day: date = DAY,
) -> None:
    repo = OrderRepository(sessions)
    order, _ = repo.create(
        NewOrder(
            client_order_id=f"c-{number}",
            trade_date=day,
            code=f"{number:06d}",
            side=side,
            order_type=OrderType.LIMIT,
            purpose=OrderPurpose.ENTRY if side is Side.BUY else OrderPurpose.STOP_LOSS,
            quantity=quantity,
            price=price,
        ),
        T0,
    )
    if status is OrderStatus.PENDING:
        return
    repo.transition(order.id, OrderStatus.SENT, T0)
    if status is OrderStatus.SENT:
        return
    repo.transition(order.id, OrderStatus.ACCEPTED, T0, broker_order_no=f"b-{number}")
    if filled:
        repo.record_fill(
            order.id,
            NewFill(
                broker_fill_no=f"f-{number}",
                quantity=filled,
                price=price,
                commission=0,
                tax=0,
                filled_at=T0 + timedelta(seconds=1),
            ),
        )
    if status is OrderStatus.CANCELLED:
        repo.transition(order.id, OrderStatus.CANCELLED, T0 + timedelta(seconds=2))


def _check(sessions: sessionmaker[Session], cash_only_won: int) -> None:
    check_funded(
        CAPITAL,
        cash_only_won=cash_only_won,
        sessions=sessions,
        day=DAY,
        commission_bps=KIWOOM_ONLINE_BPS,
    )


def test_a_restart_with_entries_resting_counts_the_cash_they_hold_and_starts(
    sessions: sessionmaker[Session],
) -> None:
    for number in (1, 2, 3):
        _order(sessions, number)

    _check(sessions, cash_only_won=CAPITAL - RESTING)  # does not raise

    funds = funds_on_record(
        CAPITAL - RESTING, sessions=sessions, day=DAY, commission_bps=KIWOOM_ONLINE_BPS
    )
    assert (funds.working_buys_won, funds.total_won) == (RESTING, CAPITAL)


def test_only_the_agents_sent_unfinished_buys_of_the_day_hold_cash(
    sessions: sessionmaker[Session],
) -> None:
    _order(sessions, 1, status=OrderStatus.SENT, price=10_000)  # 1,000,000 + 150
    _order(sessions, 2, status=OrderStatus.PENDING)  # not sent: holds nothing yet
    _order(sessions, 3, status=OrderStatus.CANCELLED)
    _order(sessions, 4, side=Side.SELL)
    _order(sessions, 5, day=DAY - timedelta(days=1))

    funds = funds_on_record(0, sessions=sessions, day=DAY, commission_bps=KIWOOM_ONLINE_BPS)

    assert funds.working_buys_won == 1_000_150


def test_a_partly_filled_buy_holds_cash_for_its_unfilled_shares_and_its_fill_is_a_lot(
    sessions: sessionmaker[Session],
) -> None:
    _order(sessions, 1, quantity=100, price=10_000, filled=40)

    funds = funds_on_record(0, sessions=sessions, day=DAY, commission_bps=KIWOOM_ONLINE_BPS)

    assert (funds.lots_cost_won, funds.working_buys_won) == (400_000, 600_090)


def test_the_days_first_start_refuses_a_capital_above_the_funds_naming_both(
    sessions: sessionmaker[Session],
) -> None:
    MetricsRepository(sessions).start_day(DAY, 9_500_000, T0)  # a row, but no capital yet

    with pytest.raises(SettingsError) as refused:
        _check(sessions, cash_only_won=9_500_000)

    assert "risk.capital_won = 10,000,000" in str(refused.value)
    assert "(9,500,000 won:" in str(refused.value)


def test_a_capital_recorded_on_another_day_does_not_make_a_later_start(
    sessions: sessionmaker[Session],
) -> None:
    MetricsRepository(sessions).day_capital(DAY - timedelta(days=1), CAPITAL, T0, configured=True)

    with pytest.raises(SettingsError):
        _check(sessions, cash_only_won=9_500_000)


def test_a_later_start_the_same_day_after_losses_warns_and_starts(
    sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    MetricsRepository(sessions).day_capital(DAY, CAPITAL, T0, configured=True)

    with caplog.at_level(logging.WARNING, logger="stockagent.preflight"):
        _check(sessions, cash_only_won=9_500_000)  # does not raise

    assert [r.levelno for r in caplog.records if r.name == "stockagent.preflight"] == [
        logging.WARNING
    ]


def test_a_capital_raised_above_the_one_in_force_today_is_refused_at_a_later_start(
    sessions: sessionmaker[Session],
) -> None:
    MetricsRepository(sessions).day_capital(DAY, CAPITAL - 1_000_000, T0, configured=True)

    with pytest.raises(SettingsError, match=r"risk\.capital_won = 10,000,000"):
        _check(sessions, cash_only_won=9_500_000)
