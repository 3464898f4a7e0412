"""Where studies live: optuna's RDB storage, opened with one-line errors and no password shown."""

from __future__ import annotations

import time
from typing import Any

import optuna
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, ProgrammingError

__all__ = ["StudyStorageError", "open_storage", "redacted"]

CREATE_ATTEMPTS = 5
"""Tries at opening a storage whose tables another worker is creating at the same moment."""


class StudyStorageError(RuntimeError):
    """The study's storage cannot be opened (the message names it, without a password)."""


def redacted(url: str) -> str:
    """Return ``url`` with its password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: say so without echoing it
        return "<an unreadable storage URL>"


def open_storage(url: str) -> optuna.storages.RDBStorage:
    """Open (and create when new) the study storage at ``url``."""
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        # Several local workers on one file: wait for the writer's lock instead of failing.
        kwargs["connect_args"] = {"timeout": 60}
    for attempt in range(1, CREATE_ATTEMPTS + 1):
        try:
            return optuna.storages.RDBStorage(url, engine_kwargs=kwargs)
        except Exception as exc:  # any driver's error becomes one line
            if isinstance(exc, IntegrityError | ProgrammingError) and attempt < CREATE_ATTEMPTS:
                # Two workers started on a new database both create optuna's tables: the one
                # that lost the race finds them made a moment later.
                time.sleep(0.5 * attempt)
                continue
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StudyStorageError(
                f"cannot open the study storage {redacted(url)}: {reason}"
            ) from None
    raise AssertionError("unreachable")
