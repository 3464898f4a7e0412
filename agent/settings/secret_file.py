"""The secrets file ``<data dir>/secrets.toml``: the Kiwoom keys where there is no OS keyring.

Like ssh with a private key, a file other users could open is refused, not used: the keys trade
the account. One table per scope, since Kiwoom issues mock-server (paper) and real (live) keys as
separate pairs::

    [kiwoom.paper]
    appkey = "..."
    secretkey = "..."

    [kiwoom.live]
    appkey = "..."
    secretkey = "..."

Errors name the file and the offending key, never a value.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tomllib
from pathlib import Path
from typing import Any, Literal

from agent.settings.errors import SecretsError

FILE_NAME = "secrets.toml"
Key = Literal["appkey", "secretkey"]
Scope = Literal["paper", "live"]
KEYS: tuple[Key, ...] = ("appkey", "secretkey")
SCOPES: tuple[Scope, ...] = ("paper", "live")

# scope -> key -> value
Stored = dict[str, dict[str, str]]


def secrets_path(data_dir: Path) -> Path:
    """Return where the secrets file of ``data_dir`` lives (it may not exist)."""
    return data_dir / FILE_NAME


def read_secrets(path: Path) -> Stored:
    """Return the file's keys by scope: nothing when there is no file.

    Raises :class:`SecretsError` when other users may open it, another user owns it, or it is
    not the layout above.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SecretsError(f"cannot read secrets file {path}: {exc.strerror}") from None
    _check_private(path, status)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        # tomllib names the line and column, not the text there.
        raise SecretsError(f"secrets file {path} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise SecretsError(f"cannot read secrets file {path}: {exc.strerror}") from None
    return _validated(path, data)


def write_secrets(path: Path, stored: Stored) -> None:
    """Replace the file with ``stored`` (mode 0600, written aside then renamed); remove it
    when nothing is left."""
    kept = {scope: values for scope, values in stored.items() if values}
    try:
        if not kept:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        # O_EXCL: never reuse a file someone else created (with other permissions).
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_render(kept))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise SecretsError(f"cannot write secrets file {path}: {exc.strerror}") from None


def key_problem(value: str) -> str | None:
    """Say what is wrong with a key's value, without showing it; None when it looks like one.

    Kiwoom's keys are printable ASCII without spaces, so a stray newline, a space or a second
    line pasted along is caught here rather than as a refused login.
    """
    value = value.strip()
    if not value:
        return "is empty"
    if not (value.isascii() and value.isprintable()) or any(c.isspace() for c in value):
        return "has spaces or characters a key never has"
    return None


def _check_private(path: Path, status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise SecretsError(f"secrets file {path} is not a regular file")
    if status.st_mode & 0o077:
        raise SecretsError(
            f"secrets file {path} is open to other users (mode "
            f"{stat.S_IMODE(status.st_mode):04o}) and is not read; it must be 0600: "
            f"chmod 600 {path}"
        )
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        raise SecretsError(f"secrets file {path} belongs to another user and is not read")


def _validated(path: Path, data: dict[str, Any]) -> Stored:
    for name in data:
        if name != "kiwoom":
            raise SecretsError(
                f"secrets file {path}: unknown key {_named(name)} (only [kiwoom.paper] "
                "and [kiwoom.live] tables)"
            )
    kiwoom = data.get("kiwoom", {})
    if not isinstance(kiwoom, dict):
        raise SecretsError(f"secrets file {path}: kiwoom must be a table")
    stored: Stored = {}
    for scope, values in kiwoom.items():
        if scope in SCOPES and not isinstance(values, dict):
            raise SecretsError(f"secrets file {path}: kiwoom.{scope} must be a table")
        if scope not in SCOPES:
            raise SecretsError(
                f"secrets file {path}: unknown table kiwoom.{_named(scope)} (allowed: "
                f"{', '.join(f'kiwoom.{s}' for s in SCOPES)})"
            )
        for key, value in values.items():
            dotted = f"kiwoom.{scope}.{_named(key)}"
            if key not in KEYS:
                raise SecretsError(
                    f"secrets file {path}: unknown key {dotted} (allowed: {', '.join(KEYS)})"
                )
            problem = "must be a string" if not isinstance(value, str) else key_problem(value)
            if problem:
                raise SecretsError(f"secrets file {path}: {dotted} {problem}")
        stored[scope] = {key: value.strip() for key, value in values.items() if value.strip()}
    return stored


def _named(name: str) -> str:
    """Return an unknown name as it is, unless it is long enough to be a key pasted in its place."""
    return name if len(name) <= 20 else f"<a name of {len(name)} characters>"


def _render(stored: Stored) -> str:
    lines = ["# StockAgent's Kiwoom keys (`stockagent secrets`). Keep this file mode 0600.", ""]
    for scope in SCOPES:
        values = stored.get(scope, {})
        if values:
            lines.append(f"[kiwoom.{scope}]")
            # Keys are printable ASCII (checked when set): a JSON string is a TOML basic string.
            lines += [f"{key} = {json.dumps(values[key])}" for key in KEYS if key in values]
            lines.append("")
    return "\n".join(lines)
