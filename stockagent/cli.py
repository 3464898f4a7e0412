"""The ``stockagent`` command: the one place where every layer is wired together."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from agent.settings import SettingsError
from agent.store.errors import MigrationRefused
from stockagent.commands.catalog import COMMANDS


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Return the parser; only the command ``argv`` names is imported and registered in full
    (``None``: every command, for documentation and tests)."""
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
    chosen = _command_in(argv) if argv is not None else None
    for name, (module, help_text) in COMMANDS.items():
        if argv is None or name == chosen:
            importlib.import_module(module).register(subparsers)
        else:
            subparsers.add_parser(name, help=help_text)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """Return the first word of ``argv`` that names a command (the value of ``--config``,
    the one option before it, is skipped)."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            next(words, None)
        elif word in COMMANDS:
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(words).parse_args(words)
    try:
        code: int = args.func(args)
    except (SettingsError, MigrationRefused) as exc:
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
