"""Checks against the broker before the agent starts: settings the account cannot honour."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from actors.gateway.session import BrokerSession
from agent.clock import Clock
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.token_cache import TokenCache
from agent.portfolio.capital import default_capital
from agent.settings import Settings, SettingsError
from agent.store.repositories.lots import LotRepository


def check_capital(
    settings: Settings,
    sessions: sessionmaker[Session],
    client_config: ClientConfig,
    clock: Clock,
) -> None:
    """Refuse to start when ``risk.capital_won`` exceeds what the account can fund without
    미수 or credit: its 미수-free orderable cash plus the agent's own positions at cost.

    Raises :class:`SettingsError` (one line, naming the value) and writes nothing.
    """
    capital = settings.risk.capital_won
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
    lots = LotRepository(sessions).book().open.values()
    cash = max(min(deposit.orderable_cash_only, deposit.orderable), 0)
    funds = default_capital(cash, lots)
    if capital > funds:
        raise SettingsError(
            f"invalid setting risk.capital_won = {capital:,}: above what the account can fund "
            f"without 미수 or credit ({funds:,} won: orderable cash {cash:,} plus the agent's "
            f"positions at cost {funds - cash:,})"
        )
