"""``GET /api/v1/health``: the one endpoint that needs no token."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from litestar import Controller, get
from litestar.di import NamedDependency
from sqlalchemy.exc import SQLAlchemyError

from agent.store.migrate import is_up_to_date
from web.context import AppContext
from web.schemas import Health


class HealthController(Controller):
    path = "/health"
    tags = ("system",)

    @get(operation_id="getHealth", summary="Liveness and database readiness", sync_to_thread=True)
    def health(self, ctx: NamedDependency[AppContext]) -> Health:
        database: Literal["ok", "unreachable", "not_migrated"]
        try:
            database = "ok" if is_up_to_date(ctx.engine) else "not_migrated"
        except SQLAlchemyError:
            database = "unreachable"
        return Health(
            status="ok" if database == "ok" else "degraded",
            version=ctx.version,
            mode=ctx.settings.mode.value,
            database=database,
            started_at=ctx.started_at,
            now=datetime.now(UTC),
        )
