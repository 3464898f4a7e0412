"""Checks against the broker before the agent starts: settings the account cannot honour."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from actors.gateway.session import BrokerSession
from agent.clock import KST, Clock
from agent.domain import OrderStatus, Side
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.token_cache import TokenCache
from agent.orders.lifecycle import TERMINAL
from agent.portfolio.capital import Funds, accountable_funds, cash_only, unfunded_capital
from agent.risk.account import pending_order
from agent.risk.limits import RiskLimits
from agent.settings import Settings, SettingsError
from agent.store.repositories import OrderRepository
from agent.store.repositories.lots import LotRepository
from agent.store.repositories.metrics import MetricsRepository

log = logging.getLogger(__name__)

SENT_AND_WORKING: frozenset[OrderStatus] = frozenset(OrderStatus) - TERMINAL - {OrderStatus.PENDING}
"""Orders that left the agent and are not finished: a buy among them holds cash at the broker
(one whose answer was lost, ``unknown``, most likely rests there too)."""


def check_capital(
    settings: Settings,
    limits: RiskLimits,
    sessions: sessionmaker[Session],
    client_config: ClientConfig,
    clock: Clock,
) -> None:
    """Read the account's deposit and check ``limits.capital_won`` (the capital in force, a
    change made while the agent was stopped included) with :func:`check_funded`.

    Raises :class:`SettingsError` (one line, naming the value and the funds) and writes nothing.
    """
    capital = limits.capital_won
    if capital is None:
        return
    session = BrokerSession(
        client_config,
        clock,
        realtime=False,
        token_cache=TokenCache(settings.data_path, client_config, clock),
    )
    session.open()
    try:
        deposit = session.deposit()
    finally:
        session.close()
    check_funded(
        capital,
        cash_only_won=cash_only(deposit),
        sessions=sessions,
        day=clock.now().astimezone(KST).date(),
        commission_bps=limits.commission_bps,
    )


def check_funded(
    capital_won: int,
    *,
    cash_only_won: int,
    sessions: sessionmaker[Session],
    day: date,
    commission_bps: Decimal | int,
) -> None:
    """Refuse a capital above what the account can fund, unless it was already in force today.

    The funds are :func:`agent.portfolio.capital.accountable_funds` of the 미수-free cash, the
    agent's lots at cost and the cash its working buys of ``day`` hold. At the day's first
    start (no capital recorded for ``day`` yet), and whenever the capital is above the one
    recorded for ``day`` (raised while the agent was stopped), the user must lower the setting:
    raise :class:`SettingsError`. A capital no higher than the one already in force today was
    funded this morning and is short only by the day's losses: refusing would leave the
    agent's open positions without their stops, so log a warning and start; the cash the
    governor sizes with is still the account's 미수-free cash, whatever the capital says.
    """
    funds = funds_on_record(
        cash_only_won, sessions=sessions, day=day, commission_bps=commission_bps
    )
    problem = unfunded_capital(capital_won, funds)
    if problem is None:
        return
    recorded = MetricsRepository(sessions).get(day)
    if recorded is None or recorded.capital is None or capital_won > recorded.capital:
        raise SettingsError(problem)
    log.warning(
        "risk.capital_won = %s is above the funds (%s), already in force today (%s): "
        "starting anyway, to keep the agent's positions under their stops",
        f"{capital_won:,}",
        funds.describe(),
        f"{recorded.capital:,}",
    )


def funds_on_record(
    cash_only_won: int,
    *,
    sessions: sessionmaker[Session],
    day: date,
    commission_bps: Decimal | int,
) -> Funds:
    """Return the funds the agent can account for: ``cash_only_won`` and, from the database,
    its lots at cost and the cash its sent, unfinished buys of ``day`` hold."""
    lots = LotRepository(sessions).book().open.values()
    working_buys = sum(
        pending_order(
            code=order.code,
            side=order.side,
            purpose=order.purpose,
            remaining=order.quantity - order.filled_quantity,
            price=order.price or order.signal_price or 0,
            commission_bps=commission_bps,
        ).reserved_won
        for order in OrderRepository(sessions).for_day(day, tuple(SENT_AND_WORKING))
        if order.side is Side.BUY
    )
    return accountable_funds(
        cash_only_won,
        lots_cost_won=sum(lot.cost_won for lot in lots),
        working_buys_won=working_buys,
    )
