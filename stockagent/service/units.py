"""Render the service definitions: pure functions from a :class:`ServiceSpec` to file text.

Both service managers are told the same policy, in their own words:

* restart when the agent exits non-zero or is killed (the root supervisor giving up exits 70,
  :data:`stockagent.agent_process.EXIT_ROOT_FAILED`), but leave it stopped after a clean stop
  (SIGTERM makes ``stockagent run`` stop the tree and exit 0);
* wait between restarts, and give the graceful shutdown a minute before killing it;
* carry only the non-secret ``STOCKAGENT_*`` variables: a unit file is readable by every process
  of the user and ends up in backups, so keys, tokens and passwords stay in the settings file or
  the OS keyring.
"""

from __future__ import annotations

import plistlib
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import msgspec

from agent.secret import MASK, Secret, is_secret_name, mask_url_credentials
from agent.settings import Settings
from agent.settings.loader import CONFIG_ENV, ENV_PREFIX

LABEL = "com.stockagent.agent"
"""The launchd label, and the plist's file name without ``.plist``."""
SYSTEMD_UNIT = "stockagent.service"
RESTART_DELAY_S = 15
"""Seconds between a failed exit and the next start (launchd: ``ThrottleInterval``)."""
STOP_TIMEOUT_S = 60
"""How long a stop may take before SIGKILL: the tree stops in about 40 s at worst."""
START_LIMIT_INTERVAL_S = 600
START_LIMIT_BURST = 5
"""systemd gives up after this many starts within the interval; a human must look."""
EXIT_BAD_SETTINGS = 2
"""``stockagent`` exits 2 on a wrong setting (or mode live without ``--live``): restarting
cannot fix it. launchd has no such exception and retries every ``RESTART_DELAY_S``."""
DATA_DIR_ENV = ENV_PREFIX + "DATA_DIR"
LOGGING_CONSOLE_ENV = ENV_PREFIX + "LOGGING_CONSOLE"
_TEST_ENV = ENV_PREFIX + "TEST_"


class UnitError(ValueError):
    """A value cannot be written into a unit; the message names it."""


@dataclass(frozen=True)
class ServiceSpec:
    """What the service runs, with what, and where; every path absolute."""

    program: tuple[str, ...]
    """The command line: ``python -m stockagent [--config FILE] run [--live]``."""
    working_directory: Path
    log_directory: Path
    environment: Mapping[str, str] = field(default_factory=dict)
    label: str = LABEL


@dataclass(frozen=True)
class Environment:
    """The variables a unit carries, and the names left out (never their values)."""

    kept: dict[str, str]
    withheld: list[str]


def service_environment(environ: Mapping[str, str], *, data_dir: Path) -> Environment:
    """Select the ``STOCKAGENT_*`` variables of ``environ`` that a unit may carry.

    ``STOCKAGENT_DATA_DIR`` is always ``data_dir`` (absolute), so the agent writes where the unit
    sends its output; ``STOCKAGENT_CONFIG`` is left out, the unit's command names the settings
    file with ``--config``. A variable whose name says it is a credential, or whose value is a
    URL with a user or password in it, is withheld.
    """
    kept: dict[str, str] = {}
    withheld: list[str] = []
    for name in sorted(environ):
        value = environ[name]
        if not name.startswith(ENV_PREFIX) or name.startswith(_TEST_ENV):
            continue
        if name in (DATA_DIR_ENV, CONFIG_ENV):
            continue
        secret = name in secret_variables() or is_secret_name(name[len(ENV_PREFIX) :])
        if secret or mask_url_credentials(value) != value:
            withheld.append(name)
            continue
        kept[name] = value
    kept[DATA_DIR_ENV] = str(data_dir)
    return Environment(kept=dict(sorted(kept.items())), withheld=withheld)


@cache
def secret_variables(settings_type: type[msgspec.Struct] = Settings) -> frozenset[str]:
    """Return the variable names of every setting typed :class:`Secret`, whatever its name
    (a notification URL that carries a bot token, say)."""
    settings = msgspec.inspect.type_info(settings_type)
    assert isinstance(settings, msgspec.inspect.StructType)
    found: set[str] = set()
    for section in settings.fields:
        if _holds_secret(section.type):
            found.add(f"{ENV_PREFIX}{section.name}".upper())
        if isinstance(section.type, msgspec.inspect.StructType):
            found.update(
                f"{ENV_PREFIX}{section.name}_{item.name}".upper()
                for item in section.type.fields
                if _holds_secret(item.type)
            )
    return frozenset(found)


def _holds_secret(info: msgspec.inspect.Type) -> bool:
    inspect = msgspec.inspect
    if isinstance(info, inspect.CustomType):
        return info.cls is Secret
    if isinstance(info, inspect.UnionType):
        return any(_holds_secret(member) for member in info.types)
    if isinstance(info, inspect.TupleType):
        return any(_holds_secret(member) for member in info.item_types)
    if isinstance(
        info, inspect.ListType | inspect.SetType | inspect.FrozenSetType | inspect.VarTupleType
    ):
        return _holds_secret(info.item_type)
    return False


