"""Errors: one shape for validation errors, and a request id on every answer and every failure.

msgspec reports a wrong type at ``$.top_n`` (Litestar turns that into ``key: "top_n"``) but an
unknown field only in its message, with ``key: "data"``. Forms match errors to inputs by key,
so the unknown field's name is moved into the key; everything else passes unchanged.

Every request gets an id (the ``X-Request-ID`` response header, see :mod:`web.headers`). An
exception no handler turned into an answer is logged with that id and its traceback, and the
client's 500 names the id instead of the cause, so a user can point at the log line.
"""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from litestar import Request, Response
from litestar.enums import MediaType
from litestar.exceptions import HTTPException, ValidationException
from litestar.exceptions.responses import create_exception_response
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import Scope

log = logging.getLogger(__name__)

_UNKNOWN_FIELD = re.compile(r"unknown field `([^`]+)`")
_REQUEST_ID = "stockagent.request_id"


def validation_error(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """Return Litestar's usual 400 response, with unknown fields named in ``key``."""
    if isinstance(exc.extra, list):
        exc.extra = [_named(item) for item in exc.extra]
    return create_exception_response(request, exc)


def _named(item: Any) -> Any:
    if not isinstance(item, dict) or item.get("key") not in (None, "data"):
        return item
    found = _UNKNOWN_FIELD.search(str(item.get("message", "")))
    return {**item, "key": found.group(1)} if found else item


def request_id(scope: Scope) -> str:
    """Return the id of the request (or WebSocket) of ``scope``, made on first use."""
    state: dict[str, Any] = scope.setdefault("state", {})
    value = state.get(_REQUEST_ID)
    if not isinstance(value, str):
        value = state[_REQUEST_ID] = secrets.token_hex(6)
    return value


def log_unhandled(exc: Exception, scope: Scope) -> None:
    """Log an exception that is not a deliberate answer (an ``HTTPException`` below 500).

    Litestar's after-exception hook: it runs for HTTP requests and WebSockets alike.
    """
    if isinstance(exc, HTTPException) and exc.status_code != HTTP_500_INTERNAL_SERVER_ERROR:
        return
    rid = request_id(scope)
    log.error(
        "unhandled %s in %s %r (request %s)",
        type(exc).__name__,
        scope.get("method", "WEBSOCKET"),
        scope.get("path", ""),
        rid,
        exc_info=exc,
        extra={"request_id": rid},
    )


def internal_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Answer 500 naming the request id; the cause stays in the log (:func:`log_unhandled`)."""
    rid = request_id(request.scope)
    # Litestar's own 500 body never carries a detail; this one names the request.
    detail = f"internal error (request {rid}); the agent's log has the details"
    return Response(
        {"status_code": HTTP_500_INTERNAL_SERVER_ERROR, "detail": detail},
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        media_type=MediaType.JSON,
    )
