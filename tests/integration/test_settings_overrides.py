"""A risk limit changed over the API of a running agent survives its restart.

``stockagent demo`` runs as a child process, as a user starts it: the simulator, the agent and
the API in one. Its risk limit is changed over the API while it trades, the process is stopped
(SIGTERM, as launchd stops it) and started again on the same data directory: the API serves the
changed value, which the settings file does not hold, and ``stockagent config show`` says it is
a stored override over the file. No trading day is waited for: the agent only has to start.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

from tests.support.waiting import wait_until
from web.token import load_or_create_token

STOCKAGENT = [sys.executable, "-m", "stockagent"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Demo:
    """``stockagent demo`` in a child process, logging to a file in the test's directory."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir, self.port = data_dir, port
        self.api = f"http://127.0.0.1:{port}/api/v1"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKAGENT_")}
        self.env.update(
            STOCKAGENT_DATA_DIR=str(data_dir),
            STOCKAGENT_LOGGING_CONSOLE="false",
            PYTHONUNBUFFERED="1",
        )
        self.lives = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> None:
        self.lives += 1
        self._log = (self.data_dir.parent / f"demo-{self.lives}.log").open("wb")
        self._process = subprocess.Popen(  # noqa: S603 (our own command line)
            [*STOCKAGENT, "demo", f"--port={self.port}", "--speed=1"],
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._running, timeout=60, interval=0.2, message=f"demo life {self.lives}")

    def _running(self) -> bool:
        assert self._process is not None
        assert self._process.poll() is None, f"the demo exited: see demo-{self.lives}.log"
        try:
            status = httpx.get(f"{self.api}/system/status", headers=self.auth(), timeout=2)
        except httpx.HTTPError:
            return False
        return status.status_code == 200 and bool(status.json()["agent_running"])

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {load_or_create_token(self.data_dir).reveal()}"}

    def stop(self) -> int:
        process, self._process = self._process, None
        if process is None:
            return 0
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
        return process.returncode


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[_Demo]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "config.toml").write_text("[risk]\nstop_loss_pct = -3.5\n", encoding="utf-8")
    running = _Demo(data_dir, _free_port())
    try:
        yield running
    finally:
        running.stop()


def test_a_risk_limit_changed_over_the_api_survives_a_restart(demo: _Demo) -> None:
    demo.start()
    risk = httpx.get(f"{demo.api}/risk/config", headers=demo.auth()).json()
    assert risk["stop_loss_pct"] == -3.5  # the file's

    changed = httpx.put(
        f"{demo.api}/risk/config", headers=demo.auth(), json={**risk, "stop_loss_pct": -4.5}
    )
    assert changed.status_code == 200, changed.text
    assert demo.stop() == 0

    shown = subprocess.run(  # noqa: S603 (our own command line)
        [*STOCKAGENT, "config", "show"], env=demo.env, capture_output=True, text=True, timeout=60
    )
    demo.start()
    after = httpx.get(f"{demo.api}/risk/config", headers=demo.auth()).json()
    history = httpx.get(f"{demo.api}/risk/history", headers=demo.auth()).json()

    assert after["stop_loss_pct"] == -4.5
    assert [(h["key"], h["new_value"], h["changed_by"]) for h in history] == [
        ("stop_loss_pct", -4.5, "ui")
    ]
    line = next(x for x in shown.stdout.splitlines() if x.startswith("stop_loss_pct"))
    assert line.startswith("stop_loss_pct = -4.5  # override by ui at ")
    assert line.endswith(f", over file {demo.data_dir / 'config.toml'}")
