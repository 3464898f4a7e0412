"""Response and request shapes of the API (msgspec), never ORM rows or actor internals."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from msgspec import Struct


class Health(Struct, frozen=True, kw_only=True):
    """Liveness and readiness of the agent process."""

    status: Literal["ok", "degraded"]
    version: str
    mode: str
    database: Literal["ok", "unreachable", "not_migrated"]
    started_at: datetime
    now: datetime
