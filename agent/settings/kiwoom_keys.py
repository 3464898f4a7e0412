"""Where the Kiwoom keys come from: the OS keyring, the environment, the 0600 secrets file.

Each key is looked up on its own; the first place that has it wins:

1. the OS keyring (the macOS Keychain; Secret Service on a Linux desktop), service
   ``stockagent``, account ``kiwoom.<scope>.<key>`` (``kiwoom.paper.appkey``);
2. ``STOCKAGENT_KIWOOM_APPKEY`` / ``STOCKAGENT_KIWOOM_SECRETKEY``;
3. ``<data dir>/secrets.toml``, mode 0600 (:mod:`agent.settings.secret_file`);
4. ``kiwoom.appkey`` / ``kiwoom.secretkey`` in the config file, kept for compatibility and
   warned about: a settings file is shown, copied and shared, a key should not be in it.

The keyring and the file hold one pair per scope (``paper``: the mock server's keys, ``live``:
the real ones; Kiwoom issues them separately), so switching the mode switches the keys; the
environment and the config file hold the one pair of whatever runs.

A machine with no keyring backend (a headless Linux: keyring's ``fail`` backend) skips the
keyring. A keyring that fails (a locked keychain, access denied) stops with one line naming it:
quietly going on to another place could trade with other keys than the ones meant.

Every value found is registered with the log redactor; none is ever logged or printed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from agent.log_config import register_secret
from agent.secret import Secret
from agent.settings.errors import SecretsError
from agent.settings.secret_file import (
    KEYS,
    SCOPES,
    Key,
    Scope,
    read_secrets,
    secrets_path,
    write_secrets,
)

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "stockagent"
ENV = {"appkey": "STOCKAGENT_KIWOOM_APPKEY", "secretkey": "STOCKAGENT_KIWOOM_SECRETKEY"}

__all__ = ["ENV", "KEYS", "SCOPES", "SERVICE", "Found", "Key", "KeyStore", "Scope", "Source"]

log = logging.getLogger(__name__)


class Source(StrEnum):
    """A place a key can come from, strongest first."""

    KEYRING = "keyring"
    ENV = "env"
    FILE = "file"
    CONFIG = "config"


@dataclass(frozen=True)
class Found:
    """A key and where it was found; ``value`` shows itself only through ``reveal()``."""

    key: Key
    scope: Scope
    source: Source
    where: str
    value: Secret = field(repr=False)


def account(key: Key, scope: Scope) -> str:
    """Return the keyring account (user name) a key is stored under."""
    return f"kiwoom.{scope}.{key}"


@dataclass(frozen=True)
class KeyStore:
    """The places of the Kiwoom keys of one data directory and one environment."""

    data_dir: Path
    environ: Mapping[str, str]
    configured: Mapping[Key, Secret] = field(default_factory=dict)
    """The config file's ``kiwoom.appkey`` / ``kiwoom.secretkey``, by key name."""
    config_file: Path | None = None

    @property
    def file(self) -> Path:
        return secrets_path(self.data_dir)

    def lookup(self, key: Key, scope: Scope) -> Found | None:
        """Return the key from the strongest place that has it, or None."""
        for read in self._readers(key, scope):
            found = read()
            if found is not None:
                log.debug("kiwoom %s %s from %s", scope, key, found.where)
                if found.source is Source.CONFIG:
                    log.warning(
                        "kiwoom.%s is read from the config file %s; keep keys in the OS keyring "
                        "(`stockagent secrets set %s --mode %s`) or in %s (0600) instead",
                        key,
                        self.config_file,
                        key,
                        scope,
                        self.file,
                    )
                return found
        return None

    def holders(self, key: Key, scope: Scope) -> tuple[list[Found], list[str]]:
        """Return every place that has the key, strongest first, and what could not be read."""
        found: list[Found] = []
        problems: list[str] = []
        for read in self._readers(key, scope):
            try:
                one = read()
            except SecretsError as exc:
                problems.append(str(exc))
                continue
            if one is not None:
                found.append(one)
        return found, problems

    def save(self, key: Key, scope: Scope, value: Secret) -> str:
        """Store the key in the OS keyring; return where. SecretsError when there is none."""
        name = account(key, scope)
        backend: KeyringBackend | None = None
        try:
            backend = _backend()
            backend.set_password(SERVICE, name, value.reveal())
            kept = backend.get_password(SERVICE, name)
        except Exception as exc:  # any backend failure: one line
            if _is_no_keyring(exc):
                raise SecretsError(self._no_keyring(key, scope, backend)) from None
            raise SecretsError(self._keyring_failure(exc, backend, f"store {name} in")) from None
        if kept != value.reveal():  # the null backend, or an empty chain, accepts and forgets
            raise SecretsError(self._no_keyring(key, scope, backend))
        register_secret(value.reveal())
        return _keyring_where(backend, name)

    def save_to_file(self, key: Key, scope: Scope, value: Secret) -> str:
        """Store the key in the 0600 secrets file; return where."""
        stored = read_secrets(self.file)
        stored.setdefault(scope, {})[key] = value.reveal()
        write_secrets(self.file, stored)
        register_secret(value.reveal())
        return f"file {self.file}"

    def remove(self, key: Key, scope: Scope) -> bool:
        """Delete the key from the OS keyring; False when it was not there."""
        name = account(key, scope)
        backend: KeyringBackend | None = None
        try:
            backend = _backend()
            if backend.get_password(SERVICE, name) is None:
                return False
            backend.delete_password(SERVICE, name)
        except Exception as exc:  # any backend failure: one line
            if _is_no_keyring(exc):
                return False  # no keyring holds nothing
            raise SecretsError(self._keyring_failure(exc, backend, f"delete {name} from")) from None
        return True

    def remove_from_file(self, key: Key, scope: Scope) -> bool:
        """Delete the key from the secrets file; False when it was not there."""
        stored = read_secrets(self.file)
        if key not in stored.get(scope, {}):
            return False
        del stored[scope][key]
        write_secrets(self.file, stored)
        return True

    def keyring_name(self) -> str | None:
        """Return the OS keyring's name, or None when this machine has none."""
        backend: KeyringBackend | None = None
        try:
            backend = _backend()
            backend.get_password(SERVICE, account("appkey", "paper"))
        except Exception as exc:  # a locked keychain still is one: its rows say why
            if _is_no_keyring(exc) or backend is None:
                return None
        return _backend_name(backend)

    def _readers(self, key: Key, scope: Scope) -> Iterator[Callable[[], Found | None]]:
        yield lambda: self._from_keyring(key, scope)
        yield lambda: self._from_env(key, scope)
        yield lambda: self._from_file(key, scope)
        yield lambda: self._from_config(key, scope)

    def _from_keyring(self, key: Key, scope: Scope) -> Found | None:
        name = account(key, scope)
        backend: KeyringBackend | None = None
        try:
            backend = _backend()
            value = backend.get_password(SERVICE, name)
        except Exception as exc:  # any backend failure: one line
            if _is_no_keyring(exc):
                log.debug("no OS keyring here (%s): skipped", _backend_name(backend))
                return None
            raise SecretsError(self._keyring_failure(exc, backend, f"read {name} from")) from None
        return self._found(key, scope, Source.KEYRING, _keyring_where(backend, name), value)

    def _from_env(self, key: Key, scope: Scope) -> Found | None:
        name = ENV[key]
        return self._found(key, scope, Source.ENV, f"env {name}", self.environ.get(name))

    def _from_file(self, key: Key, scope: Scope) -> Found | None:
        value = read_secrets(self.file).get(scope, {}).get(key)
        return self._found(key, scope, Source.FILE, f"file {self.file}", value)

    def _from_config(self, key: Key, scope: Scope) -> Found | None:
        secret = self.configured.get(key)
        value = secret.reveal() if secret else None
        return self._found(key, scope, Source.CONFIG, f"config file {self.config_file}", value)

    @staticmethod
    def _found(
        key: Key, scope: Scope, source: Source, where: str, value: str | None
    ) -> Found | None:
        value = (value or "").strip()
        if not value:
            return None
        register_secret(value)
        return Found(key=key, scope=scope, source=source, where=where, value=Secret(value))

    def _no_keyring(self, key: Key, scope: Scope, backend: KeyringBackend | None) -> str:
        return (
            f"no OS keyring on this machine (keyring backend: {_backend_name(backend)}): keep "
            f"the key in {self.file} (0600) with `stockagent secrets set {key} --mode {scope} "
            f"--file`, or in {ENV[key]}"
        )

    def _keyring_failure(self, exc: Exception, backend: KeyringBackend | None, action: str) -> str:
        return (
            f"cannot {action} the OS keyring ({_backend_name(backend)}, service {SERVICE}): "
            f"{_one_line(exc)}; unlock it, or see `stockagent secrets status`"
        )


def _backend() -> KeyringBackend:
    # Imported here: most commands never need the keyring, and finding a backend takes time.
    import keyring

    return keyring.get_keyring()


def _is_no_keyring(exc: Exception) -> bool:
    from keyring.errors import NoKeyringError

    return isinstance(exc, NoKeyringError)


def _backend_name(backend: KeyringBackend | None) -> str:
    if backend is None:
        return "none"
    return str(getattr(backend, "name", type(backend).__name__))


def _keyring_where(backend: KeyringBackend | None, name: str) -> str:
    return f"OS keyring ({_backend_name(backend)}), service {SERVICE}, account {name}"


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
