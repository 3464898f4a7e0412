"""Typed Kiwoom errors, each saying how to recover, and the classifier that picks one.

Kiwoom answers business errors with HTTP 200 and ``return_code != 0``. The top-level code is a
coarse class; the documented fine code sits inside ``return_msg`` as ``[1700:...]`` or
``[2000](RC4003:...)``, or (in some fixtures) at top level. Classification goes by the fine code,
never by message text: 1634 (batch over 100) shares the 1700 wording and must not be retried.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from agent.broker import errors as broker

if TYPE_CHECKING:
    from collections.abc import Iterable

_BRACKET_RE = re.compile(r"\[(\d{3,4})[:\]]")
_RC_RE = re.compile(r"\((RC\d{3,5})[:)]")
_WS_CODE_RE = re.compile(r"CODE=(\d{3,5})")
_FLOW_RE = re.compile(r"유량\s*=\s*(\d+)")

TOKEN_INVALID_CODES = frozenset({"8005", "8031", "8103"})
RATE_LIMIT_CODES = frozenset({"1700", "1701", "1702"})
_INVALID_CODES = frozenset(
    {"1501", "1504", "1505", "1511", "1512", "1513", "1514", "1515", "1516", "1517"}
    | {"1634", "1687", "1901", "1902", "1903", "8104", "8200"}
)
_TRANSIENT_CODES = frozenset({"1999"})


class KiwoomError(broker.BrokerError):
    """Any failure talking to Kiwoom; carries the coarse code, the fine code and the message."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        fine_code: str | None = None,
        api_id: str = "",
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.fine_code = fine_code
        self.api_id = api_id
        self.http_status = http_status

    def __str__(self) -> str:
        parts = [f"code={self.code}" if self.code is not None else ""]
        if self.fine_code:
            parts.append(f"fine={self.fine_code}")
        if self.api_id:
            parts.append(f"api_id={self.api_id}")
        if self.http_status is not None:
            parts.append(f"http={self.http_status}")
        head = " ".join(p for p in parts if p)
        return f"[{head}] {self.message}" if head else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self!s})"

    @property
    def reason(self) -> str:
        return self.fine_code or str(self.code)


class TransientError(KiwoomError, broker.BrokerUnavailable):
    """Network trouble, 5xx, an unexpected server error: retry with backoff."""


class RateLimitedError(TransientError):
    """Over Kiwoom's request budget (HTTP 429, 1700-1702): wait and retry."""

    def __init__(self, message: str, *, flow: int | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.flow = flow


class AuthError(KiwoomError):
    """Authentication failed; ``token_invalid`` means a fresh token may fix it."""

    @property
    def token_invalid(self) -> bool:
        return self.fine_code in TOKEN_INVALID_CODES or self.http_status == 401


class RejectedError(KiwoomError, broker.OrderRefused):
    """The broker refused the request (market closed, tick error...): record it, do not retry."""


class InvalidRequestError(KiwoomError, broker.OrderRefused):
    """The request itself is wrong (missing field, unknown code, batch over 100): fix the caller."""


class ProtocolError(KiwoomError):
    """The response did not match the documented protocol."""


def fine_code_of(code: int | None, message: str) -> str | None:
    """Return the documented fine code: ``[NNNN:``, ``(RCnnnn:``, ``CODE=NNNN`` or top level."""
    match = _RC_RE.search(message)
    if match:
        return match.group(1)
    match = _BRACKET_RE.search(message)
    if match and match.group(1) != "2000":
        return match.group(1)
    match = _WS_CODE_RE.search(message)
    if match:
        return match.group(1)
    if code is not None and code >= 1000:
        return str(code)
    return None


def flow_of(message: str) -> int | None:
    """The per-api-id budget ``유량=N`` of a 1700 message, if present."""
    match = _FLOW_RE.search(message)
    return int(match.group(1)) if match else None


def classify(
    code: int | None,
    message: str,
    *,
    api_id: str = "",
    http_status: int | None = None,
) -> KiwoomError:
    """Build the typed error for a failed response (by fine code first, then coarse code)."""
    fine = fine_code_of(code, message)
    kw: dict[str, Any] = {
        "code": code,
        "fine_code": fine,
        "api_id": api_id,
        "http_status": http_status,
    }
    if fine is not None:
        if fine in RATE_LIMIT_CODES:
            return RateLimitedError(message, flow=flow_of(message), **kw)
        if fine.startswith("8") and len(fine) == 4 and fine not in _INVALID_CODES:
            return AuthError(message, **kw)
        if fine in _INVALID_CODES:
            return InvalidRequestError(message, **kw)
        if fine in _TRANSIENT_CODES:
            return TransientError(message, **kw)
        if fine.startswith("RC"):
            return RejectedError(message, **kw)
    if http_status == 429:
        return RateLimitedError(message, flow=flow_of(message), **kw)
    if http_status == 401 or code == 3:
        return AuthError(message, **kw)
    if http_status is not None and http_status >= 500:
        return TransientError(message, **kw)
    if code in {2, 5, 7} or (http_status is not None and 400 <= http_status < 500):
        return InvalidRequestError(message, **kw)
    # Unknown codes (20 included) are treated as refusals: recorded, never retried.
    return RejectedError(message, **kw)


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of a secret value in ``text`` with ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


class OrderOutcomeUnknown(KiwoomError, broker.OrderOutcomeUnknown):
    """An order may or may not have reached the broker (timeout after sending, dropped
    connection, 5xx). It was NOT resent; resolve it from open orders (ka10075) and fills (ka10076),
    e.g. with :func:`agent.orders.matching.find_broker_orders`.
    """

    def __init__(self, message: str, *, request: object, sent_at: datetime, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.request = request
        self.sent_at = sent_at
