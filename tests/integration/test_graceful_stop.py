"""SIGTERM, as launchd or systemd sends it: the agent stops gracefully.

``stockagent simulator`` and ``stockagent run --simulator URL`` run as separate processes. The
agent gets SIGTERM while one of its entry orders is working at the broker. It must refuse new
entries, cancel that order, keep its positions (the default), revoke its token, record the stop
and exit 0; the broker, read afterwards over its own list, holds no working entry of the agent.
A webhook receives the notifications of the morning and the stop.
"""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError

from agent.domain import OrderPurpose
from agent.orders.lifecycle import TERMINAL
from agent.store.engine import create_db_engine, session_factory
from agent.store.models import EventKind, Order, SystemEvent
from tests.support.processes import STOCKAGENT, Processes, child_env, clock_reading, free_port
from tests.support.simulated import TEST_DAY
from tests.support.waiting import wait_until
from tests.support.webhook import webhook

pytestmark = pytest.mark.live_day

SPEED = 20


def unsettled_entry(engine: Engine) -> bool:
    """An entry persisted and not finished (sent and unanswered, or working at the broker)."""
    try:
        with session_factory(engine)() as session:
            rows = session.scalars(select(Order).where(Order.purpose == OrderPurpose.ENTRY)).all()
    except OperationalError:  # the agent is still creating the schema
        return False
    return any(o.status not in TERMINAL for o in rows)


def test_sigterm_cancels_the_working_entries_revokes_the_token_and_exits_zero(
    processes: Processes, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    sim_port, api_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{sim_port}"
    with webhook() as hook:
        env = child_env(data_dir)
        env["STOCKAGENT_NOTIFY_URLS"] = hook.url
        env["STOCKAGENT_NOTIFY_LANGUAGE"] = "en"
        env["STOCKAGENT_NOTIFY_BATCH_S"] = "0"
        processes.start(
            "simulator",
            [
                *STOCKAGENT,
                "simulator",
                "--host=127.0.0.1",
                f"--port={sim_port}",
                f"--speed={SPEED}",
                "--start=08:58",
                "--seed=7",
                f"--date={TEST_DAY.isoformat()}",
                "--rate-profile=real",
            ],
            env,
        )
        wait_until(lambda: clock_reading(base_url), timeout=30, interval=0.1, message="simulator")
        # The morning's first buy is answered only after 4 s (the exchange has it meanwhile),
        # the next ones fill only half at once: the signal finds an entry sent, not settled.
        faults = [[{"kind": "delay_after", "seconds": 4}]] + [[{"kind": "partial_fill"}]] * 5
        for scripted in faults:
            httpx.post(
                f"{base_url}/sim/faults/next",
                json={"api_id": "kt10000", "faults": scripted},
                timeout=5,
            ).raise_for_status()
        agent = processes.start(
            "agent", [*STOCKAGENT, "run", f"--simulator={base_url}", f"--port={api_port}"], env
        )
        engine = create_db_engine(f"sqlite:///{data_dir / 'stockagent.db'}")
        try:
            wait_until(
                lambda: unsettled_entry(engine) or agent.poll() is not None,
                timeout=150,
                interval=0.05,
                message="for an entry order sent and not settled",
            )
            assert agent.poll() is None, "the agent ended before any entry"
            tokens = list(data_dir.glob("kiwoom-token-*.json"))
            assert tokens, "the agent keeps its token in the data directory"

            agent.send_signal(signal.SIGTERM)
            assert agent.wait(timeout=60) == 0

            # The broker's own list: no order of an agent's entry left open.
            listed = httpx.get(f"{base_url}/sim/orders", timeout=5).json()["orders"]
            open_at_broker = {row["ord_no"] for row in listed if row["open"]}
            with session_factory(engine)() as session:
                entries = session.scalars(
                    select(Order).where(Order.purpose == OrderPurpose.ENTRY)
                ).all()
                stopped = session.scalars(
                    select(SystemEvent).where(SystemEvent.kind == EventKind.AGENT_STOPPED)
                ).all()
            assert entries
            assert not [o.id for o in entries if o.status not in TERMINAL]
            assert not [o.broker_order_no for o in entries if o.broker_order_no in open_at_broker]
            assert len(stopped) == 1
            assert stopped[0].detail["working_entries"] == []
            assert stopped[0].detail["flatten"] is False
            assert not [p for p in tokens if p.exists()], "the token was revoked with its file"

            text = hook.text()
            assert "started: demo" in text
            assert "stopped" in text
            assert "s3cr3t" not in text
            log = "".join(p.read_text() for p in tmp_path.glob("agent-*.log"))
            assert "stopping: no new entry" in log
            assert "s3cr3t" not in log
        finally:
            engine.dispose()
