"""Build the Litestar application: REST under ``/api/v1``, closed by default.

Every handler answers only requests addressed to the agent's own host names (``web.hosts``);
every response carries the request id and the security headers (``web.headers``); a JSON body
is checked in its own types before Litestar converts it (``web.bodies``); an unhandled error is
logged with the request id (``web.errors``). The OpenAPI document is served at
``/schema/openapi.json`` without the token (it is the contract, as committed in
``web/openapi.json``, and holds no data); the HTML reference pages are not served: Litestar's
load their scripts from public CDNs, on the origin where the dashboard keeps the token.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from litestar import Litestar, Router
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import ValidationException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from web.auth import require_token
from web.bodies import check_json_body
from web.context import AppContext
from web.dashboard import STATIC_DIR, dashboard_router
from web.errors import internal_error, log_unhandled, validation_error
from web.headers import add_headers
from web.hosts import host_rule, require_own_host
from web.live import NAMED_UNIONS, live, live_contract
from web.routes.account import AccountController
from web.routes.admin import ActorsController, WatchController
from web.routes.backtests import BacktestsController
from web.routes.config import RiskConfigController, StrategyConfigController
from web.routes.control import RiskController, StrategyController
from web.routes.health import API_LOOP, HealthController
from web.routes.market import MarketController
from web.routes.reports import ReportsController
from web.routes.system import SystemController
from web.routes.trading import OrdersController, ScannerController, TradesController
from web.routes.tuning import TuningController
from web.unions import NamedUnions

API_PREFIX = "/api/v1"


def create_app(context: AppContext, static_dir: Path = STATIC_DIR) -> Litestar:
    """Return the app for ``context``; nothing global, so tests can build several.

    The dashboard's build in ``static_dir`` is served at ``/`` (see ``web.dashboard``).
    """

    def provide_context() -> AppContext:
        return context

    watchdog = context.services.watchdog if context.services is not None else None

    def watch_loop() -> None:
        # The API's own loop: stuck (a blocking call in an async handler), it ends the process.
        if watchdog is not None:
            watchdog.watch_loop(API_LOOP, asyncio.get_running_loop())

    def unwatch_loop() -> None:
        if watchdog is not None:
            watchdog.forget_loop(API_LOOP, asyncio.get_running_loop())

    public = Router(path=API_PREFIX, route_handlers=[HealthController])
    private = Router(
        path=API_PREFIX,
        guards=[require_token],
        route_handlers=[
            SystemController,
            AccountController,
            OrdersController,
            TradesController,
            ScannerController,
            RiskController,
            StrategyController,
            ReportsController,
            TuningController,
            BacktestsController,
            MarketController,
            ActorsController,
            WatchController,
            StrategyConfigController,
            RiskConfigController,
        ],
        security=[{"bearer": []}],
    )
    origins = context.settings.api.cors_origins
    return Litestar(
        route_handlers=[public, private, live, live_contract, dashboard_router(static_dir)],
        dependencies={"ctx": Provide(provide_context, use_cache=True, sync_to_thread=False)},
        state=State({"api_token": context.api_token, "host_rule": host_rule(context.settings.api)}),
        guards=[require_own_host],
        before_request=check_json_body,
        before_send=[add_headers],
        after_exception=[log_unhandled],
        plugins=[NamedUnions(NAMED_UNIONS)],
        cors_config=CORSConfig(allow_origins=list(origins)) if origins else None,
        openapi_config=OpenAPIConfig(
            title="StockAgent API",
            # The contract's version, not the package's: the committed document stays stable.
            version="1",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(
                        type="http",
                        scheme="bearer",
                        description="The token in <data dir>/api-token",
                    )
                }
            ),
        ),
        exception_handlers={
            ValidationException: validation_error,
            HTTP_500_INTERNAL_SERVER_ERROR: internal_error,
        },
        on_startup=[watch_loop],
        on_shutdown=[unwatch_loop],
        debug=False,
        # Logging is configured once for the process (agent.log_config), not by Litestar.
        logging_config=None,
    )
