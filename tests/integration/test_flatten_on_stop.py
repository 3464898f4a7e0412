"""A graceful stop set to flatten sells the agent's positions first, and only those.

The account also holds the user's long-term shares. With ``[shutdown] positions = "flatten"``
the stop refuses new entries, sells every lot the agent bought itself at market (pulling its
backstop at the broker first), waits until the account shows none, and stops; the user's
shares are still there, and no kill switch is left behind for the next start (a stop is not an
emergency).
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.account.messages import AccountSnapshot
from agent.domain import OrderPurpose, OrderStatus
from agent.store.models import EventKind, Order, SystemEvent
from krxsim.config import StartingHolding
from tests.support.simulated import simulated_agent
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live_day

USERS = StartingHolding(code="005930", qty=100, avg_price=60_000)
LOOSE = {
    "STOCKAGENT_STRATEGY_REQUIRE_NEWS": "false",
    "STOCKAGENT_STRATEGY_REQUIRE_BREAKOUT": "false",
    "STOCKAGENT_STRATEGY_MIN_VOLUME_RATIO": "0.5",
    "STOCKAGENT_STRATEGY_MIN_CHANGE_PCT": "0.5",
}


def managed(snapshot: object) -> list[str]:
    if not isinstance(snapshot, AccountSnapshot):
        return []
    return [p.code for p in snapshot.positions if p.managed and p.quantity > 0]


def backstop_working(sessions: sessionmaker[Session]) -> bool:
    """A backstop holds the position's shares: the sale has to pull it first."""
    with sessions() as session:
        query = select(Order).where(
            Order.purpose == OrderPurpose.BACKSTOP, Order.status == OrderStatus.ACCEPTED
        )
        return session.scalar(query) is not None


def test_a_stop_set_to_flatten_sells_the_agents_lots_and_keeps_the_users(tmp_path: Path) -> None:
    with simulated_agent(
        tmp_path,
        speed=20,
        start=time(8, 58),
        environ=LOOSE,
        simulator={"holdings": (USERS,)},
    ) as run:
        agent = run.agent
        agent.start()
        wait_until(
            lambda: (
                managed(getattr(agent.board.snapshot(ids.ACCOUNT), "data", None))
                and backstop_working(agent.services.sessions)
            ),
            timeout=120,
            interval=0.1,
            message="for the agent to hold a position of its own, its backstop at the broker",
        )
        assert agent.shutdown(flatten=True, timeout_s=60) == []
        left = agent.drained
        assert left is not None
        assert left.clean, left
        assert left.positions == []
        assert not agent.running()
        venue = run.simulator.runtime.venue
        holdings = {h.code: h.qty for h in list(venue.account.holdings.values()) if h.qty}
        with agent.services.sessions() as session:
            kinds = [e.kind for e in session.scalars(select(SystemEvent))]
            sales = session.scalars(
                select(SystemEvent).where(SystemEvent.kind == EventKind.EMERGENCY_LIQUIDATION)
            ).all()
    assert holdings == {"005930": 100}, "the user's shares stay; the agent's are sold"
    assert EventKind.KILL_SWITCH_ENGAGED not in kinds
    assert sales, "the stop asked for the sale"
    assert {(s.detail["by"], s.detail["scope"]) for s in sales} == {("shutdown", "agent")}
