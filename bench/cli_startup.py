"""How long the ``stockagent`` command takes to start, against a bare interpreter's start.

Goal (issue #13): ``stockagent --help`` and ``stockagent ctl status`` in under 0.5 s. The
command line imports only the module of the command it runs (``stockagent/commands/
catalog.py``). ``ctl status`` is pointed at a closed loopback port, so the figure is start-up
plus one refused connection, with no agent needed.

    .venv/bin/python bench/cli_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
GOAL_S = 0.5


def _median(argv: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run = subprocess.run  # our own interpreter and entry point, fixed arguments
        run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "STOCKAGENT_DATA_DIR": tempfile.mkdtemp(prefix="cli-bench-")}
    stockagent = str(BIN / "stockagent")
    cases = {
        "baseline: python -c pass": [sys.executable, "-c", "pass"],
        "stockagent --help": [stockagent, "--help"],
        "stockagent ctl status": [stockagent, "ctl", "--url", "http://127.0.0.1:9", "status"],
        "stockagent journal --help": [stockagent, "journal", "--help"],
        "stockagent backtest --help": [stockagent, "backtest", "--help"],
    }
    print(f"median of {args.runs} runs (goal for --help and ctl status: < {GOAL_S} s)")
    for name, argv in cases.items():
        seconds = _median(argv, args.runs, env)
        goal = name in ("stockagent --help", "stockagent ctl status")
        mark = ("  ok" if seconds < GOAL_S else "  OVER") if goal else ""
        print(f"  {name:<30} {seconds:6.3f} s{mark}")


if __name__ == "__main__":
    main()
