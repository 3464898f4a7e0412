"""Short, stable descriptions of a crash: a one-line reason and a traceback digest.

The digest hashes the exception type and the code locations of its traceback (not the
message, which often holds varying values), so repeated crashes of one bug group together in
the event log and the dashboard.
"""

from __future__ import annotations

import hashlib
import os
import traceback

REASON_LIMIT = 300


def describe(exc: BaseException) -> str:
    """Return ``"Type: message"`` cut to a length fit for an event row."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"


def traceback_digest(exc: BaseException) -> str:
    """Return 12 hex digits identifying the exception type and where it was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    parts = [f"{type(exc).__module__}.{type(exc).__qualname__}"]
    parts.extend(f"{os.path.basename(f.filename)}:{f.name}:{f.lineno}" for f in frames)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]
