"""Install, remove and ask about the service: the file written, then the service manager told.

Every command goes through :class:`Host.runner`, so tests record them and ``--dry-run`` runs
none. When the service manager cannot be reached (``systemctl --user`` outside a login session:
"Failed to connect to bus"), the unit stays written and the exact commands left to run are
printed; the exit status is non-zero.
"""

from __future__ import annotations

import difflib
import os
import shlex
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TextIO

from stockagent.bootstrap import prepare_data_dir
from stockagent.service.units import (
    LABEL,
    SYSTEMD_UNIT,
    ServiceSpec,
    plist_settings,
    render_plist,
    render_systemd,
    systemd_settings,
)

COMMAND_TIMEOUT_S = 60.0


class Platform(Enum):
    MACOS = "macos"
    LINUX = "linux"


@dataclass(frozen=True)
class Completed:
    """What a command did: its exit status and its output."""

    returncode: int
    stdout: str = ""
    stderr: str = ""


Runner = Callable[[Sequence[str]], Completed]


def run_command(argv: Sequence[str]) -> Completed:
    """Run ``argv`` and capture its output; a missing program is exit 127, never an exception."""
    try:
        done = subprocess.run(  # noqa: S603 - argv is built here, never from a shell string
            list(argv), capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, check=False
        )
    except FileNotFoundError:
        return Completed(127, stderr=f"{argv[0]}: command not found")
    except subprocess.TimeoutExpired:
        return Completed(124, stderr=f"no answer within {COMMAND_TIMEOUT_S:.0f} s")
    except OSError as exc:
        return Completed(126, stderr=str(exc))
    return Completed(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True)
class Host:
    """The machine the service is managed on: who, where, and how commands run."""

    platform: Platform
    home: Path
    uid: int
    user: str
    runner: Runner
    out: TextIO
    err: TextIO
    config_home: Path | None = None
    """``$XDG_CONFIG_HOME`` where systemd looks for user units; None: ``~/.config``."""

    def unit_path(self) -> Path:
        if self.platform is Platform.MACOS:
            return self.home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
        return (self.config_home or self.home / ".config") / "systemd" / "user" / SYSTEMD_UNIT

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def complain(self, text: str) -> None:
        print(f"stockagent service: {text}", file=self.err)


def _launchctl(*words: str) -> tuple[str, ...]:
    return ("launchctl", *words)


def _systemctl(*words: str) -> tuple[str, ...]:
    return ("systemctl", "--user", *words)


def _target(host: Host) -> str:
    return f"gui/{host.uid}/{LABEL}"


def render(spec: ServiceSpec, platform: Platform) -> bytes:
    if platform is Platform.MACOS:
        return render_plist(spec)
    return render_systemd(spec).encode()


def install(spec: ServiceSpec, host: Host, *, dry_run: bool = False, force: bool = False) -> int:
    """Write the unit and have the service manager start it; return the exit status."""
    path = host.unit_path()
    text = render(spec, host.platform)
    old = path.read_bytes() if path.is_file() else None
    if old is not None and old != text and not force:
        host.complain(f"{path} exists and differs from the unit this command writes:")
        host.err.write(_diff(old, text, path, host.platform))
        host.complain("pass --force to replace it (a running agent restarts with the new unit)")
        return 1
    if dry_run:
        host.say(f"# would write {path}:")
        host.say(text.decode().rstrip("\n"))
        host.say("# would run:")
        for argv in _install_commands(host, restart=old is not None and old != text):
            host.say(shlex.join(argv))
        _after_install(spec, host)
        return 0
    loaded = host.platform is Platform.MACOS and _run(host, _launchctl("print", _target(host)))
    if loaded and old == text:
        host.say(f"{path} is unchanged and already loaded: nothing to do")
        _after_install(spec, host)
        return 0
    prepare_data_dir(spec.working_directory)
    spec.log_directory.mkdir(parents=True, exist_ok=True)
    if old != text:
        _write(path, text)
        host.say(f"{'replaced' if old is not None else 'wrote'} {path}")
    restart = loaded if host.platform is Platform.MACOS else old is not None and old != text
    code = _run_all(host, _install_commands(host, restart=restart), f"the unit is written: {path}")
    _after_install(spec, host)
    return code


