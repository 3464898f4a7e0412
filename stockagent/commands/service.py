"""``stockagent service install|uninstall|status``: the agent as a launchd or systemd service.

The unit runs ``stockagent run`` with this interpreter (``python -m stockagent``, so the
virtual environment it was installed in), the settings file given with ``--config`` and the
non-secret ``STOCKAGENT_*`` variables of this shell. Mode ``live`` must be confirmed with
``--live``, which the unit then passes to ``stockagent run``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import msgspec

from agent.settings import Mode, Settings, SettingsError, load_settings
from agent.settings.loader import settings_file
from stockagent.commands.catalog import help_of
from stockagent.service.manage import Host, Platform, install, run_command, status, uninstall
from stockagent.service.units import ServiceSpec, UnitError, service_environment


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    service = subparsers.add_parser("service", help=help_of("service"))
    actions = service.add_subparsers(dest="service_command", required=True)
    helps = {
        "install": "write the unit and start the agent under launchd or systemd",
        "uninstall": "stop the agent and remove the unit",
        "status": "what launchd or systemd says about the agent",
    }
    for name, text in helps.items():
        action = actions.add_parser(name, help=text)
        action.add_argument(
            "--platform",
            choices=[p.value for p in Platform],
            default=None,
            help="macos (launchd) or linux (systemd); default: this machine's",
        )
        action.add_argument(
            "--dry-run", action="store_true", help="print what would be written and run; do nothing"
        )
        action.set_defaults(func=_ACTIONS[name])
        if name == "install":
            action.add_argument(
                "--live", action="store_true", help="required in mode 'live': the unit runs --live"
            )
            action.add_argument(
                "--force", action="store_true", help="replace an installed unit that differs"
            )


def default_platform(name: str = sys.platform) -> Platform | None:
    """Return the service manager of the OS called ``name`` (``sys.platform``), if supported."""
    if name == "darwin":
        return Platform.MACOS
    if name.startswith("linux"):
        return Platform.LINUX
    return None


def build_spec(
    settings: Settings,
    *,
    config: Path | None,
    live: bool,
    environ: Mapping[str, str],
    executable: str,
) -> tuple[ServiceSpec, list[str]]:
    """Return the unit's spec and the names of the variables it leaves out as secrets.

    ``config`` is the settings file in use (:func:`agent.settings.loader.settings_file`): the
    unit names it, so the service reads the same file however this shell found it.
    """
    data_dir = settings.data_path.absolute()
    options = ["--config", str(config.expanduser().absolute())] if config is not None else []
    program = (executable, "-m", "stockagent", *options, "run", *(["--live"] if live else []))
    env = service_environment(environ, data_dir=data_dir)
    spec = ServiceSpec(
        program=program,
        working_directory=data_dir,
        log_directory=data_dir / "logs",
        environment=env.kept,
    )
    return spec, env.withheld


def settings_seen_by_service(
    settings: Settings, config: Path | None, environment: Mapping[str, str]
) -> str | None:
    """Return why the service would run with other settings than ``settings``, or None.

    The unit leaves credentials out, so a database URL with a password that only this shell
    holds would silently send the service to another database.
    """
    try:
        seen = load_settings(config, environ=environment)
    except SettingsError as exc:
        return f"the service would not start: {exc}"
    changed = differing_fields(settings, seen)
    if changed:
        return f"the service would run with other settings: {', '.join(changed)}"
    return None


def differing_fields(a: msgspec.Struct, b: msgspec.Struct, prefix: str = "") -> list[str]:
    """Return the dotted names of the fields whose values differ (never the values)."""
    found: list[str] = []
    for field in msgspec.structs.fields(a):
        mine, theirs = getattr(a, field.name), getattr(b, field.name)
        if isinstance(mine, msgspec.Struct) and type(mine) is type(theirs):
            found.extend(differing_fields(mine, theirs, f"{prefix}{field.name}."))
        elif mine != theirs:
            found.append(prefix + field.name)
    return found


def _host(args: argparse.Namespace) -> Host | None:
    platform = Platform(args.platform) if args.platform else default_platform()
    if platform is None:
        print(
            f"stockagent service: no service manager known on {sys.platform}: "
            "choose one with --platform macos|linux",
            file=sys.stderr,
        )
        return None
    config_home = os.environ.get("XDG_CONFIG_HOME")
    return Host(
        platform=platform,
        home=Path.home(),
        uid=os.getuid(),
        user=getpass.getuser(),
        runner=run_command,
        out=sys.stdout,
        err=sys.stderr,
        config_home=Path(config_home) if config_home and Path(config_home).is_absolute() else None,
    )


def _install(args: argparse.Namespace) -> int:
    host = _host(args)
    if host is None:
        return 2
    settings = load_settings(args.config)
    if settings.mode not in (Mode.PAPER, Mode.LIVE):
        host.complain(
            f"mode is '{settings.mode.value}': `stockagent run` trades only in mode 'paper' "
            "(Kiwoom's mock server) or 'live'; set `mode` in the settings first"
        )
        return 2
    if settings.mode is Mode.LIVE and not args.live:
        host.complain(
            "mode is 'live' (real money): install with `stockagent service install --live` "
            "to confirm; the service then runs `stockagent run --live`"
        )
        return 2
    config = settings_file(args.config)
    spec, withheld = build_spec(
        settings,
        config=config,
        live=settings.mode is Mode.LIVE,  # never for paper: a later switch to live re-confirms
        environ=os.environ,
        executable=str(Path(sys.executable).absolute()),  # not resolved: keep the venv
    )
    problem = settings_seen_by_service(settings, config, spec.environment)
    if problem is not None:
        host.complain(
            f"{problem}; the unit never carries credentials, and this shell holds "
            f"{', '.join(withheld) or 'none'}: put them in the settings file (mode 0600)"
        )
        return 2
    if withheld:
        names = ", ".join(withheld)
        host.say(f"left out of the unit as credentials (the settings are the same): {names}")
    try:
        return install(spec, host, dry_run=args.dry_run, force=args.force)
    except UnitError as exc:
        host.complain(str(exc))
        return 2


def _uninstall(args: argparse.Namespace) -> int:
    host = _host(args)
    return 2 if host is None else uninstall(host, dry_run=args.dry_run)


def _status(args: argparse.Namespace) -> int:
    host = _host(args)
    return 2 if host is None else status(host, dry_run=args.dry_run)


_ACTIONS = {"install": _install, "uninstall": _uninstall, "status": _status}
