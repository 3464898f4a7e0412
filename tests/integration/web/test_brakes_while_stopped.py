"""The brakes tell the truth while the agent is stopped (POST /system/stop).

A brake pressed then is recorded where the next start rebuilds the governor from, and the
answer says so; an emergency sale, which nothing can carry out while stopped, is refused with
the reason. Neither claims that "the risk governor is restarting".
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.simulated import simulated_agent
from tests.support.waiting import wait_until
from tests.support.web_api import agent_api

pytestmark = pytest.mark.live_day


def test_a_brake_pressed_while_stopped_is_kept_for_the_start_and_a_sale_is_refused(
    tmp_path: Path,
) -> None:
    with simulated_agent(tmp_path, speed=5.0, start=time(9, 5)) as run:
        agent = run.agent
        agent.start()
        with agent_api(agent, tmp_path) as (base, auth):

            def post(path: str, body: dict[str, Any] | None = None) -> httpx.Response:
                return httpx.post(f"{base}/api/v1{path}", json=body, headers=auth, timeout=60)

            def status() -> dict[str, Any]:
                reply = httpx.get(f"{base}/api/v1/system/status", headers=auth, timeout=5)
                return dict(reply.json())

            assert post("/system/stop").status_code == 202
            engaged = post("/risk/kill-switch", {"engaged": True, "reason": "lunch"})
            frozen = post("/risk/freeze", {"frozen": True})
            sale = post("/risk/emergency-sell", {"confirm": "LIQUIDATE"})
            stopped = status()

            assert engaged.status_code == 202
            assert "the agent is stopped: recorded" in engaged.json()["detail"]
            assert frozen.status_code == 202
            assert sale.status_code == 409
            assert "the agent is stopped: nothing was sold" in sale.json()["detail"]
            for reply in (engaged, frozen, sale):
                assert "restarting" not in reply.text
            assert stopped["agent_running"] is False
            assert stopped["broker"]["state"] == "down"

            assert post("/system/start").status_code == 202
            # The restarted governor rebuilt both brakes from what was recorded while stopped.
            wait_until(
                lambda: (s := status())["agent_running"] and s["kill_switch"] and s["frozen"],
                timeout=30,
                message="for the started agent to show the brakes pressed while stopped",
            )
