"""The API's bearer token check: every endpoint but health requires ``Authorization: Bearer
<token>``; the WebSocket takes the token in its first message instead (a query string would end
up in logs). The token file itself is :mod:`web.token`.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

from agent.secret import Secret
from web.token import matches


def bearer(header: str | None) -> str | None:
    """Return the token of an ``Authorization: Bearer <token>`` header value."""
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def require_token(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Litestar guard: refuse requests without the right bearer token (401)."""
    expected: Secret = connection.app.state.api_token
    if not matches(expected, bearer(connection.headers.get("authorization"))):
        raise NotAuthorizedException("a valid bearer token is required (see <data dir>/api-token)")