def uninstall(host: Host, *, dry_run: bool = False) -> int:
    """Stop the service, then remove its unit; return the exit status."""
    path = host.unit_path()
    if host.platform is Platform.MACOS:
        before = [_launchctl("bootout", _target(host))]
        after: list[tuple[str, ...]] = []
    else:
        before = [_systemctl("disable", "--now", SYSTEMD_UNIT)]
        after = [_systemctl("daemon-reload")]
    if dry_run:
        host.say("# would run:")
        for argv in [*before, ("rm", str(path)), *after]:
            host.say(shlex.join(argv))
        return 0
    if not path.is_file():
        host.say(f"no unit at {path}: nothing to uninstall")
        return 0
    if host.platform is Platform.MACOS and not _run(host, _launchctl("print", _target(host))):
        before = []  # not loaded: bootout would only fail
    manual = [*before, ("rm", str(path)), *after]
    for index, argv in enumerate(before):
        failed = _failure(host, argv)
        if failed:
            _report(host, failed, manual[index:], f"the unit is left in place: {path}")
            return 1
    path.unlink()
    host.say(f"removed {path}")
    return _run_all(host, after, f"the unit is removed: {path}")


def status(host: Host, *, dry_run: bool = False) -> int:
    """Print what the service manager says about the service: 0 when it has it loaded."""
    path = host.unit_path()
    if host.platform is Platform.MACOS:
        argv = _launchctl("print", _target(host))
    else:
        argv = _systemctl("status", "--no-pager", SYSTEMD_UNIT)
    if dry_run:
        host.say("# would run:")
        host.say(shlex.join(argv))
        return 0
    host.say(f"unit: {path} ({'installed' if path.is_file() else 'not installed'})")
    done = host.runner(argv)
    if done.stdout:
        host.out.write(done.stdout)
    if done.stderr:
        host.err.write(done.stderr)
    return 0 if done.returncode == 0 else 3


def _install_commands(host: Host, *, restart: bool) -> list[tuple[str, ...]]:
    """The commands that load the written unit; ``restart``: an older copy may be running."""
    if host.platform is Platform.MACOS:
        bootout = [_launchctl("bootout", _target(host))] if restart else []
        return [
            *bootout,
            _launchctl("enable", _target(host)),  # undo an earlier `launchctl disable`
            _launchctl("bootstrap", f"gui/{host.uid}", str(host.unit_path())),
        ]
    commands = [_systemctl("daemon-reload"), _systemctl("enable", "--now", SYSTEMD_UNIT)]
    return [*commands, _systemctl("restart", SYSTEMD_UNIT)] if restart else commands


def _after_install(spec: ServiceSpec, host: Host) -> None:
    agent_log = spec.log_directory / "stockagent.log"
    if host.platform is Platform.MACOS:
        host.say(f"logs: {agent_log} (and launchd's {spec.log_directory}/launchd.*.log)")
        host.say(f"stop: launchctl bootout {_target(host)}; start: stockagent service install")
        host.say("the Mac must stay logged in (a LaunchAgent runs in the user's session)")
        return
    host.say(f"logs: {agent_log}, and journalctl --user -u {SYSTEMD_UNIT} -f")
    host.say(f"stop: systemctl --user stop {SYSTEMD_UNIT}")
    host.say(
        "to keep it running without a login session (and start it at boot): "
        f"loginctl enable-linger {host.user}"
    )


def _run(host: Host, argv: Sequence[str]) -> bool:
    return host.runner(argv).returncode == 0


def _failure(host: Host, argv: Sequence[str]) -> str | None:
    """Run ``argv``; return why it failed, or None."""
    done = host.runner(argv)
    if done.returncode == 0:
        return None
    said = (done.stderr.strip() or done.stdout.strip()).splitlines()
    return f"`{shlex.join(argv)}` failed (exit {done.returncode})" + (
        f": {said[0]}" if said else ""
    )


def _run_all(host: Host, commands: list[tuple[str, ...]], state: str) -> int:
    for index, argv in enumerate(commands):
        failed = _failure(host, argv)
        if failed:
            _report(host, failed, commands[index:], state)
            return 1
        host.say(f"ran: {shlex.join(argv)}")
    return 0


def _report(host: Host, failed: str, left: list[tuple[str, ...]], state: str) -> None:
    host.complain(failed)
    host.complain(state)
    if "connect to bus" in failed:
        host.complain(
            "systemd's user manager is not reachable from this shell (no login session: "
            f"su, sudo, a container); log in as {host.user} (ssh or the console)"
        )
    host.complain("run these yourself:")
    for argv in left:
        print(f"  {shlex.join(argv)}", file=host.err)


def _write(path: Path, text: bytes) -> None:
    """Replace ``path`` in one step, so the service manager never reads half a unit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(text)
    os.chmod(partial, 0o644)
    partial.replace(path)


def _diff(old: bytes, new: bytes, path: Path, platform: Platform) -> str:
    """Return what changed, setting by setting, with credentials masked (an installed unit may
    have been edited by hand)."""
    settings = plist_settings if platform is Platform.MACOS else systemd_settings
    lines = difflib.unified_diff(
        settings(old), settings(new), f"{path} (installed)", f"{path} (new)", lineterm=""
    )
    return "".join(f"{line}\n" for line in lines)
