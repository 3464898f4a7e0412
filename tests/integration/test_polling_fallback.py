"""No realtime feed: market data from polled quotes keeps the StockActors' picture moving.

With ``kiwoom.realtime = false`` the agent never opens the WebSocket; the Gateway polls the
watched codes' quotes (ka10095) over real HTTP against the simulator and routes the prints they
imply. The watched stocks' snapshots show rising volume and a price, and their one-minute bars
reach the database, all without a single realtime frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time as clock_time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from actors import ids
from actors.gateway.messages import GatewaySnapshot
from actors.stock.messages import StockSnapshot
from agent.store.models.market import Bar as BarRow
from stockagent.agent_process import AgentProcess
from tests.support.simulated import SimulatedAgent, simulated_agent
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live_day


@pytest.fixture
def run(tmp_path: Path) -> Iterator[SimulatedAgent]:
    with simulated_agent(
        tmp_path,
        speed=60.0,
        start=clock_time(8, 59),
        environ={"STOCKAGENT_KIWOOM_REALTIME": "false"},
    ) as run:
        run.agent.start()
        yield run


def stocks(agent: AgentProcess) -> dict[str, StockSnapshot]:
    return {
        s.data.code: s.data
        for s in agent.board.snapshots(ids.STOCK + "/").values()
        if isinstance(s.data, StockSnapshot)
    }


def gateway(agent: AgentProcess) -> GatewaySnapshot | None:
    snapshot = agent.board.snapshot(ids.GATEWAY)
    return snapshot.data if snapshot is not None else None


def test_without_a_feed_polled_quotes_move_prices_volumes_and_bars(run: SimulatedAgent) -> None:
    agent = run.agent
    halted = {h.code for h in run.simulator.runtime.venue.market.specials.halts}
    wait_until(lambda: stocks(agent), timeout=60, message="a watched stock")
    wait_until(
        lambda: (g := gateway(agent)) is not None and g.polling,
        timeout=30,
        message="the gateway polling",
    )

    def priced() -> tuple[str, StockSnapshot] | None:
        # A halted leader keeps its price but prints nothing more: judge a stock that trades.
        return next(
            ((c, s) for c, s in stocks(agent).items() if s.price is not None and c not in halted),
            None,
        )

    code, seen = wait_until(priced, timeout=30, message="a watched stock with a polled price")

    wait_until(
        lambda: stocks(agent).get(code, seen).volume > seen.volume,
        timeout=30,
        message=f"{code}'s volume rising from polled prints",
    )
    sessions = agent.services.sessions

    def bars() -> int:
        with sessions() as session:
            return session.scalar(select(func.count()).select_from(BarRow)) or 0

    wait_until(lambda: bars() > 0, timeout=60, message="one-minute bars recorded")
    state = gateway(agent)
    assert state is not None
    assert not state.realtime_connected
