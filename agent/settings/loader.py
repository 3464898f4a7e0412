"""Assemble :class:`Settings` from defaults, a TOML file and ``STOCKAGENT_*`` variables.

The environment wins over the file, the file over the defaults; values stored when they were
changed while the agent ran (:class:`~agent.settings.layers.Override`, read from the database
at start) win over all three (:mod:`agent.settings.layers` says why). Environment names are
``STOCKAGENT_<FIELD>`` for top-level fields (``STOCKAGENT_MODE``, ``STOCKAGENT_DATA_DIR``) and
``STOCKAGENT_<SECTION>_<FIELD>`` for the rest (``STOCKAGENT_DATABASE_URL``,
``STOCKAGENT_KIWOOM_APPKEY``, ``STOCKAGENT_RISK_STOP_LOSS_PCT``). A wrong value raises
:class:`SettingsError` naming the setting, the value, where it came from and what is allowed.
In modes paper and live the Kiwoom keys are then looked up on their own, the OS keyring first
(:mod:`agent.settings.kiwoom_keys`).
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec

from agent.secret import MASK, Secret, is_secret_name
from agent.settings.checks import cross_field_problems
from agent.settings.components import Mode, Settings
from agent.settings.dotted import get_dotted, leaves, merge, set_dotted
from agent.settings.errors import SettingsError
from agent.settings.kiwoom_keys import KEYS, KeyStore, Scope
from agent.settings.layers import (
    DEFAULT,
    Origin,
    Override,
    is_overridable,
    override_origin,
    reset_hint,
)

ENV_PREFIX = "STOCKAGENT_"
CONFIG_ENV = "STOCKAGENT_CONFIG"
# Variables with the prefix that are not settings themselves.
_META_ENV = {CONFIG_ENV, "STOCKAGENT_API_TOKEN"}
# Where the test suite finds its PostgreSQL and Redis (tests/support/services.py).
_TEST_ENV = "STOCKAGENT_TEST_"
_PATH_RE = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")


class Explained(msgspec.Struct, frozen=True, kw_only=True):
    """The effective settings and the layer each value not left at its default comes from."""

    settings: Settings
    origins: dict[str, Origin]

    def origin(self, dotted: str) -> Origin:
        return self.origins.get(dotted, DEFAULT)


def load_settings(
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Sequence[Override] = (),
    *,
    keys: bool = True,
) -> Settings:
    """Build the effective settings, or raise :class:`SettingsError`.

    In modes paper and live the Kiwoom keys are looked up where
    :mod:`agent.settings.kiwoom_keys` says (the OS keyring first). ``keys=False`` skips that
    and the checks that the keys are there: for commands that never talk to Kiwoom, which must
    work where the keyring cannot be read (a locked keychain over ssh).
    """
    return explain_settings(config_file, environ, overrides, keys=keys).settings


def key_store(
    config_file: Path | None = None, environ: Mapping[str, str] | None = None
) -> tuple[Settings, KeyStore]:
    """Return the settings with no key looked up, and the places of their Kiwoom keys."""
    env = os.environ if environ is None else environ
    settings = explain_settings(config_file, env, keys=False).settings
    return settings, _key_store(settings, env, _config_path(config_file, env))


def explain_settings(
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Sequence[Override] = (),
    *,
    keys: bool = True,
) -> Explained:
    """Build the effective settings with where each value came from, or raise
    :class:`SettingsError`; a stored override that no longer fits (a setting renamed, a value
    out of range, a rule it breaks with the file) is named with how to drop it."""
    env = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    origin: dict[str, Origin] = {}
    path = _config_path(config_file, env)
    lookup = _KeyLookup(env, path) if keys else None
    if path is not None:
        file_values = _read_toml(path)
        merge(raw, file_values)
        for dotted in leaves(file_values):
            origin[dotted] = Origin(source="file", name=str(path))

    for name, dotted, value in _env_values(env):
        set_dotted(raw, dotted, value)
        origin[dotted] = Origin(source="env", name=name)

    if not overrides:
        return _build(raw, origin, lookup)
    layered, layered_origin = copy.deepcopy(raw), dict(origin)
    for override in overrides:
        stored = override_origin(override, origin.get(override.key))
        if not is_overridable(override.key):
            raise SettingsError(
                f"stored setting {override.key} ({stored}): only strategy and risk settings "
                f"are stored; {reset_hint(override.key)}",
                field=override.key,
            )
        set_dotted(layered, override.key, override.value)
        layered_origin[override.key] = stored
    try:
        return _build(layered, layered_origin, lookup)
    except SettingsError as exc:
        raise _blame_overrides(exc, overrides, raw, origin, lookup) from None


class _KeyLookup:
    """Puts the Kiwoom keys of the settings' mode into them, from the strongest place."""

    def __init__(self, env: Mapping[str, str], path: Path | None) -> None:
        self._env = env
        self._path = path

    def __call__(self, settings: Settings, origin: dict[str, Origin]) -> Settings:
        if settings.mode not in (Mode.PAPER, Mode.LIVE):
            return settings
        scope: Scope = "live" if settings.mode is Mode.LIVE else "paper"
        store = _key_store(settings, self._env, self._path)
        found = {key: store.lookup(key, scope) for key in KEYS}
        for key, where in found.items():  # the environment's are in the origins already
            if where is not None and where.source.value == "keyring":
                origin[f"kiwoom.{key}"] = Origin(source="keyring", name=where.where)
            elif where is not None and where.source.value != "env":
                origin[f"kiwoom.{key}"] = Origin(source="file", name=where.where)
        kiwoom = msgspec.structs.replace(
            settings.kiwoom,
            appkey=found["appkey"].value if found["appkey"] else None,
            secretkey=found["secretkey"].value if found["secretkey"] else None,
        )
        return msgspec.structs.replace(settings, kiwoom=kiwoom)


