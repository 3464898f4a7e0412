"""Logging: JSON lines to a daily-rotated file, readable console lines, secrets redacted everywhere.

Redaction happens on the final formatted text of every handler, so a secret cannot leak through
a message, its arguments, an ``extra`` field or a traceback. Known secret values (Kiwoom keys,
issued tokens, the API token) are registered with :func:`register_secret`; common shapes
(``Bearer …``, ``"appkey": "…"``) are masked even when nobody registered them.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import sys
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agent.secret import MASK

LOG_FILE_NAME = "stockagent.log"
_HANDLER_TAG = "_stockagent_handler"
_RESERVED = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}

_PATTERNS = (
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=\-]{8,}"), r"\1" + MASK),
    (
        re.compile(
            r'(?i)(\\?"?(?:appkey|secretkey|secret|token|password|authorization)\\?"?\s*[:=]\s*\\?"?)'
            r'(?!\*\*\*)[^\s\\",}]{4,}'
        ),
        r"\1" + MASK,
    ),
)


class _SecretRegistry:
    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str) -> None:
        # Very short values would mask ordinary words; real keys and tokens are long.
        if len(value) >= 6:
            with self._lock:
                self._values.add(value)

    def redact(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            if value in text:
                text = text.replace(value, MASK)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text


_SECRETS = _SecretRegistry()


def register_secret(value: str) -> None:
    """Mask ``value`` in every log line from now on."""
    _SECRETS.add(value)


def redact(text: str) -> str:
    """Return ``text`` with every registered secret and secret-shaped value masked."""
    return _SECRETS.redact(text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "thread": record.threadName,
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool) else str(value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        # Redact each field before encoding, so JSON escaping cannot hide a secret's shape.
        clean = {k: redact(v) if isinstance(v, str) else v for k, v in entry.items()}
        return redact(json.dumps(clean, ensure_ascii=False))


class ConsoleFormatter(logging.Formatter):
    """Readable single lines for a person at a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(
    data_dir: Path,
    level: str = "INFO",
    console: bool = True,
    retention_days: int = 30,
    secrets: Iterable[str] = (),
) -> Path:
    """Install the file and console handlers on the root logger; return the log file's path.

    Calling it again replaces the handlers it installed before, so tests and restarts do not
    stack duplicates.
    """
    for value in secrets:
        register_secret(value)
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME

    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_TAG, False):
            root.removeHandler(handler)
            handler.close()

    file_handler = logging.handlers.TimedRotatingFileHandler(
        path, when="midnight", backupCount=retention_days, encoding="utf-8"
    )
    file_handler.setFormatter(JsonFormatter())
    handlers: list[logging.Handler] = [file_handler]
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(ConsoleFormatter())
        handlers.append(stream)
    for handler in handlers:
        setattr(handler, _HANDLER_TAG, True)
        root.addHandler(handler)
    root.setLevel(level)
    # pykka logs actor crashes here; its own default handler discards them.
    logging.getLogger("pykka").setLevel(logging.INFO)
    # httpx logs every request at INFO; the Kiwoom client logs what matters itself.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # Alembic narrates every step at INFO; start-up logs the migration that matters itself.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # uvicorn's access log would print every request line twice through its own handlers.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    return path
