"""Keyring backends for the tests: no test touches the keyring of the machine it runs on.

``MemoryKeyring`` stands in for the macOS Keychain in-process (``keyring.set_keyring``);
``FileKeyring`` does for a ``stockagent`` subprocess, named by ``PYTHON_KEYRING_BACKEND`` and
keeping its items in the JSON file ``$STOCKAGENT_TEST_KEYRING``; ``LockedKeyring`` refuses
everything as a locked keychain does. Their priority is below 1, so keyring's own detection
never picks one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError

KEYRING_FILE_ENV = "STOCKAGENT_TEST_KEYRING"


class MemoryKeyring(KeyringBackend):
    """A keyring in a dict."""

    priority = 0.1  # a plain number where keyring has a property; below 1: never detected

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("no such item")


class FileKeyring(KeyringBackend):
    """A keyring in the JSON file ``$STOCKAGENT_TEST_KEYRING``, shared with subprocesses."""

    priority = 0.1

    @staticmethod
    def _path() -> Path:
        return Path(os.environ[KEYRING_FILE_ENV])

    def _items(self) -> dict[str, str]:
        path = self._path()
        items: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        return items

    def get_password(self, service: str, username: str) -> str | None:
        return self._items().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        items = self._items()
        items[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(items))

    def delete_password(self, service: str, username: str) -> None:
        items = self._items()
        if items.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("no such item")
        self._path().write_text(json.dumps(items))


class LockedKeyring(KeyringBackend):
    """A keychain that is locked: every call fails as the macOS backend's do."""

    priority = 0.1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Can't get password from keychain: (-25308, 'User interaction')")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Can't store password on keychain: (-25308, 'User interaction')")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Can't delete password in keychain: (-25308, 'User interaction')")
