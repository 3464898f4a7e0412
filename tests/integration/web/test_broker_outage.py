"""During a broker outage the status tells the truth: the broker lost, the account's figures
stale with their age, and both the loss and the return are system events.

The agent trades the simulator over real HTTP; the simulator then answers every REST call with
HTTP 500 (as a broker in maintenance or a dead network would look), and later recovers.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent.store.models import EventKind, SystemEvent
from krxsim.config import FaultConfig
from tests.support.simulated import simulated_agent
from tests.support.waiting import wait_until
from tests.support.web_api import agent_api

pytestmark = pytest.mark.live_day


def test_status_says_the_broker_is_lost_and_the_account_stale_and_then_back(
    tmp_path: Path,
) -> None:
    environ = {
        "STOCKAGENT_KIWOOM_BROKER_LOST_AFTER_S": "2",
        "STOCKAGENT_WATCHDOG_READY_RECONCILE_MAX_AGE_S": "4",
    }
    with simulated_agent(tmp_path, speed=5.0, start=time(9, 5), environ=environ) as run:
        agent = run.agent
        agent.start()
        with agent_api(agent, tmp_path) as (base_url, auth):

            def status() -> dict[str, Any]:
                reply = httpx.get(f"{base_url}/api/v1/system/status", headers=auth, timeout=5)
                return dict(reply.raise_for_status().json())

            def balance() -> dict[str, Any]:
                reply = httpx.get(f"{base_url}/api/v1/account/balance", headers=auth, timeout=5)
                return dict(reply.raise_for_status().json())

            wait_until(
                lambda: status()["broker"]["state"] == "up" and not status()["account_stale"],
                timeout=30,
                interval=0.2,
                message="for the agent to reconcile with the broker",
            )
            healthy = status()
            assert healthy["broker_connected"] is True
            assert healthy["feed"] in ("realtime", "polling")
            assert healthy["feed_configured"] == "realtime"

            faults = run.simulator.runtime.faults
            faults.config = FaultConfig(http_5xx_per_mille=1000)  # every REST call fails
            lost = wait_until(
                lambda: (s := status())["broker"]["state"] == "lost" and s["account_stale"] and s,
                timeout=30,
                interval=0.2,
                message="for the status to say the broker is lost and the account stale",
            )
            assert lost["broker_connected"] is False
            assert lost["broker"]["failures"] >= 3
            assert lost["broker"]["last_error"]
            assert lost["broker"]["last_ok_age_s"] >= 2
            assert lost["account_age_s"] > 4
            assert balance()["stale"] is True

            faults.config = FaultConfig()
            back = wait_until(
                lambda: (s := status())["broker"]["state"] == "up" and not s["account_stale"] and s,
                timeout=30,
                interval=0.2,
                message="for the broker to be back and the account reconciled",
            )
            assert back["broker_connected"] is True
            assert balance()["stale"] is False
        with agent.services.sessions() as session:
            kinds = [e.kind for e in session.query(SystemEvent).order_by(SystemEvent.id)]
    lost_at = kinds.index(EventKind.BROKER_LOST)
    assert EventKind.BROKER_RESTORED in kinds[lost_at:]
