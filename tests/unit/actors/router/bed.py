"""The order router's test bed: the gateway's session as a fake broker, an Account double."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import pykka
from msgspec import Struct

from actors.account.messages import Refresh
from actors.messages import Wanted, answer
from actors.risk.messages import GovernorBrakes
from actors.router.actor import OrderRouter
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed
from agent.clock import KST
from tests.unit.orders.fake_broker import FakeBroker

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=KST)


@dataclass
class SharedSession(FakeBroker):
    """The unit fake broker (the user's rows beside the agent's) as the gateway's session."""

    is_open: bool = True


class Count(Struct, frozen=True):
    """Ask the account double how many Refreshes it was told."""


class AccountDouble(pykka.ThreadingActor):
    """Stands in for the Account: counts the Refreshes it is told."""

    def __init__(self) -> None:
        super().__init__()
        self.refreshes = 0

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, Count):
            return self.refreshes
        if isinstance(message, Refresh):
            self.refreshes += 1
        return None


class GovernorDouble(pykka.ThreadingActor):
    """Stands in for the governor: answers the router's ask for its brakes at its start."""

    def __init__(self, brakes: GovernorBrakes) -> None:
        super().__init__()
        self.brakes = brakes

    def on_receive(self, message: Any) -> Any:
        return answer(message, self.brakes) if isinstance(message, Wanted) else None


def refreshes(account: pykka.ActorRef[Any]) -> int:
    """Return the Refreshes told so far (the router's tells are queued before this ask)."""
    return cast(int, account.ask(Count(), timeout=5))


def start_router(services: Services) -> pykka.ActorRef[Any]:
    """Start the router; returns once its ``on_start`` (a reconcile) has run. The day's close
    is the barrier: a reconcile without the chase, so a test sees what the start alone did."""
    ref = OrderRouter.start(None, services)
    now = services.clock.now()
    ref.ask(DayClosed(trading_date=now.astimezone(KST).date(), at=now), timeout=5)
    return ref
