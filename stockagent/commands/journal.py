"""``stockagent journal [--date D] [--json]``: what a day's journal holds.

The journal (``<data_dir>/journal/<date>.journal``) is every input the agent's core saw live
that day, in order: prints, executions, VIs, the scanner's ranking and news reads, the feed's
state and the operator's commands. This prints its size, its inputs by kind, the time they
span and whether a crash left a torn last frame (dropped, the rest intact).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from typing import Any

from agent.clock import KST
from agent.journal import JournalError, Scan, journal_path, read_entries
from agent.settings import load_settings
from stockagent.commands.catalog import help_of


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("journal", help=help_of("journal"))
    parser.add_argument(
        "--date", type=date.fromisoformat, help="trade date YYYY-MM-DD (default: the newest)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=_show)


def _show(args: argparse.Namespace) -> int:
    directory = load_settings(args.config, keys=False).data_path / "journal"
    if args.date is not None:
        path = journal_path(directory, args.date)
    else:
        days = sorted(directory.glob("*.journal")) if directory.is_dir() else []
        if not days:
            print(f"stockagent: no journal in {directory} yet")
            return 1
        path = days[-1]
    if not path.exists():
        print(f"stockagent: no journal for {args.date} ({path} does not exist)")
        return 1
    scan = Scan()
    kinds: Counter[str] = Counter()
    first = last = None
    try:
        for entry in read_entries(path, scan):
            kinds[str(entry.event.__struct_config__.tag)] += 1
            first = first or entry.at
            last = entry.at
    except JournalError as exc:
        print(f"stockagent: {exc}")
        return 1
    report: dict[str, Any] = {
        "path": str(path),
        "bytes": path.stat().st_size,
        "inputs": scan.frames,
        "kinds": dict(sorted(kinds.items())),
        "first": first.astimezone(KST).isoformat() if first else None,
        "last": last.astimezone(KST).isoformat() if last else None,
        "torn_bytes": scan.torn_bytes,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"journal   {report['path']}")
    print(f"size      {report['bytes']:,} bytes, {scan.frames:,} inputs")
    print(f"from      {report['first'] or '-'} to {report['last'] or '-'}")
    print("kinds     " + ", ".join(f"{k} {n:,}" for k, n in report["kinds"].items()))
    if scan.torn_bytes:
        print(f"torn      a last frame of {scan.torn_bytes} bytes was dropped (a crash mid-write)")
    return 0
