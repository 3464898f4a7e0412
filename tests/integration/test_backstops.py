"""No gap in the stop-loss watch while the agent is down: the broker's backstop sells.

The agent runs as its own process (``stockagent run --simulator URL``) against a simulator in
this process, whose surges crash to their lower limit at 10:20. Once the agent holds a position
with its backstop (a 스톱지정가 sell) at the broker, it is SIGKILLed: nobody watches its stops
while the market crashes. The broker's stops sell. Restarted long after, the agent finds those
sales in the broker's lists and records each once as the backstop's; its books equal the
broker's, nothing was sold twice, and the day's journal, both lives, replays to what was sent.
"""

from __future__ import annotations

import json
import signal
import subprocess
from datetime import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError

from agent.domain import OrderPurpose, OrderStatus, Side
from agent.store.engine import create_db_engine, session_factory
from agent.store.models import EventKind, Order, SystemEvent, TradeLog
from krxsim.config import RateProfile, SimulatorConfig
from krxsim.market.specials import LimitDown
from krxsim.server.runner import RunningSimulator
from tests.support.ledger import ledger_problems, read_agent_book, read_broker, settled, steadily
from tests.support.processes import STOCKAGENT, Processes, child_env, clock_reading, free_port
from tests.support.simulated import TEST_DAY
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live_day

SPEED = 150
CRASH = time(10, 0)
"""When the surges fall to their lower limit, if nothing brought a stop down before."""
PAST_CRASH = time(10, 5)


def _config(**fields: Any) -> SimulatorConfig:
    values: dict[str, Any] = {
        "seed": 7,
        "speed": SPEED,
        "start": time(8, 50),
        "trading_date": TEST_DAY,
        "rate_profile": RateProfile.REAL,
    }
    return SimulatorConfig(**{**values, **fields})


def _surges() -> tuple[str, ...]:
    with RunningSimulator(_config(speed=1)) as probe:
        return tuple(s.code for s in probe.runtime.venue.market.script.surges)


def _orders(engine: Engine, purpose: OrderPurpose | None = None) -> list[Order]:
    query = select(Order).order_by(Order.id)
    if purpose is not None:
        query = query.where(Order.purpose == purpose)
    try:
        with session_factory(engine)() as session:
            return list(session.scalars(query))
    except OperationalError:  # the agent is still creating the schema
        return []


def _armed(base_url: str) -> list[dict[str, Any]]:
    """The broker's stop orders still waiting for their trigger."""
    listed = httpx.get(f"{base_url}/sim/orders").json()["orders"]
    return [row for row in listed if row.get("armed")]


def _market_time(base_url: str) -> time:
    now = clock_reading(base_url)
    assert now is not None, "the simulator stopped answering"
    return now.time()


def test_the_brokers_backstop_sells_while_the_agent_is_down(
    processes: Processes, tmp_path: Path
) -> None:
    surges = _surges()
    crashes = tuple(LimitDown(code=code, at=CRASH) for code in surges)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    # The strategy as configured but for news (the simulated day's surges are what it enters),
    # positions held over the close: the crash must meet them, not the end-of-day exit.
    env = {k: v for k, v in child_env(data_dir).items() if "_STRATEGY_" not in k}
    env.update(STOCKAGENT_STRATEGY_REQUIRE_NEWS="false", STOCKAGENT_RISK_EOD_EXIT="hold")
    with RunningSimulator(_config(port=free_port(), limit_down=crashes)) as sim:
        base_url = sim.base_url
        run = [*STOCKAGENT, "run", f"--simulator={base_url}", f"--port={free_port()}"]
        agent = processes.start("agent", run, env)
        wait_until(lambda: (data_dir / "stockagent.db").exists(), timeout=30, message="database")
        engine = create_db_engine(f"sqlite:///{data_dir / 'stockagent.db'}")
        try:
            wait_until(
                lambda: any(
                    o.status is OrderStatus.ACCEPTED and o.code in surges
                    for o in _orders(engine, OrderPurpose.BACKSTOP)
                ),
                timeout=120,
                interval=0.1,
                message="for a backstop of a crashing position at the broker",
            )
            assert _market_time(base_url) < CRASH, "the crash came before the kill"
            agent.send_signal(signal.SIGKILL)
            agent.wait(timeout=10)
            guarded = {
                o.broker_order_no: o
                for o in _orders(engine, OrderPurpose.BACKSTOP)
                if o.status is OrderStatus.ACCEPTED
            }
            assert {row["ord_no"] for row in _armed(base_url)} >= set(guarded)

            def listed_now() -> dict[str, dict[str, Any]]:
                rows = httpx.get(f"{base_url}/sim/orders").json()["orders"]
                return {row["ord_no"]: row for row in rows}

            wait_until(
                lambda: (
                    all(listed_now()[n]["filled"] == o.quantity for n, o in guarded.items())
                    or _market_time(base_url) >= PAST_CRASH
                ),
                timeout=120,
                interval=0.2,
                message="for the backstops to sell (or the crash to pass) with the agent down",
            )
            listed = listed_now()
            sold_down = {n for n, o in guarded.items() if o.code in surges and listed[n]["filled"]}
            assert sold_down, f"no backstop sold in the crash: {[listed[n] for n in guarded]}"

            agent = processes.start("agent", run, env)
            wait_until(
                lambda: all(
                    o.filled_quantity > 0
                    for o in _orders(engine, OrderPurpose.BACKSTOP)
                    if o.broker_order_no in sold_down
                ),
                timeout=60,
                interval=0.2,
                message="for the restarted agent to record the backstops' sales",
            )
            # Settled for 3 s on end: past the Account's read after the fills it was told of.
            wait_until(steadily(lambda: settled(engine), 3.0), timeout=60, message="books")
            agent.send_signal(signal.SIGTERM)
            assert agent.wait(timeout=60) == 0
            book = read_agent_book(session_factory(engine))
            with session_factory(engine)() as session:
                trades = list(session.scalars(select(TradeLog)))
                events = list(session.scalars(select(SystemEvent)))
        finally:
            engine.dispose()
        broker = read_broker(base_url)

    sold = [o for o in book.orders if o.broker_order_no in sold_down]
    for order in sold:
        assert order.filled_quantity == listed[order.broker_order_no]["filled"]
    # Nothing sold twice: no other sell of a code whose lot the backstop emptied.
    emptied = {o.code for o in sold if o.filled_quantity == o.quantity}
    again = [
        o
        for o in book.orders
        if o.code in emptied
        and o.side is Side.SELL
        and o.purpose is not OrderPurpose.BACKSTOP
        and o.filled_quantity > 0
    ]
    assert again == []
    assert {t.code for t in trades if t.exit_reason is OrderPurpose.BACKSTOP} >= emptied
    assert ledger_problems(book, broker) == []
    assert [e for e in events if e.kind is EventKind.LOT_REDUCED] == [], "no sale by hand"
    replay = subprocess.run(  # noqa: S603 (our own command line)
        [*STOCKAGENT, "replay", "--json"], env=env, capture_output=True, text=True, timeout=120
    )
    report = json.loads(replay.stdout)
    assert report["differences"] == [], report["differences"]
