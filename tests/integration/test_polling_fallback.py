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
from agent.market.calendar import default_calendar
from agent.settings import load_settings
from agent.sim import RunningSimulator, SimulatorConfig
from agent.sim.config import RateProfile
from agent.store.engine import create_db_engine
from agent.store.migrate import upgrade
from agent.store.models.market import Bar as BarRow
from stockagent.agent_process import AgentProcess
from stockagent.wiring import connect_simulator, demo_trading_day, news_bus, sim_news_publisher
from tests.support.waiting import wait_until


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[AgentProcess]:
    settings = load_settings(
        environ={
            "STOCKAGENT_DATA_DIR": str(tmp_path),
            "STOCKAGENT_LOGGING_CONSOLE": "false",
            "STOCKAGENT_KIWOOM_REALTIME": "false",
        }
    )
    engine = create_db_engine(f"sqlite:///{tmp_path / 'polling.db'}")
    upgrade(engine)
    calendar = default_calendar()
    bus = news_bus(settings)
    simulator = RunningSimulator(
        SimulatorConfig(
            seed=7,
            speed=60.0,
            start=clock_time(8, 59),
            trading_date=demo_trading_day(calendar),
            rate_profile=RateProfile.OFF,
        ),
        publisher=sim_news_publisher(bus),
    ).start()
    connection = connect_simulator(settings, simulator.base_url, simulator.ws_url, bus)
    process = AgentProcess(
        settings,
        engine,
        connection.client_config,
        connection.clock.clock,
        calendar=calendar,
        news_scores=connection.news_scores,
        news_bus=bus,
    )
    try:
        process.start()
        yield process
    finally:
        process.stop()
        connection.close()
        bus.stop()
        simulator.stop()
        engine.dispose()


def stocks(agent: AgentProcess) -> dict[str, StockSnapshot]:
    return {
        s.data.code: s.data
        for s in agent.board.snapshots(ids.STOCK + "/").values()
        if isinstance(s.data, StockSnapshot)
    }


def gateway(agent: AgentProcess) -> GatewaySnapshot | None:
    snapshot = agent.board.snapshot(ids.GATEWAY)
    return snapshot.data if snapshot is not None else None


def test_without_a_feed_polled_quotes_move_prices_volumes_and_bars(agent: AgentProcess) -> None:
    wait_until(lambda: stocks(agent), timeout=60, message="a watched stock")
    wait_until(
        lambda: (g := gateway(agent)) is not None and g.polling,
        timeout=30,
        message="the gateway polling",
    )
    first = stocks(agent)
    code, seen = next((c, s) for c, s in first.items() if s.price is not None)

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