def render_plist(spec: ServiceSpec) -> bytes:
    """Return the launchd agent's property list (``~/Library/LaunchAgents/<label>.plist``)."""
    _check_text(spec)
    environment = dict(spec.environment)
    # launchd never rotates StandardErrorPath; the agent's own log file is rotated daily, so the
    # console copy of every line is left out unless the user asked for it.
    environment.setdefault(LOGGING_CONSOLE_ENV, "false")
    job = {
        "Label": spec.label,
        "ProgramArguments": list(spec.program),
        "WorkingDirectory": str(spec.working_directory),
        "EnvironmentVariables": environment,
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": RESTART_DELAY_S,
        "ExitTimeOut": STOP_TIMEOUT_S,
        # Background ("Standard") jobs may have their timers coalesced and their I/O throttled;
        # the opening auction does not wait.
        "ProcessType": "Interactive",
        "StandardOutPath": str(spec.log_directory / "launchd.out.log"),
        "StandardErrorPath": str(spec.log_directory / "launchd.err.log"),
    }
    return plistlib.dumps(job, fmt=plistlib.FMT_XML, sort_keys=True)


def render_systemd(spec: ServiceSpec) -> str:
    """Return the systemd user unit (``~/.config/systemd/user/stockagent.service``)."""
    _check_text(spec)
    environment = " ".join(
        _quoted(f"{name}={value}", always=True) for name, value in spec.environment.items()
    )
    lines = [
        "[Unit]",
        "Description=StockAgent trading agent",
        f"StartLimitIntervalSec={START_LIMIT_INTERVAL_S}",
        f"StartLimitBurst={START_LIMIT_BURST}",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + " ".join(_quoted(arg).replace("$", "$$") for arg in spec.program),
        f"WorkingDirectory={_specifiers(str(spec.working_directory))}",
        *([f"Environment={environment}"] if environment else []),
        "Restart=on-failure",
        f"RestartSec={RESTART_DELAY_S}",
        f"RestartPreventExitStatus={EXIT_BAD_SETTINGS}",
        "KillSignal=SIGTERM",
        f"TimeoutStopSec={STOP_TIMEOUT_S}",
        "SyslogIdentifier=stockagent",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
    ]
    return "\n".join(lines)


_PLAIN = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


def _quoted(text: str, *, always: bool = False) -> str:
    """Quote one word for systemd's C-style word splitting; ``%`` specifiers are escaped."""
    if not always and _PLAIN.fullmatch(text):
        return _specifiers(text)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{_specifiers(escaped)}"'


def _specifiers(text: str) -> str:
    return text.replace("%", "%%")


def _check_text(spec: ServiceSpec) -> None:
    """Refuse control characters: a newline would end a systemd line and start another."""
    named = {
        "program": " ".join(spec.program),
        "working directory": str(spec.working_directory),
        "log directory": str(spec.log_directory),
        **{f"variable {name}": f"{name}={value}" for name, value in spec.environment.items()},
    }
    for what, text in named.items():
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
            raise UnitError(f"the {what} holds a control character: {text!r}")
    for path in (spec.working_directory, spec.log_directory):
        if not path.is_absolute():
            raise UnitError(f"a unit needs absolute paths, got {path}")


def plist_settings(data: bytes) -> list[str]:
    """Return a property list as ``Key = value`` lines, credentials masked (for a diff)."""
    try:
        job = plistlib.loads(data)
    except (plistlib.InvalidFileException, ValueError):
        return ["(not a readable property list)"]
    return _flattened(job, "")


def systemd_settings(data: bytes) -> list[str]:
    """Return a unit file as ``Key = value`` lines, one per variable, credentials masked."""
    found: list[str] = []
    for raw in data.decode(errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")) or "=" not in line:
            found.extend([line] if line.startswith("[") else [])
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if key != "Environment":
            found.append(_setting(key, value))
            continue
        try:
            words = shlex.split(value)
        except ValueError:
            words = [value]
        for word in words:
            name, _, text = word.partition("=")
            found.append(_setting(f"Environment {name}", text))
    return found


def _flattened(value: object, path: str) -> list[str]:
    if isinstance(value, dict):
        return [
            line
            for key in sorted(value)
            for line in _flattened(value[key], f"{path}.{key}" if path else str(key))
        ]
    if isinstance(value, list):
        return [_setting(path, shlex.join(str(item) for item in value))]
    return [_setting(path, str(value))]


def _setting(name: str, value: str) -> str:
    shown = MASK if is_secret_name(name.rsplit(" ", 1)[-1].rsplit(".", 1)[-1]) else value
    return f"{name} = {mask_url_credentials(shown)}"
