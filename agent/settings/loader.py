"""Assemble :class:`Settings` from defaults, a TOML file and ``STOCKAGENT_*`` variables.

The environment wins over the file, the file over the defaults. Environment names are
``STOCKAGENT_<FIELD>`` for top-level fields (``STOCKAGENT_MODE``, ``STOCKAGENT_DATA_DIR``) and
``STOCKAGENT_<SECTION>_<FIELD>`` for the rest (``STOCKAGENT_DATABASE_URL``,
``STOCKAGENT_KIWOOM_APPKEY``, ``STOCKAGENT_RISK_STOP_LOSS_PCT``). A wrong value raises
:class:`SettingsError` naming the setting, the value, where it came from and what is allowed.
In modes paper and live the Kiwoom keys are then looked up on their own, the OS keyring first
(:mod:`agent.settings.kiwoom_keys`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from agent.secret import MASK, Secret
from agent.settings.checks import cross_field_problems
from agent.settings.components import Mode, Settings
from agent.settings.errors import SettingsError
from agent.settings.kiwoom_keys import KEYS, KeyStore, Scope

ENV_PREFIX = "STOCKAGENT_"
CONFIG_ENV = "STOCKAGENT_CONFIG"
# Variables with the prefix that are not settings themselves.
_META_ENV = {CONFIG_ENV, "STOCKAGENT_API_TOKEN"}
# Where the test suite finds its PostgreSQL and Redis (tests/support/services.py).
_TEST_ENV = "STOCKAGENT_TEST_"
_SECRET_NAME = re.compile(r"(key|secret|token|password)", re.IGNORECASE)
_PATH_RE = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")


def load_settings(
    config_file: Path | None = None, environ: Mapping[str, str] | None = None, *, keys: bool = True
) -> Settings:
    """Build the effective settings, or raise :class:`SettingsError`.

    In modes paper and live the Kiwoom keys are looked up where
    :mod:`agent.settings.kiwoom_keys` says (the OS keyring first). ``keys=False`` skips that
    and the checks that the keys are there: for commands that never talk to Kiwoom, which must
    work where the keyring cannot be read (a locked keychain over ssh).
    """
    env = os.environ if environ is None else environ
    loaded = _load(config_file, env)
    settings = loaded.settings
    if keys and settings.mode in (Mode.PAPER, Mode.LIVE):
        scope: Scope = "live" if settings.mode is Mode.LIVE else "paper"
        settings = _with_keys(settings, loaded.key_store(env), scope)
    _check(settings, loaded, keys=keys)
    return settings


def key_store(
    config_file: Path | None = None, environ: Mapping[str, str] | None = None
) -> tuple[Settings, KeyStore]:
    """Return the settings with no key looked up, and the places of their Kiwoom keys."""
    env = os.environ if environ is None else environ
    loaded = _load(config_file, env)
    _check(loaded.settings, loaded, keys=False)
    return loaded.settings, loaded.key_store(env)


@dataclass(frozen=True)
class _Loaded:
    settings: Settings
    raw: dict[str, Any]
    origin: dict[str, str]
    path: Path | None
    file_values: dict[str, Any]

    def key_store(self, env: Mapping[str, str]) -> KeyStore:
        configured = {
            key: Secret(value)
            for key in KEYS
            if isinstance(value := _get_dotted(self.file_values, f"kiwoom.{key}"), str)
        }
        return KeyStore(
            data_dir=self.settings.data_path,
            environ=env,
            configured=configured,
            config_file=self.path,
        )


def _load(config_file: Path | None, env: Mapping[str, str]) -> _Loaded:
    raw: dict[str, Any] = {}
    origin: dict[str, str] = {}
    file_values: dict[str, Any] = {}

    path = _config_path(config_file, env)
    if path is not None:
        file_values = _read_toml(path)
        _merge(raw, file_values)
        for dotted in _leaves(file_values):
            origin[dotted] = f"file {path}"

    for name, dotted, value in _env_values(env):
        _set_dotted(raw, dotted, value)
        origin[dotted] = f"env {name}"

    try:
        settings = msgspec.convert(raw, Settings, strict=False, dec_hook=_decode_custom)
    except msgspec.ValidationError as exc:
        raise SettingsError(_explain(str(exc), raw, origin)) from None
    return _Loaded(settings, raw, origin, path, file_values)


def _with_keys(settings: Settings, store: KeyStore, scope: Scope) -> Settings:
    """Return the settings with the Kiwoom keys of ``scope`` from the strongest place (or None)."""
    found = {key: store.lookup(key, scope) for key in KEYS}
    kiwoom = msgspec.structs.replace(
        settings.kiwoom,
        appkey=found["appkey"].value if found["appkey"] else None,
        secretkey=found["secretkey"].value if found["secretkey"] else None,
    )
    return msgspec.structs.replace(settings, kiwoom=kiwoom)


def _check(settings: Settings, loaded: _Loaded, *, keys: bool) -> None:
    problems = cross_field_problems(settings, keys=keys)
    if problems:
        field, message = problems[0]
        value = _get_dotted(loaded.raw, field)
        source = loaded.origin.get(field, "default")
        raise SettingsError(
            f"invalid setting {field} = {_show(field, value)} ({source}): {message}"
        )


def _config_path(explicit: Path | None, env: Mapping[str, str]) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise SettingsError(f"config file {explicit} does not exist")
        return explicit
    named = env.get(CONFIG_ENV)
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise SettingsError(f"config file {path} (from env {CONFIG_ENV}) does not exist")
        return path
    data_dir = Path(env.get(ENV_PREFIX + "DATA_DIR", "~/.stockagent")).expanduser()
    default = data_dir / "config.toml"
    return default if default.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path} is not valid TOML: {exc}") from None


def _env_values(env: Mapping[str, str]) -> list[tuple[str, str, Any]]:
    sections = {
        name: info.type.cls
        for name, info in _struct_fields(Settings).items()
        if isinstance(info.type, msgspec.inspect.StructType)
    }
    top_level = {name for name in _struct_fields(Settings) if name not in sections}
    found: list[tuple[str, str, Any]] = []
    for name in sorted(env):
        if not name.startswith(ENV_PREFIX) or name in _META_ENV or name.startswith(_TEST_ENV):
            continue
        key = name[len(ENV_PREFIX) :].lower()
        if key in top_level:
            found.append((name, key, env[name]))
            continue
        for section, section_type in sections.items():
            if key.startswith(section + "_"):
                field = key[len(section) + 1 :]
                fields = _struct_fields(section_type)
                if field in fields:
                    found.append(
                        (name, f"{section}.{field}", _env_scalar(env[name], fields[field]))
                    )
                    break
        else:
            raise SettingsError(
                f"unknown setting {name}: no such field (see `stockagent config show`)"
            )
    return found


def _env_scalar(value: str, info: Any) -> Any:
    if isinstance(info.type, msgspec.inspect.ListType):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _struct_fields(struct: type) -> dict[str, Any]:
    info = msgspec.inspect.type_info(struct)
    assert isinstance(info, msgspec.inspect.StructType)
    return {field.name: field for field in info.fields}


def _decode_custom(kind: type, value: Any) -> Any:
    if kind is Secret and isinstance(value, str):
        return Secret(value)
    raise NotImplementedError(f"cannot decode {kind!r}")


def _explain(message: str, raw: Mapping[str, Any], origin: Mapping[str, str]) -> str:
    match = _PATH_RE.search(message)
    reason = message[: match.start()] if match else message
    reason = reason[0].lower() + reason[1:] if reason else reason
    if match is None:
        return f"invalid settings: {reason}"
    field = match.group("path")
    if reason.startswith("object contains unknown field"):
        unknown = reason.split("`")[1]
        dotted = f"{field}.{unknown}" if field else unknown
        source = origin.get(dotted, "")
        where = f" ({source})" if source else ""
        return f"unknown setting {dotted}{where}: no such field (see `stockagent config show`)"
    value = _get_dotted(raw, field)
    source = origin.get(field, "default")
    allowed = _allowed_values(field)
    if allowed:
        reason = f"{reason}; allowed: {', '.join(allowed)}"
    return f"invalid setting {field} = {_show(field, value)} ({source}): {reason}"


def _allowed_values(dotted: str) -> list[str]:
    """Return the permitted values of an enum or literal field, else nothing."""
    node: Any = msgspec.inspect.type_info(Settings)
    for part in dotted.split("."):
        if not isinstance(node, msgspec.inspect.StructType):
            return []
        fields = {field.name: field.type for field in node.fields}
        if part not in fields:
            return []
        node = fields[part]
    if isinstance(node, msgspec.inspect.UnionType):
        node = next((t for t in node.types if not isinstance(t, msgspec.inspect.NoneType)), node)
    if isinstance(node, msgspec.inspect.EnumType):
        return [str(member.value) for member in node.cls]
    if isinstance(node, msgspec.inspect.LiteralType):
        return [str(value) for value in node.values]
    return []


def _show(field: str, value: Any) -> str:
    if value is None:
        return "unset"
    if _SECRET_NAME.search(field.rsplit(".", 1)[-1]):
        return MASK
    return repr(value)


def _merge(into: dict[str, Any], values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = dict(value) if isinstance(value, Mapping) else value


def _leaves(values: Mapping[str, Any], prefix: str = "") -> list[str]:
    out: list[str] = []
    for key, value in values.items():
        dotted = f"{prefix}{key}"
        out.extend(_leaves(value, dotted + ".") if isinstance(value, Mapping) else [dotted])
    return out


def _set_dotted(into: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = into
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[leaf] = value


def _get_dotted(values: Mapping[str, Any], dotted: str) -> Any:
    node: Any = values
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node
