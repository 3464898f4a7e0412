"""Crash and restart: the agent process is SIGKILLed mid-session and comes back on its database.

``stockagent simulator`` and ``stockagent run --simulator URL`` run as separate processes on
loopback, as in production, where launchd restarts a dead agent while the broker keeps its
state. The agent is killed with SIGKILL (no clean-up of any kind) right after it persisted an
order that is not finished yet, several times through the morning, and restarted on the same
SQLite database each time.

Before the last restart a kill switch is written to the database, as an operator would leave it:
the restarted governor comes up halted, so nothing new starts and the books can settle. Then the
broker, read only once the agent has stopped, judges: its holdings (kt00018, over the wire) and
its complete order list (the simulator's ``GET /sim/orders``, cancelled-unfilled orders
included). Every broker order belongs to exactly one local order (none sent twice, none
orphaned, none claimed that the broker never took), every execution is recorded exactly once,
and the positions table holds the broker's holdings. The kills are in the database as agent starts.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError

from agent.orders.lifecycle import TERMINAL
from agent.store.engine import create_db_engine, session_factory
from agent.store.models import EventKind, Order, SystemEvent
from agent.store.repositories import SystemEventRepository
from tests.support.ledger import ledger_problems, read_agent_book, read_broker, settled, steadily
from tests.support.processes import (
    STOCKAGENT,
    Processes,
    child_env,
    clock_reading,
    free_port,
)
from tests.support.simulated import TEST_DAY
from tests.support.waiting import wait_until

pytestmark = pytest.mark.live_day

SPEED = 150
"""The agent paces its requests on real seconds (5 a second), so the market cannot run much
faster than this without the agent seeing the morning through a keyhole."""
KILLS = 4
"""Kills right after a new order is persisted or, every other one, sent (or after KILL_AFTER_S
without one); one more comes before the halted last life."""
KILL_AFTER_S = 8.0
SETTLE_S = 3.0


def market_time(base_url: str) -> str:
    now = clock_reading(base_url)
    assert now is not None, "the simulator stopped answering"
    return now.strftime("%H:%M:%S")


def unfinished_order(engine: Engine) -> bool:
    """Tell whether an order is persisted and not finished: the moment to pull the plug."""
    with session_factory(engine)() as session:
        statuses = session.scalars(select(Order.status)).all()
    return any(status not in TERMINAL for status in statuses)


def orders_count(engine: Engine) -> int:
    try:
        with session_factory(engine)() as session:
            return len(session.scalars(select(Order.id)).all())
    except OperationalError:  # the agent is still creating the schema
        return 0


def sent_count(engine: Engine) -> int:
    """Count the orders the broker acknowledged (they carry its order number)."""
    try:
        with session_factory(engine)() as session:
            return len(
                session.scalars(select(Order.id).where(Order.broker_order_no.is_not(None))).all()
            )
    except OperationalError:  # the agent is still creating the schema
        return 0


def starts(engine: Engine) -> int:
    with session_factory(engine)() as session:
        kinds = session.scalars(select(SystemEvent.kind)).all()
    return sum(1 for kind in kinds if kind is EventKind.AGENT_STARTED)


def test_books_match_the_broker_after_the_agent_is_killed_mid_session(
    processes: Processes, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = child_env(data_dir)
    sim_port, api_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{sim_port}"
    trading_date: date = TEST_DAY
    processes.start(
        "simulator",
        [
            *STOCKAGENT,
            "simulator",
            "--host=127.0.0.1",
            f"--port={sim_port}",
            f"--speed={SPEED}",
            "--start=08:50",
            "--seed=7",
            f"--date={trading_date.isoformat()}",
            "--rate-profile=real",
        ],
        env,
    )
    wait_until(lambda: clock_reading(base_url), timeout=30, interval=0.1, message="simulator")
    run = [*STOCKAGENT, "run", f"--simulator={base_url}", f"--port={api_port}"]

    agent = processes.start("agent", run, env)
    wait_until(lambda: (data_dir / "stockagent.db").exists(), timeout=30, message="database")
    engine = create_db_engine(f"sqlite:///{data_dir / 'stockagent.db'}")
    try:
        killed_at: list[str] = []
        # The first kill waits for the first order; later ones for the next or KILL_AFTER_S.
        wait_until(lambda: orders_count(engine) > 0, timeout=60, interval=0.02, message="order")
        for kill in range(KILLS):
            seen, sent = orders_count(engine), sent_count(engine)

            # Odd kills come right after an order reached the broker, even ones right after
            # one is persisted (often before it is sent): both moments are judged, however
            # slow a loaded machine makes the send.
            def arrived(kill: int = kill, seen: int = seen, sent: int = sent) -> bool:
                if kill % 2:
                    return sent_count(engine) > sent
                return orders_count(engine) > seen

            if killed_at:
                with contextlib.suppress(AssertionError):
                    wait_until(arrived, timeout=KILL_AFTER_S, interval=0.02)
            in_flight = unfinished_order(engine)
            agent.send_signal(signal.SIGKILL)
            agent.wait(timeout=10)
            killed_at.append(f"{market_time(base_url)}{' in flight' if in_flight else ''}")
            agent = processes.start("agent", run, env)

        # The last life: crash once more, and come back halted, as an operator would leave it.
        wait_until(lambda: starts(engine) == KILLS + 1, timeout=30, message="agent started")
        agent.send_signal(signal.SIGKILL)
        agent.wait(timeout=10)
        SystemEventRepository(session_factory(engine)).record(
            EventKind.KILL_SWITCH_ENGAGED,
            datetime.now(UTC),
            actor_id="risk",
            reason="end of the crash test",
            detail={"by": "test"},
        )
        agent = processes.start("agent", run, env)
        wait_until(lambda: starts(engine) == KILLS + 2, timeout=30, message="last life")
        # Settled for SETTLE_S on end: long past the account's refresh and the router's
        # reconciliation of the new life, both well under a second of wall time at this speed.
        wait_until(steadily(lambda: settled(engine), SETTLE_S), timeout=45, message="books")
        agent.send_signal(signal.SIGTERM)
        assert agent.wait(timeout=30) == 0

        problems = ledger_problems(read_agent_book(session_factory(engine)), read_broker(base_url))
        lives = starts(engine)
        with session_factory(engine)() as session:
            orders = session.scalars(select(Order)).all()
    finally:
        engine.dispose()

    print("SIGKILLs at", ", ".join(killed_at), "orders", [o.status.value for o in orders])
    assert problems == []
    # The journal of the crashed day, every life in it, replays to what was sent.
    replay = subprocess.run(  # noqa: S603 (our own command line)
        [*STOCKAGENT, "replay", "--json"], env=env, capture_output=True, text=True, timeout=120
    )
    report = json.loads(replay.stdout)
    assert report["differences"] == [], report["differences"]
    assert (replay.returncode, report["live_orders"]) == (0, len(orders))
    assert lives == KILLS + 2
    assert any(o.broker_order_no for o in orders), "no order reached the broker: nothing judged"
