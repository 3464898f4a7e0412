"""Services for one actor at a time with the broker session down (the gateway restarting).

The database is a migrated SQLite file; the clock is manual; nothing else of the tree runs,
so every peer lookup answers "down", as it does for a moment during any restart.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from actors.runtime.services import Services
from agent.broker.account import Balance, Deposit
from agent.broker.orders import FilledOrder, OpenOrder
from agent.clock import KST, ManualClock
from agent.settings import load_settings
from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import upgrade
from tests.support.actor_services import actor_services

MORNING = datetime(2026, 11, 24, 9, 10, tzinfo=KST)


@pytest.fixture
def offline_services(tmp_path: Path) -> Iterator[Services]:
    """Services whose broker session is down and whose peers are all down."""
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    engine = create_db_engine(f"sqlite:///{tmp_path / 'actor.db'}")
    upgrade(engine)
    clock = ManualClock(MORNING)
    yield actor_services(session_factory(engine), clock, settings=settings)
    engine.dispose()


class FakeSession:
    """A broker session with an empty account: the reads of the account and the router."""

    is_open = True

    def open_orders(self) -> list[OpenOrder]:
        return []

    def fills(self) -> list[FilledOrder]:
        return []

    def deposit(self) -> Deposit:
        cash = 10_000_000
        return Deposit(
            cash=cash, d1=cash, d2=cash, orderable=cash, withdrawable=cash, orderable_cash_only=cash
        )

    def balance(self) -> Balance:
        return Balance(
            total_purchase=0,
            total_eval=0,
            total_pnl=0,
            total_rate_bp=0,
            estimated_assets=10_000_000,
            holdings=(),
        )
