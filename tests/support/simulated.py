"""An agent in this process trading the built-in simulator over loopback, for integration tests.

The simulator replays one seeded trading day (:data:`TEST_DAY` unless ``trading_date`` says
otherwise) from ``start`` at ``speed`` with no rate limits of its own; the agent gets a
migrated SQLite database in ``data_dir`` and the settings ``environ`` gives (on top of the data
directory and a quiet console). Everything stops on exit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

import msgspec

from actors.supervision import ChildExited
from agent.kiwoom.config import RateProfile as BrokerBudget
from agent.market.calendar import default_calendar
from agent.settings import load_settings
from agent.store.engine import create_db_engine
from agent.store.migrate import upgrade
from krxsim import RunningSimulator, SimulatorConfig
from krxsim.config import RateProfile
from stockagent.agent_process import AgentProcess
from stockagent.wiring import connect_simulator, news_bus, sim_news_publisher

TEST_DAY = date(2026, 12, 2)
"""The seeded day the integration tests trade: the synthetic market depends on its date, so a
test that judged "today's" day would change with the calendar (a day whose entries all time
out would fail a suite that passed the day before). ``tests/unit/backtest`` sweeps many dates."""


@dataclass
class SimulatedAgent:
    agent: AgentProcess
    simulator: RunningSimulator
    failures: list[ChildExited]
    """What reached the root's failure callback (the tree gave up)."""


@contextmanager
def simulated_agent(
    data_dir: Path,
    *,
    speed: float,
    start: time,
    environ: dict[str, str] | None = None,
    budget: BrokerBudget | None = None,
    simulator: dict[str, Any] | None = None,
    trading_date: date = TEST_DAY,
) -> Iterator[SimulatedAgent]:
    """Yield a started simulator and a ready (not yet started) agent; ``budget`` replaces the
    client's request budget, ``simulator`` adds :class:`SimulatorConfig` fields (holdings, 미수
    room, special stocks)."""
    settings = load_settings(
        environ={
            "STOCKAGENT_DATA_DIR": str(data_dir),
            "STOCKAGENT_LOGGING_CONSOLE": "false",
            **(environ or {}),
        }
    )
    engine = create_db_engine(f"sqlite:///{data_dir / 'agent.db'}")
    upgrade(engine)
    calendar = default_calendar()
    bus = news_bus(settings)
    running = RunningSimulator(
        SimulatorConfig(
            seed=7,
            speed=speed,
            start=start,
            trading_date=trading_date,
            rate_profile=RateProfile.OFF,
            **(simulator or {}),
        ),
        publisher=sim_news_publisher(bus),
    ).start()
    connection = connect_simulator(settings, running.base_url, running.ws_url, bus)
    client_config = connection.client_config
    if budget is not None:
        client_config = msgspec.structs.replace(client_config, rate=budget)
    failures: list[ChildExited] = []
    agent = AgentProcess(
        settings,
        engine,
        client_config,
        connection.clock.clock,
        calendar=calendar,
        news_scores=connection.news_scores,
        news_bus=bus,
        on_root_failure=failures.append,
    )
    run = SimulatedAgent(agent=agent, simulator=running, failures=failures)
    try:
        yield run
    finally:
        run.agent.stop()
        connection.close()
        bus.stop()
        running.stop()
        engine.dispose()
