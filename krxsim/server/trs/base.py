"""What every TR handler gets and returns, and the request-field helpers they share."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import msgspec

from krxsim.server import envelope
from krxsim.venue import Venue

_CODE = re.compile(r"^([0-9A-Z]{6})(_NX|_AL)?$")


class TrResult(msgspec.Struct, kw_only=True):
    """A TR's body (without return_code/return_msg) and its paging headers."""

    body: dict[str, Any]
    message: str = envelope.OK_QUERY
    cont_yn: str = "N"
    next_key: str = ""


class TrContext:
    """One TR call: the venue, the market time, the request body and paging headers."""

    def __init__(
        self,
        venue: Venue,
        api_id: str,
        body: dict[str, Any],
        cont_yn: str,
        next_key: str,
    ) -> None:
        self.venue = venue
        self.api_id = api_id
        self.body = body
        self.cont_yn = cont_yn
        self.next_key = next_key
        self.now: datetime = venue.now()

    def text(self, name: str, default: str = "") -> str:
        value = self.body.get(name, default)
        return value if isinstance(value, str) else str(value)

    def required(self, name: str) -> str:
        value = self.text(name).strip()
        if not value:
            raise envelope.missing(name)
        return value

    def integer(self, name: str, *, required: bool = True) -> int:
        raw = self.required(name) if required else (self.text(name).strip() or "0")
        try:
            return int(raw)
        except ValueError:
            raise envelope.bad_value(name, raw) from None

    def code(self, name: str = "stk_cd") -> str:
        """Return a listed code from ``name``, its exchange suffix dropped."""
        return self.listed(self.required(name))

    def listed(self, raw: str) -> str:
        match = _CODE.match(raw.strip())
        if match is None:
            raise envelope.bad_code_format(raw)
        code = match.group(1)
        if code not in self.venue.market.listings:
            raise envelope.unknown_code(code)
        return code

    def page(self, rows: Sequence[dict[str, str]], per_page: int, key: str) -> TrResult:
        """Return one page of ``rows`` under ``key`` following the cont-yn/next-key headers."""
        offset = 0
        if self.cont_yn == "Y":
            try:
                offset = int(self.next_key[-10:])
            except ValueError:
                raise envelope.bad_value("next-key", self.next_key) from None
        chunk = list(rows[offset : offset + per_page])
        more = offset + per_page < len(rows)
        next_key = f"{self.api_id}{offset + per_page:010d}" if more else ""
        return TrResult(body={key: chunk}, cont_yn="Y" if more else "N", next_key=next_key)


Handler = Callable[[TrContext], TrResult]
