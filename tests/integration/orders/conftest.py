"""OrderService with the real Kiwoom client (through BrokerSession) against the real simulator.

The judge of "sent twice" is the simulator's own order book (its exchange's orders); the judge
of "lost fill" is that the fills the database recorded for each order add up to the quantity
the broker says it executed (ka10076), after reconciliation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from queue import SimpleQueue
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors.gateway.session import BrokerSession
from agent.broker.events import OrderExecution
from agent.clock import KST, ManualClock
from agent.domain import Approved, Intent, OrderPurpose, OrderType, Side
from agent.journal import OrderAnswer
from agent.kiwoom import ClientConfig
from agent.kiwoom.config import RateProfile as ClientRate
from agent.kiwoom.realtime.events import RealtimeEvent
from agent.orders.reports import ExecutionReport
from agent.orders.service import OrderService
from agent.secret import Secret
from agent.store.repositories import OrderRepository
from krxsim import RateProfile, RunningSimulator, SimulatorConfig

DAY = date(2026, 11, 24)
OPEN = datetime(2026, 11, 24, 9, 30, tzinfo=KST)
GRACE = timedelta(seconds=10)


def sim_config(**overrides: Any) -> SimulatorConfig:
    base: dict[str, Any] = {
        "trading_date": DAY,
        "rate_profile": RateProfile.OFF,
        "listed_codes": 300,
        "app_key": "router-key",
        "app_secret": "router-secret",
        "ws_ping_seconds": 0.2,
        "ws_push_seconds": 0.02,
        "market_tick_seconds": 0.01,
    }
    base.update(overrides)
    return SimulatorConfig(**base)


def client_config(sim: RunningSimulator, **overrides: Any) -> ClientConfig:
    base: dict[str, Any] = {
        "appkey": Secret("router-key"),
        "secretkey": Secret("router-secret"),
        "base_url": sim.base_url,
        "ws_url": sim.ws_url,
        "rate": ClientRate(per_api_id=10_000, margin=0.0),
        "read_timeout": 0.5,
        "connect_timeout": 0.5,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "ws_backoff_max": 0.1,
    }
    base.update(overrides)
    return ClientConfig(**base)


def approved(code: str, qty: int, price: int | None = None, side: Side = Side.BUY) -> Approved:
    intent = Intent(
        code=code,
        side=side,
        purpose=OrderPurpose.ENTRY,
        reference_price=price or 10_000,
        at=OPEN,
        strategy_tag="fault_tests",
        reasons=("TEST",),
    )
    order_type = OrderType.MARKET if price is None else OrderType.LIMIT
    return Approved(intent=intent, quantity=qty, order_type=order_type, limit_price=price)


class Desk:
    """The pieces of one test: simulator, clock, broker session, repository, order service."""

    def __init__(
        self,
        sim: RunningSimulator,
        clock: ManualClock,
        session: BrokerSession,
        repo: OrderRepository,
    ) -> None:
        self.sim = sim
        self.clock = clock
        self.session = session
        self.repo = repo
        self.answers: list[OrderAnswer] = []
        """What the broker answered each send, as the journal records it."""
        self.service = OrderService(
            repo, session, clock, unknown_grace=GRACE, on_answer=self.answers.append
        )
        self.pushed: SimpleQueue[RealtimeEvent] = SimpleQueue()
        self.seen: list[RealtimeEvent] = []

    def broker_orders(self, code: str | None = None) -> list[Any]:
        """Every new order the simulated exchange ever accepted (modifies/cancels excluded)."""
        orders = self.sim.runtime.venue.exchange.orders.values()
        return [o for o in orders if not o.action and (code is None or o.code == code)]

    def executed(self) -> dict[str, int]:
        """The broker's executed quantity per order number (ka10076)."""
        return {f.order_no: f.fill_qty for f in self.session.fills()}

    def recorded(self) -> dict[str, int]:
        """The database's filled quantity per broker order number."""
        return {
            o.broker_order_no: self.repo.fill_totals(o.id)[0]
            for o in self.repo.for_day(DAY)
            if o.broker_order_no
        }

    def apply_pushes(self) -> int:
        """Feed every 00 push received so far to the service, as the router does."""
        applied = 0
        while not self.pushed.empty():
            event = self.pushed.get()
            self.seen.append(event)
            if isinstance(event, OrderExecution) and event.fill_qty > 0:
                report = ExecutionReport(
                    order_no=event.order_no,
                    cum_qty=event.fill_qty,
                    cum_amount=event.filled_amount or None,
                    last_price=event.unit_fill_price or event.fill_price,
                    at=event.time or self.clock.now(),
                )
                applied += self.service.apply_report(report)
        return applied


@contextmanager
def open_desk(
    sessions: sessionmaker[Session],
    *,
    realtime: bool = False,
    sim_overrides: dict[str, Any] | None = None,
    client_overrides: dict[str, Any] | None = None,
) -> Iterator[Desk]:
    clock = ManualClock(OPEN)
    with RunningSimulator(sim_config(**(sim_overrides or {})), clock=clock) as sim:
        session = BrokerSession(
            client_config(sim, **(client_overrides or {})),
            clock,
            call_timeout=10,
            realtime=realtime,
        )
        desk = Desk(sim, clock, session, OrderRepository(sessions))
        session.open(desk.pushed.put if realtime else None)
        if realtime:
            session.subscribe([], ["00"])
        try:
            yield desk
        finally:
            session.close()


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> Iterator[Desk]:
    with open_desk(sessions) as opened:
        yield opened