def _key_store(settings: Settings, env: Mapping[str, str], path: Path | None) -> KeyStore:
    file_values = _read_toml(path) if path is not None else {}
    configured = {
        key: Secret(value)
        for key in KEYS
        if isinstance(value := get_dotted(file_values, f"kiwoom.{key}"), str)
    }
    return KeyStore(
        data_dir=settings.data_path, environ=env, configured=configured, config_file=path
    )


def _build(
    raw: dict[str, Any], origin: Mapping[str, Origin], lookup: _KeyLookup | None
) -> Explained:
    try:
        settings = msgspec.convert(raw, Settings, strict=False, dec_hook=_decode_custom)
    except msgspec.ValidationError as exc:
        raise _explain(str(exc), raw, origin) from None
    origins = dict(origin)
    if lookup is not None:
        settings = lookup(settings, origins)
    problems = cross_field_problems(settings, keys=lookup is not None)
    if problems:
        field, message = problems[0]
        value = get_dotted(raw, field)
        source = origin.get(field, DEFAULT)
        raise SettingsError(
            f"invalid setting {field} = {_show(field, value)} ({source}): {message}", field
        )
    return Explained(settings=settings, origins=origins)


def _blame_overrides(
    error: SettingsError,
    overrides: Sequence[Override],
    raw: dict[str, Any],
    origin: Mapping[str, Origin],
    lookup: _KeyLookup | None,
) -> SettingsError:
    """Say how to drop the stored override to blame: the one named, or, when a rule breaks
    only with the overrides (the file changed under them), every one that took part."""
    keys = [override.key for override in overrides]
    if error.field is not None and error.field in keys:
        return SettingsError(f"{error}; {reset_hint(error.field)}", error.field)
    try:
        _build(raw, origin, lookup)
    except SettingsError as without:
        return without  # wrong without any override: the file or the environment is to blame
    return SettingsError(
        f"{error}; the rule breaks only with the stored overrides ({', '.join(keys)}): "
        "drop one with `stockagent config reset KEY`",
        error.field,
    )


def settings_file(
    config_file: Path | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """Return the settings file :func:`load_settings` reads (None: defaults and environment)."""
    return _config_path(config_file, os.environ if environ is None else environ)


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


def _explain(message: str, raw: Mapping[str, Any], origin: Mapping[str, Origin]) -> SettingsError:
    match = _PATH_RE.search(message)
    reason = message[: match.start()] if match else message
    reason = reason[0].lower() + reason[1:] if reason else reason
    if match is None:
        return SettingsError(f"invalid settings: {reason}")
    field = match.group("path")
    if reason.startswith("object contains unknown field"):
        unknown = reason.split("`")[1]
        dotted = f"{field}.{unknown}" if field else unknown
        source = origin.get(dotted)
        where = f" ({source})" if source is not None else ""
        return SettingsError(
            f"unknown setting {dotted}{where}: no such field (see `stockagent config show`)",
            dotted,
        )
    value = get_dotted(raw, field)
    source = origin.get(field, DEFAULT)
    allowed = _allowed_values(field)
    if allowed:
        reason = f"{reason}; allowed: {', '.join(allowed)}"
    return SettingsError(
        f"invalid setting {field} = {_show(field, value)} ({source}): {reason}", field
    )


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
    if is_secret_name(field.rsplit(".", 1)[-1]):
        return MASK
    return repr(value)
