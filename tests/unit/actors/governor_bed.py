"""The risk governor's test bed: a trading day's morning, an Account double, real timers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pykka
from sqlalchemy.orm import Session, sessionmaker

from actors.account.messages import GetView
from actors.board import SnapshotBoard
from actors.runtime.services import Services
from actors.supervision import ThreadingScheduler
from agent.clock import KST, ManualClock
from agent.risk.account import AccountView, Position
from tests.support.actor_services import actor_services

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=KST)
"""A regular trading day in the continuous session."""


class FakeAccount(pykka.ThreadingActor):
    """The Account as the governor asks it: one position of the agent's."""

    def on_receive(self, message: Any) -> Any:
        assert isinstance(message, GetView)
        return AccountView(
            capital_won=100_000_000,
            cash_won=50_000_000,
            positions=(
                Position(code="005930", quantity=10, avg_price=70_000, current_price=71_000),
            ),
        )


def governor_services(sessions: sessionmaker[Session]) -> Services:
    return actor_services(
        sessions, ManualClock(NOW), scheduler=ThreadingScheduler(), board=SnapshotBoard()
    )
