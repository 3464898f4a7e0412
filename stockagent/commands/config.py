"""``stockagent config show|reset``: the settings the next start uses, and the stored overrides.

A strategy or risk value changed while the agent ran (the API, the dashboard, ``stockagent ctl
config set``) is stored and applied at every start on top of the file and the environment
(:mod:`agent.settings.layers`). ``show`` prints each value with where it comes from; ``reset``
drops one stored override or all, in the database, whether the agent runs or not: a running
agent keeps the values it has until it restarts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from agent.secret import mask_url_credentials
from agent.settings import (
    Explained,
    Override,
    Settings,
    SettingsError,
    explain_settings,
    render_settings,
)
from agent.settings.dotted import get_dotted
from agent.settings.layers import overridable_keys, override_origin
from agent.settings.render import settings_as_dict
from agent.store.engine import create_db_engine, normalize_url, session_factory
from agent.store.repositories import SettingsOverrideRepository
from stockagent.commands.catalog import help_of

EXIT_REFUSED = 1
EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    config = subparsers.add_parser("config", help=help_of("config"))
    actions = config.add_subparsers(dest="config_command", required=True)
    show = actions.add_parser(
        "show",
        help="print the settings the next start uses, each with where it comes from "
        "(default, file, env, or a stored override)",
    )
    show.add_argument("--json", action="store_true", help="print JSON instead of TOML")
    show.set_defaults(func=_show)
    reset = actions.add_parser(
        "reset",
        help="drop the stored override of KEY (or every one), so the file and the environment "
        "apply again from the next start",
    )
    reset.add_argument("key", nargs="?", metavar="KEY", help="e.g. risk.stop_loss_pct")
    reset.set_defaults(func=_reset)


def _show(args: argparse.Namespace) -> int:
    config_file: Path | None = args.config
    base = explain_settings(config_file)
    stored, unread = _stored_overrides(base.settings)
    refused: str | None = None
    try:
        explained = explain_settings(config_file, overrides=stored) if stored else base
    except SettingsError as exc:
        explained, refused = base, str(exc)
    print(render_settings(explained.settings, as_json=args.json, origins=explained.origins))
    if unread is not None:
        print(f"stockagent config show: stored overrides not read: {unread}", file=sys.stderr)
    if refused is not None:
        print(
            "stockagent config show: the values above leave out the stored overrides, which "
            f"stop the next start: {refused}",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    return 0


def _stored_overrides(settings: Settings) -> tuple[list[Override], str | None]:
    """Read the overrides without writing anything (no migration, no new SQLite file);
    return them, and why they could not be read, if so."""
    url = normalize_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or not Path(database).expanduser().is_file():
            return [], None  # no database yet: nothing stored
    engine = create_db_engine(settings.database_url)
    try:
        if not inspect(engine).has_table("settings_overrides"):
            return [], None  # a database from before overrides were stored
        return SettingsOverrideRepository(session_factory(engine)).overrides(), None
    except SQLAlchemyError as exc:
        where = mask_url_credentials(settings.database_url)
        return [], f"the database {where} did not answer ({type(exc).__name__})"
    finally:
        engine.dispose()


def _reset(args: argparse.Namespace) -> int:
    from stockagent.bootstrap import boot  # logging and migrations: only for this action

    base = explain_settings(args.config)
    runtime = boot(args.config, console=False)
    try:
        return _drop(SettingsOverrideRepository(session_factory(runtime.engine)), base, args.key)
    finally:
        runtime.engine.dispose()


def _drop(overrides: SettingsOverrideRepository, base: Explained, key: str | None) -> int:
    if key is not None and key not in {override.key for override in overrides.overrides()}:
        if key in overridable_keys():
            print(f"nothing to drop: {key} has no stored override (it is {_fallback(base, key)})")
            return 0
        print(
            f"stockagent config reset: no setting {key}: give the key of a stored override "
            "(`stockagent config show` marks them) or a strategy or risk setting",
            file=sys.stderr,
        )
        return EXIT_USAGE
    dropped = overrides.drop(key)
    if not dropped:
        print("no stored overrides: nothing to drop")
        return 0
    for override in dropped:
        stored = override_origin(override, None)
        then = _fallback(base, override.key)
        print(
            f"dropped {override.key} = {_json(override.value)} ({stored}); "
            f"the next start uses {then}"
        )
    print("A running agent is not affected: it keeps the values it has until it restarts.")
    return 0


def _fallback(base: Explained, key: str) -> str:
    """Say what applies once the override of ``key`` is gone: the file, env or default."""
    if key not in overridable_keys():
        return "nothing for it: it is no longer a setting"
    value = get_dotted(settings_as_dict(base.settings), key)
    return f"{_json(value)} ({base.origin(key)})"


def _json(value: Any) -> str:
    return "unset" if value is None else json.dumps(value, ensure_ascii=False)
