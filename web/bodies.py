"""JSON request bodies: bounded in depth, and checked in their own JSON types.

Litestar converts request values with msgspec's lax rules (``strict=False``), which it needs for
query strings and path segments, where everything arrives as text; in a JSON body the same rules
would let ``"3"`` pass for a number and ``"false"`` for a boolean. This before-request hook checks
the body against the handler's ``data`` type with msgspec's strict rules first (an integer still
passes for a decimal); Litestar's own conversion then runs on a body known to be well typed.

A body nested deeper than the interpreter's stack allows (about a thousand levels) is a 400,
not a RecursionError.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import ClientException, SerializationException, ValidationException

TOO_DEEP = "the JSON body is nested too deeply"


async def check_json_body(request: Request[Any, Any, Any]) -> None:
    """Refuse a JSON body that is too deep or not of the handler's ``data`` type (400).

    Returns None, so Litestar goes on to call the handler.
    """
    field = request.route_handler.parsed_data_field
    if field is None or _media_type(field.kwarg_definition) != RequestEncodingType.JSON:
        return
    try:
        body = await request.json()
        msgspec.convert(body, type=field.annotation, strict=True)
    except RecursionError:
        raise ClientException(detail=TOO_DEEP) from None
    except SerializationException as exc:  # not JSON at all
        raise ClientException(detail=str(exc)) from None
    except msgspec.ValidationError as exc:
        raise _invalid(request, str(exc)) from None


def _media_type(kwarg: object) -> object:
    return getattr(kwarg, "media_type", RequestEncodingType.JSON)


def _invalid(request: Request[Any, Any, Any], message: str) -> ValidationException:
    """The 400 Litestar gives for a body it cannot convert: the message, and the field as ``key``
    (``data`` when msgspec names no place, e.g. an unknown field: see :mod:`web.errors`)."""
    text, _, place = message.partition(" - at `$")
    key = place.removesuffix("`").removeprefix(".") or "data"
    query = f"?{request.url.query}" if request.url.query else ""
    return ValidationException(
        detail=f"Validation failed for {request.method} {request.url.path}{query}",
        extra=[{"message": text, "key": key, "source": "body"}],
    )
