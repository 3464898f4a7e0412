"""Build the Litestar application: REST under ``/api/v1``."""

from __future__ import annotations

from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig

from web.context import AppContext
from web.routes.health import HealthController

API_PREFIX = "/api/v1"


def create_app(context: AppContext) -> Litestar:
    """Return the app for ``context``; nothing global, so tests can build several."""

    def provide_context() -> AppContext:
        return context

    api = Router(path=API_PREFIX, route_handlers=[HealthController])
    return Litestar(
        route_handlers=[api],
        dependencies={"ctx": Provide(provide_context, use_cache=True, sync_to_thread=False)},
        openapi_config=OpenAPIConfig(title="StockAgent API", version=context.version),
        debug=False,
        # Logging is configured once for the process (agent.log_config), not by Litestar.
        logging_config=None,
    )
