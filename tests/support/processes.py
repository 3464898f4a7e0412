"""Child processes of a test (``stockagent simulator``, ``stockagent run``), as in production:
separate processes on loopback, each stopped (SIGTERM, then SIGKILL) when the test ends."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

import httpx

STOCKAGENT = [sys.executable, "-m", "stockagent"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Processes:
    """Every child process started by a test, each stopped in the finalizer."""

    logs: Path
    running: list[subprocess.Popen[bytes]] = field(default_factory=list)
    files: list[IO[bytes]] = field(default_factory=list)

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}-{len(self.running)}.log").open("wb")
        self.files.append(log)
        # The arguments are this test's own: sys.executable -m stockagent ...
        process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        self.running.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.running):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
        for log in self.files:
            log.close()


def child_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKAGENT_")}
    env.update(
        STOCKAGENT_DATA_DIR=str(data_dir),
        STOCKAGENT_LOGGING_CONSOLE="true",
        PYTHONUNBUFFERED="1",
        # A looser strategy than the default: more entries, so more orders to judge, some
        # of them cancelled unfilled, in flight at more of the kills.
        STOCKAGENT_STRATEGY_REQUIRE_NEWS="false",
        STOCKAGENT_STRATEGY_REQUIRE_BREAKOUT="false",
        STOCKAGENT_STRATEGY_MIN_VOLUME_RATIO="0.5",
        STOCKAGENT_STRATEGY_MIN_CHANGE_PCT="0.5",
        STOCKAGENT_RISK_MAX_POSITIONS="6",
    )
    return env


def clock_reading(base_url: str) -> datetime | None:
    try:
        reading = httpx.get(f"{base_url}/sim/clock", timeout=2).json()
    except httpx.HTTPError:
        return None
    return datetime.fromisoformat(reading["now"])
