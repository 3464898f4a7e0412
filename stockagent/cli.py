"""The ``stockagent`` command: the one place where every layer is wired together."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from agent.settings import SettingsError
from stockagent.commands import (
    backtest,
    broker,
    config,
    ctl,
    db,
    demo,
    journal,
    run,
    simulator,
    token,
)

COMMANDS = (demo, run, backtest, journal, ctl, config, db, token, broker, simulator)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stockagent", description="Opening-session trading agent for Korean equities."
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="settings file (default: $STOCKAGENT_CONFIG or <data dir>/config.toml)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except SettingsError as exc:
        print(f"stockagent: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`stockagent broker fills | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
