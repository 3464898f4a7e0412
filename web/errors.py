"""One shape for validation errors: every ``extra`` item names the body field it is about.

msgspec reports a wrong type at ``$.top_n`` (Litestar turns that into ``key: "top_n"``) but an
unknown field only in its message, with ``key: "data"``. Forms match errors to inputs by key,
so the unknown field's name is moved into the key; everything else passes unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import ValidationException
from litestar.exceptions.responses import create_exception_response

_UNKNOWN_FIELD = re.compile(r"unknown field `([^`]+)`")


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
