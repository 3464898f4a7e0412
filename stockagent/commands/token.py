"""``stockagent token show|rotate``: the API's bearer token in the data directory."""

from __future__ import annotations

import argparse

from agent.settings import load_settings
from stockagent.commands.catalog import help_of
from web.token import load_or_create_token, rotate_token, token_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    token = subparsers.add_parser("token", help=help_of("token"))
    actions = token.add_subparsers(dest="token_command", required=True)
    show = actions.add_parser("show", help="print the token (creating it if needed)")
    show.set_defaults(func=_show)
    rotate = actions.add_parser("rotate", help="replace the token; restart the agent after")
    rotate.set_defaults(func=_rotate)


def _show(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, keys=False)
    print(load_or_create_token(settings.data_path).reveal())
    return 0


def _rotate(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, keys=False)
    rotate_token(settings.data_path)
    print(f"new token written to {token_path(settings.data_path)} (mode 0600)")
    print("a running agent keeps the old token until it restarts")
    return 0
