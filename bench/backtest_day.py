"""How long one synthetic-day backtest takes end to end, and where the time goes.

Goal (issue #13): under 2 s on the 2-core CI machine for ``stockagent backtest``. The goal is
read on the command itself: ``stockagent backtest --seed S --date D``, a fresh process timed
from its start to its exit. Each phase run is a fresh interpreter too (imports and the
calendar count, as they do for the command). The baseline, from the same run, is the bare
market: building the same day's 2,000 whole-day price paths alone, as the simulator does.

    .venv/bin/python bench/backtest_day.py [--seeds 1-3] [--date 2026-12-02]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

GOAL_S = 2.0

PHASES = r"""
import json, sys, time
t0 = time.perf_counter()
from datetime import date
from agent.backtest.day import BacktestConfig, _Day
from agent.market.calendar import default_calendar
t1 = time.perf_counter()
calendar = default_calendar()
t2 = time.perf_counter()
day = _Day(BacktestConfig(seed=int(sys.argv[1]), trading_date=date.fromisoformat(sys.argv[2])),
           calendar)
t3 = time.perf_counter()
day.run()
t4 = time.perf_counter()
market = day.market
for code in market.listings:
    market.day(code)
print(json.dumps({"import": t1 - t0, "calendar": t2 - t1, "build": t3 - t2, "run": t4 - t3,
                  "total": t4 - t0}))
"""

BARE = r"""
import json, sys, time
from datetime import date
from krxsim.config import SimulatorConfig
from krxsim.market.market import SyntheticMarket
sim = SimulatorConfig()
t0 = time.perf_counter()
market = SyntheticMarket(seed=int(sys.argv[1]), trading_date=date.fromisoformat(sys.argv[2]),
                         listed=sim.listed_codes, surges=sim.surge_count,
                         step=sim.path_step_seconds)
for code in market.listings:
    market.day(code)
print(json.dumps({"market": time.perf_counter() - t0}))
"""


def _run(script: str, seed: int, day: str) -> dict[str, float]:
    # Our own interpreter with a fixed script and arguments.
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, str(seed), day], capture_output=True, text=True, check=True
    )
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _command(seed: int, day: str) -> float:
    """Wall time of ``stockagent backtest`` for one seeded day, in a fresh process."""
    start = time.perf_counter()
    # Our own interpreter running our command, with fixed arguments.
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "stockagent.cli", "backtest", "--seed", str(seed), "--date", day],
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1-3", help="A-B")
    parser.add_argument("--date", default="2026-12-02")
    args = parser.parse_args()
    first, _, last = args.seeds.partition("-")
    seeds = range(int(first), int(last or first) + 1)
    commands = [_command(seed, args.date) for seed in seeds]
    runs = [_run(PHASES, seed, args.date) for seed in seeds]
    bare = [_run(BARE, seed, args.date)["market"] for seed in seeds]
    print(f"backtest of {args.date}, seeds {args.seeds}, median of {len(runs)} fresh processes")
    command = statistics.median(commands)
    print(
        f"  stockagent backtest --seed S --date {args.date}: {command:.2f} s "
        f"(slowest {max(commands):.2f} s); goal < {GOAL_S} s: "
        + ("ok" if command < GOAL_S else "OVER")
    )
    print("  its phases, in process:")
    for phase in ("import", "calendar", "build", "run", "total"):
        print(f"    {phase:<9} {statistics.median(r[phase] for r in runs):6.2f} s")
    print(f"  baseline  the bare market's 2,000 price paths: {statistics.median(bare):.2f} s")


if __name__ == "__main__":
    main()
