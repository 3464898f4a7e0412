"""Serve the Litestar app with uvicorn in this process, on loopback unless told otherwise."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import uvicorn

from actors.board import SnapshotBoard
from actors.runtime.services import Services
from stockagent.bootstrap import Runtime, package_version
from web.app import create_app
from web.context import AppContext, SystemControl
from web.token import load_or_create_token

log = logging.getLogger("stockagent.server")


def build_server(
    runtime: Runtime,
    port: int | None = None,
    *,
    board: SnapshotBoard | None = None,
    services: Services | None = None,
    system: SystemControl | None = None,
) -> uvicorn.Server:
    """Return a uvicorn server for the API; ``port`` overrides the settings."""
    api = runtime.settings.api
    if api.allow_remote:
        log.warning(
            "the API binds %s: anyone who can reach it and has the token can trade", api.host
        )
    context = AppContext(
        settings=runtime.settings,
        engine=runtime.engine,
        started_at=datetime.now(UTC),
        version=package_version(),
        api_token=load_or_create_token(runtime.settings.data_path),
        board=board,
        services=services,
        system=system,
    )
    config = uvicorn.Config(
        create_app(context),
        host=api.host,
        port=api.port if port is None else port,
        log_config=None,
        access_log=False,
        lifespan="on",
    )
    return uvicorn.Server(config)
