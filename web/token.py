"""The API's bearer token: generated at first start, kept 0600 in the data directory, compared
in constant time and never logged or returned. No web framework here: ``stockagent ctl`` and
``stockagent token`` read it without importing the server.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from agent.log_config import register_secret
from agent.secret import Secret

TOKEN_FILE = "api-token"  # noqa: S105 - a file name, not a secret


def token_path(data_dir: Path) -> Path:
    return data_dir / TOKEN_FILE


def load_or_create_token(data_dir: Path) -> Secret:
    """Return the API token, creating it (0600) on first use."""
    path = token_path(data_dir)
    if path.exists():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            register_secret(value)
            return Secret(value)
    return rotate_token(data_dir)


def rotate_token(data_dir: Path) -> Secret:
    """Write a new random token (0600) and return it; the old one stops working."""
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    path = token_path(data_dir)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    os.replace(temporary, path)
    register_secret(value)
    return Secret(value)


def matches(expected: Secret, presented: str | None) -> bool:
    """Compare a presented token with the expected one in constant time."""
    if not presented:
        return False
    return hmac.compare_digest(expected.reveal().encode(), presented.encode())
