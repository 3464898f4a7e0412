"""Headers on every HTTP response: the request id, and what the browser may do with the page.

The dashboard keeps the API token in the tab's session storage, so its origin must run only its
own code. The policy allows scripts, styles, fonts and connections (the WebSocket included) from
this origin only, nothing in a frame or framing the page, no plugin, no ``<base>``. One inline
style is allowed by its hash: the backtest report's (:mod:`agent.backtest.report`), which the
dashboard opens as a Blob URL, and a Blob document inherits the policy of the page that made it.
``data:`` images are the icon of ``index.html`` (``<link rel="icon" href="data:,">``).

Added as Litestar's ``before_send`` hook, the headers reach every response: the dashboard, the
API, the OpenAPI document, errors and refusals alike.
"""

from __future__ import annotations

import base64
import hashlib

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from agent.backtest.report import STYLE
from web.errors import request_id


def _style_hash(css: str) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {_style_hash(STYLE)}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-src 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # frame-ancestors' predecessor, for browsers that predate it.
    "X-Frame-Options": "DENY",
}
REQUEST_ID_HEADER = "X-Request-ID"


async def add_headers(message: Message, scope: Scope) -> None:
    """Litestar ``before_send`` hook: add the headers to the start of every HTTP response."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    headers[REQUEST_ID_HEADER] = request_id(scope)
