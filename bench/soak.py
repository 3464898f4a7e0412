"""Soak: five simulated trading days in a row on one database, with kills and broker faults.

Each session is the next KRX trading day (from a fixed week, so a run can be repeated): a fresh
``stockagent simulator`` for that date, started at 08:50, and ``stockagent run --simulator``
on the one data directory every session shares, both child processes on loopback as in
production. Through the morning the agent is SIGKILLed once or twice right after it persisted
(or sent) an order and restarted at once, as launchd would; the simulator is scripted to fail
account reads, drop and delay answers, revoke the token, fill in part and reject
(bench/soak_plan.py, drawn from the seed). Yesterday's closing holdings at the broker are the
next simulator's ``--holding``s, as a real account carries them; on the sessions marked
"hold" the agent keeps its positions overnight (``risk.eod_exit = hold``), on the others it
sells them before the close.

At the close (the agent's ``day_closed`` event for the date) the day's last life is sampled
(resident memory, open descriptors, threads: bench/soak_probe.py), then stopped with SIGTERM
(it must exit 0), and the broker judges: its own order list and holdings against the day's
orders, fills and the positions table (tests/support/ledger.py). Printed per session, with a
verdict per criterion against the first session's close (the baseline, from the same run):
memory, descriptors (but the database pool's) and threads (less each held code's StockActor)
stay flat, no duplicate, the positions equal the broker's holdings every day, nothing taken
for a trade by hand, every SIGTERM exits 0 (bench/soak_figures.py says why each is judged as
it is). Exit status 1 if a criterion fails.

    .venv/bin/python bench/soak.py                  # 5 sessions, about 7 minutes
    .venv/bin/python bench/soak.py --quick          # 2 sessions, a smoke check
    .venv/bin/python bench/soak.py --keep /tmp/soak --json > soak.json

Each life's memory is also sampled after its start and at noon: the day's last life runs from
its restart in the morning to the close, so noon -> close is its growth once warmed up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from soak_day import Day, Soak, log
from soak_figures import Limits, SessionFigures
from soak_report import as_json, report
from soak_verdicts import verdicts

from agent.broker.account import Holding
from agent.market.calendar import default_calendar
from agent.store.engine import create_db_engine, session_factory

FIRST_DATE = date(2026, 11, 30)
"""A Monday; the week after it has five regular sessions in the KRX calendar."""


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 sessions: a smoke check")
    parser.add_argument("--speed", type=float, default=300.0, help="market seconds a second")
    parser.add_argument("--seed", type=int, default=7, help="market and fault seed")
    parser.add_argument("--first-date", type=date.fromisoformat, default=FIRST_DATE)
    parser.add_argument(
        "--hold",
        default=None,
        metavar="N,N",
        help="sessions whose positions stay overnight (default: odd ones but the last)",
    )
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="keep data, logs")
    parser.add_argument("--json", action="store_true", help="print JSON (the table to stderr)")
    args = parser.parse_args()
    if args.quick:
        args.sessions = 2
    if args.sessions < 1:
        parser.error("--sessions must be 1 or more")
    return args


def _hold_after(text: str | None, sessions: int) -> frozenset[int]:
    if text is None:
        return frozenset(n for n in range(1, sessions) if n % 2 == 1)
    return frozenset(int(part) for part in text.split(",") if part.strip())


def main() -> int:
    args = _arguments()
    calendar = default_calendar()
    first = args.first_date
    if not calendar.is_trading_day(first):
        first = calendar.next_trading_day(first)
    days = [first]
    while len(days) < args.sessions:
        days.append(calendar.next_trading_day(days[-1]))
    root = args.keep or Path(tempfile.mkdtemp(prefix="soak-"))
    data_dir = root / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_db_engine(f"sqlite:///{data_dir / 'stockagent.db'}")
    soak = Soak(
        root=root,
        data_dir=data_dir,
        sessions=session_factory(engine),
        speed=args.speed,
        seed=args.seed,
        hold_after=_hold_after(args.hold, args.sessions),
    )
    run = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cpus",
        "python": platform.python_version(),
        "speed": args.speed,
        "seed": args.seed,
        "days": f"{days[0]}..{days[-1]}",
        "kept": str(root) if args.keep else "no",
    }
    results: list[SessionFigures] = []
    carried: tuple[Holding, ...] = ()
    try:
        for number, day in enumerate(days, start=1):
            log(f"session {number}: {day}, carried in {[(h.code, h.qty) for h in carried]}")
            session = Day(soak, number, day, carried)
            try:
                figures, carried = session.run()
            except Exception as exc:  # reported with the sessions run so far
                log(f"session {number}: aborted: {exc!r}")
                session.figures.problems.append(f"aborted: {exc!r}")
                results.append(session.figures)
                break
            results.append(figures)
            if not figures.ran_to_close:
                log("the soak stops: the next day would start from a state it did not mean")
                break
            log(
                f"session {number}: {figures.orders} orders, dup {figures.duplicates}, "
                f"positions {'=' if figures.positions_match else '!='} broker, "
                f"SIGTERM {figures.sigterm_rc}, {figures.wall_s:.0f} s"
            )
    finally:
        engine.dispose()
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    limits = Limits()
    text = report(results, limits, run)
    if args.json:
        print(text, file=sys.stderr)
        print(json.dumps(as_json(results, limits, run), indent=2, default=str))
    else:
        print(text)
    return 0 if all(v.ok for v in verdicts(results, limits)) else 1


if __name__ == "__main__":
    sys.exit(main())
