"""``stockagent db upgrade|downgrade|current``: the database schema."""

from __future__ import annotations

import argparse

from agent.store.migrate import current_revision, downgrade, head_revision, upgrade
from stockagent.bootstrap import boot
from stockagent.commands.catalog import help_of


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = subparsers.add_parser("db", help=help_of("db"))
    actions = db.add_subparsers(dest="db_command", required=True)
    up = actions.add_parser("upgrade", help="migrate to the newest schema (or REVISION)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=_upgrade)
    down = actions.add_parser("downgrade", help="migrate down to REVISION ('base' drops all)")
    down.add_argument("revision")
    down.set_defaults(func=_downgrade)
    current = actions.add_parser("current", help="print the schema revision")
    current.set_defaults(func=_current)


def _upgrade(args: argparse.Namespace) -> int:
    runtime = boot(args.config, migrate=False, keys=False)
    upgrade(runtime.engine, args.revision)
    print(f"database at revision {current_revision(runtime.engine)}")
    return 0


def _downgrade(args: argparse.Namespace) -> int:
    runtime = boot(args.config, migrate=False, keys=False)
    downgrade(runtime.engine, args.revision)
    print(f"database at revision {current_revision(runtime.engine) or 'base'}")
    return 0


def _current(args: argparse.Namespace) -> int:
    runtime = boot(args.config, migrate=False, console=False, keys=False)
    current = current_revision(runtime.engine)
    head = head_revision(runtime.engine)
    state = "up to date" if current == head else f"behind (newest is {head})"
    print(f"{current or 'base'}: {state}")
    return 0
