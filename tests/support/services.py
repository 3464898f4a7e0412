"""Where the test services are, and whether a test that needs one may skip.

PostgreSQL and Redis tests run whenever the server is reachable. With ``CI=true`` they must run:
an unreachable server is then a failure, never a skip.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest

POSTGRES_URL = os.environ.get(
    "STOCKAGENT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("STOCKAGENT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url.replace("+psycopg", ""))
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def require(name: str, url: str, default_port: int) -> None:
    """Skip when the service is down, except in CI, where that fails the test."""
    if reachable(url, default_port):
        return
    message = f"{name} at {url} is not reachable"
    if in_ci():
        pytest.fail(f"{message}; with CI=true the {name} tests must run")
    pytest.skip(message)
