"""``stockagent config show``: the effective settings, secrets masked."""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.settings import load_settings, render_settings
from stockagent.commands.catalog import help_of


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    config = subparsers.add_parser("config", help=help_of("config"))
    actions = config.add_subparsers(dest="config_command", required=True)
    show = actions.add_parser("show", help="print the settings after the file and environment")
    show.add_argument("--json", action="store_true", help="print JSON instead of TOML")
    show.set_defaults(func=_show)


def _show(args: argparse.Namespace) -> int:
    config_file: Path | None = args.config
    print(render_settings(load_settings(config_file), as_json=args.json))
    return 0
