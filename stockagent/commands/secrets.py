"""``stockagent secrets set|delete|status``: the Kiwoom keys in the OS keyring or the 0600 file.

A key is read from a hidden prompt, or from stdin when that is not a terminal (so a script can
pipe it), never from the command line, where ``ps`` and the shell history would keep it. No part
of a value is ever printed, not even its last characters: ``status`` says where each key is
found, never what it is. Where the agent looks, and in what order:
:mod:`agent.settings.kiwoom_keys`.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

from agent.secret import Secret
from agent.settings import Mode, SecretsError, Settings, key_store
from agent.settings.kiwoom_keys import (
    ENV,
    KEYS,
    SCOPES,
    SERVICE,
    Found,
    Key,
    KeyStore,
    Scope,
    Source,
)
from agent.settings.secret_file import key_problem
from stockagent.commands.catalog import help_of

# The hidden prompt; tests swap it for a function that answers.
prompt: Callable[[str], str] = getpass.getpass


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    secrets = subparsers.add_parser(
        "secrets",
        help=help_of("secrets"),
        description="Keep the Kiwoom keys in the OS keyring (the macOS Keychain), or in "
        "<data dir>/secrets.toml (mode 0600) where there is none. The agent looks in the "
        "keyring, then STOCKAGENT_KIWOOM_APPKEY / STOCKAGENT_KIWOOM_SECRETKEY, then the file. "
        "Paper (mock-server) and live keys are kept apart.",
    )
    actions = secrets.add_subparsers(dest="secrets_command", required=True, metavar="ACTION")
    store = actions.add_parser(
        "set", help="store a key, read from a hidden prompt (or from stdin when piped)"
    )
    store.add_argument("key", choices=KEYS)
    _scope_option(store)
    store.add_argument(
        "--file", action="store_true", help="in <data dir>/secrets.toml (0600), not the keyring"
    )
    store.set_defaults(func=_set)
    delete = actions.add_parser("delete", help="remove a key from the keyring (or the file)")
    delete.add_argument("key", choices=KEYS)
    _scope_option(delete)
    delete.add_argument("--file", action="store_true", help="from <data dir>/secrets.toml")
    delete.set_defaults(func=_delete)
    status = actions.add_parser("status", help="where each key is found (never its value)")
    status.add_argument("--mode", choices=SCOPES, default=None, help="one scope only")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=_status)


def _scope_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mode",
        choices=SCOPES,
        default=None,
        help="whose keys: paper (Kiwoom's mock server) or live (default: the settings' mode)",
    )


def _set(args: argparse.Namespace) -> int:
    settings, store = key_store(args.config)
    key: Key = args.key
    scope = _scope(args, settings)
    value = _read_value(key, scope)
    save = store.save_to_file if args.file else store.save
    where = save(key, scope, value)
    print(f"kiwoom {scope} {key} stored in the {where}")
    used, problems = _first(store, key, scope)
    stored_in = Source.FILE if args.file else Source.KEYRING
    if used is not None and used.source is not stored_in:
        print(f"note: the agent reads it from the {used.where}, which comes first")
    _warn(problems)
    return 0


def _delete(args: argparse.Namespace) -> int:
    settings, store = key_store(args.config)
    key: Key = args.key
    scope = _scope(args, settings)
    place = f"file {store.file}" if args.file else "OS keyring"
    removed = store.remove_from_file(key, scope) if args.file else store.remove(key, scope)
    if not removed:
        print(f"stockagent secrets: kiwoom {scope} {key} is not in the {place}", file=sys.stderr)
        return 1
    print(f"kiwoom {scope} {key} deleted from the {place}")
    used, problems = _first(store, key, scope)
    print(f"the agent now reads it from the {used.where}" if used else "it is now missing")
    _warn(problems)
    return 0


def _status(args: argparse.Namespace) -> int:
    settings, store = key_store(args.config)
    scopes: tuple[Scope, ...] = (args.mode,) if args.mode else SCOPES
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    for scope in scopes:
        for key in KEYS:
            found, trouble = store.holders(key, scope)
            problems += [problem for problem in trouble if problem not in problems]
            rows.append(
                {
                    "scope": scope,
                    "key": key,
                    "source": found[0].source.value if found else "missing",
                    "where": _detail(store, found[0]) if found else None,
                    "also": [one.source.value for one in found[1:]],
                }
            )
    keyring = store.keyring_name()
    file_state = "present" if store.file.exists() else "absent"
    if args.json:
        report = {
            "mode": settings.mode.value,
            "keyring": keyring,
            "file": str(store.file),
            "keys": rows,
            "problems": problems,
        }
        print(json.dumps(report, indent=2))
    else:
        mode = settings.mode.value
        print(f"mode: {mode}" + (f" (the agent uses the {mode} keys)" if mode in SCOPES else ""))
        print(f"keyring: {f'{keyring}, service {SERVICE}' if keyring else 'none on this machine'}")
        print(f"secrets file: {store.file} ({file_state})")
        for row in rows:
            also = f"  (also in: {', '.join(row['also'])})" if row["also"] else ""
            where = f"  {row['where']}" if row["where"] else ""
            print(f"{row['scope']:<6} {row['key']:<10} {row['source']:<8}{where}{also}".rstrip())
        _warn(problems)
    return 1 if problems else 0


def _scope(args: argparse.Namespace, settings: Settings) -> Scope:
    if args.mode is not None:
        scope: Scope = args.mode
        return scope
    if settings.mode is Mode.LIVE:
        return "live"
    if settings.mode is Mode.PAPER:
        return "paper"
    raise SecretsError(
        f"whose key? the settings' mode is {settings.mode.value}: add --mode paper "
        "(Kiwoom's mock server) or --mode live"
    )


def _read_value(key: Key, scope: Scope) -> Secret:
    stdin = sys.stdin
    if stdin is None:
        raise SecretsError(f"no stdin to read the {key} from; nothing stored")
    if stdin.isatty():
        origin = "the prompt"
        try:
            text = prompt(f"Kiwoom {scope} {key} (not shown): ")
        except EOFError:
            text = ""
    else:
        origin = "stdin"
        text = stdin.read()
    problem = key_problem(text)
    if problem:
        raise SecretsError(f"the {key} read from {origin} {problem}; nothing stored")
    return Secret(text.strip())


def _first(store: KeyStore, key: Key, scope: Scope) -> tuple[Found | None, list[str]]:
    found, problems = store.holders(key, scope)
    return (found[0] if found else None), problems


def _detail(store: KeyStore, found: Found) -> str:
    """Name the place briefly: the keyring account, the variable, the file."""
    if found.source is Source.KEYRING:
        return f"account kiwoom.{found.scope}.{found.key}"
    if found.source is Source.ENV:
        return ENV[found.key]
    if found.source is Source.FILE:
        return str(store.file)
    return str(store.config_file)


def _warn(problems: list[str]) -> None:
    for problem in problems:
        print(f"stockagent secrets: {problem}", file=sys.stderr)
