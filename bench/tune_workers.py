"""Trials per minute of `stockagent tune` with one worker, then two, on one PostgreSQL study.

Goal (issue #14): two workers at least 1.7 times the trials per minute of one, on the 2-core
CI machine. The baseline is the one-worker run of the same study size, in the same run. Each
run is a fresh study in a private schema of the test PostgreSQL (dropped afterwards), timed
from the command's start to its exit (imports and each worker's market draws included).

    .venv/bin/python bench/tune_workers.py [--trials 24] [--seeds 1-2] [--date 2026-12-02]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import quote

from sqlalchemy import create_engine, text

POSTGRES_URL = os.environ.get(
    "STOCKAGENT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
GOAL = 1.7


def _run(jobs: int, trials: int, seeds: str, day: str) -> float:
    """Trials per minute of one `stockagent tune --jobs J` on a fresh study."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    storage = f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKAGENT_")}
    try:
        with tempfile.TemporaryDirectory() as data:
            env["STOCKAGENT_DATA_DIR"] = data
            argv = [
                sys.executable, "-m", "stockagent", "tune", "--study", "bench",
                "--trials", str(trials), "--jobs", str(jobs), "--storage", storage,
                "--seeds", seeds, "--date", day,
            ]  # fmt: skip
            start = time.perf_counter()
            # Our own interpreter running our command, with fixed arguments.
            subprocess.run(argv, env=env, check=True, capture_output=True)  # noqa: S603
            elapsed = time.perf_counter() - start
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return trials / elapsed * 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=24)
    parser.add_argument("--seeds", default="1-2")
    parser.add_argument("--date", default="2026-12-02")
    args = parser.parse_args()
    one = _run(1, args.trials, args.seeds, args.date)
    two = _run(2, args.trials, args.seeds, args.date)
    print(f"stockagent tune, {args.trials} trials of seeds {args.seeds} on {args.date}, PostgreSQL")
    print(f"  baseline  one worker:  {one:6.1f} trials/min")
    print(f"  two workers:           {two:6.1f} trials/min ({two / one:.2f} x one)")
    print(f"  goal      two >= {GOAL} x one: {'ok' if two >= GOAL * one else 'UNDER'}")


if __name__ == "__main__":
    main()
