"""POST a TR with its api-id header: rate limit, token, retries, continuation pages.

Retry rules:

* Queries: network errors, 5xx, 1999 retry with exponential backoff and jitter; 429/1700 wait and
  retry; token errors renew the token once and replay once.
* Orders (kt10000-kt10003) are re-sent ONLY when the broker certainly did not accept them: the
  connection never opened, HTTP 429 / 1700, or a token error the server raised before
  processing. Anything ambiguous (timeout after sending, dropped connection, 5xx, an undecodable
  answer) raises :class:`OrderOutcomeUnknown` and is never re-sent.
"""

from __future__ import annotations

import logging
import random
from datetime import date
from typing import TypeVar

import anyio
import httpx
import msgspec

from agent.clock import KST, Clock
from agent.kiwoom.auth import JSON_CONTENT_TYPE, Token, TokenManager, return_code_of
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.endpoints import is_order, path_of
from agent.kiwoom.errors import (
    AuthError,
    KiwoomError,
    OrderOutcomeUnknown,
    ProtocolError,
    RateLimitedError,
    TransientError,
    classify,
    redact,
)
from agent.kiwoom.limiter import RateLimiter, Sleep

log = logging.getLogger(__name__)

T = TypeVar("T")

# Failures raised before a single byte of the request left this machine.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class Page(msgspec.Struct, frozen=True):
    """One raw response: body plus the continuation headers."""

    body: bytes
    more: bool
    next_key: str


class _Envelope(msgspec.Struct, frozen=True):
    return_code: int | str = 0
    return_msg: str = ""


class KiwoomHttp:
    """The HTTP side of the client; every TR goes through :meth:`call`."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        http: httpx.AsyncClient,
        auth: TokenManager,
        limiter: RateLimiter,
        clock: Clock,
        sleep: Sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._config = config
        self._http = http
        self._auth = auth
        self._limiter = limiter
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography

    @property
    def clock(self) -> Clock:
        """The injected clock (TR modules use it to date ``HHMMSS`` fields)."""
        return self._clock

    def today(self) -> date:
        """Today's date in Korea."""
        return self._clock.now().astimezone(KST).date()

    async def request(self, api_id: str, body: msgspec.Struct, into: type[T]) -> T:
        """Send one TR and decode the body into ``into``."""
        page = await self.call(api_id, body)
        return self.decode(api_id, page.body, into)

    async def request_pages(
        self, api_id: str, body: msgspec.Struct, into: type[T], *, max_pages: int | None = None
    ) -> list[T]:
        """Send one TR, follow ``cont-yn``/``next-key`` and decode every page into ``into``."""
        pages = await self.pages(api_id, body, max_pages=max_pages)
        return [self.decode(api_id, page.body, into) for page in pages]

    @staticmethod
    def decode(api_id: str, body: bytes, into: type[T]) -> T:
        """Decode a successful body; a shape mismatch is a :class:`ProtocolError`."""
        try:
            return msgspec.json.decode(body, type=into)
        except msgspec.DecodeError as exc:
            raise ProtocolError(
                f"response does not match {into.__name__}: {exc}", api_id=api_id
            ) from None

    async def pages(
        self, api_id: str, body: msgspec.Struct, *, max_pages: int | None = None
    ) -> list[Page]:
        """Fetch up to ``max_pages`` (default: the configured page limit) continuation pages."""
        limit = max_pages or self._config.page_limit
        pages = [await self.call(api_id, body)]
        while pages[-1].more and pages[-1].next_key:
            if len(pages) >= limit:
                log.warning("%s: stopped after %d pages (page limit)", api_id, limit)
                break
            pages.append(await self.call(api_id, body, next_key=pages[-1].next_key))
        return pages

    async def call(self, api_id: str, body: msgspec.Struct, *, next_key: str | None = None) -> Page:
        """Send ``body`` as TR ``api_id`` and return the successful page, or raise."""
        content = msgspec.json.encode(body)
        ordering = is_order(api_id)
        failures = 0
        rate_waits = 0
        renewed = False
        while True:
            await self._limiter.acquire(api_id)
            try:
                token = await self._token(api_id)
            except TransientError as exc:
                # Nothing was sent yet: safe to retry, orders included.
                failures += 1
                if failures >= self._config.max_attempts:
                    raise
                log.warning("%s: no token (%s), retrying", api_id, exc.fine_code or exc.message)
                await self._sleep(self._backoff(failures))
                continue
            headers = self._headers(api_id, token, next_key)
            sent_at = self._clock.now()
            try:
                # An order in flight is never cut by a cancellation: it completes (bounded by the
                # read timeout) so its outcome is known rather than half-sent.
                with anyio.CancelScope(shield=ordering):
                    response = await self._http.post(
                        path_of(api_id), content=content, headers=headers
                    )
            except _NOT_SENT as exc:
                failures += 1
                unsent = TransientError(self._scrub(f"{type(exc).__name__}: {exc}"), api_id=api_id)
                if failures >= self._config.max_attempts:
                    raise unsent from None
                log.warning("%s: not sent (%s), retrying", api_id, type(exc).__name__)
                await self._sleep(self._backoff(failures))
                continue
            except httpx.HTTPError as exc:
                message = self._scrub(f"{type(exc).__name__}: {exc}")
                if ordering:
                    raise OrderOutcomeUnknown(
                        message, request=body, sent_at=sent_at, api_id=api_id
                    ) from None
                failures += 1
                if failures >= self._config.max_attempts:
                    raise TransientError(message, api_id=api_id) from None
                log.warning("%s: %s, retrying", api_id, type(exc).__name__)
                await self._sleep(self._backoff(failures))
                continue

            error = self._error_of(api_id, response)
            if error is None:
                return Page(
                    body=response.content,
                    more=response.headers.get("cont-yn", "N").upper() == "Y",
                    next_key=response.headers.get("next-key", ""),
                )
            if isinstance(error, RateLimitedError):
                rate_waits += 1
                if rate_waits > self._config.max_attempts:
                    raise error
                if error.flow is not None:
                    self._limiter.lower(api_id, error.flow)
                self._limiter.pause(api_id, self._backoff(rate_waits))
                log.warning("%s: rate limited (%s), waiting", api_id, error.fine_code or 429)
                continue
            if isinstance(error, AuthError) and error.token_invalid and not renewed:
                renewed = True
                await self._auth.invalidate(token)
                log.info("%s: token rejected (%s), renewing once", api_id, error.fine_code)
                continue
            if ordering and (isinstance(error, (TransientError, ProtocolError))):
                raise OrderOutcomeUnknown(
                    error.message,
                    request=body,
                    sent_at=sent_at,
                    code=error.code,
                    fine_code=error.fine_code,
                    api_id=api_id,
                    http_status=error.http_status,
                )
            if isinstance(error, TransientError):
                failures += 1
                if failures >= self._config.max_attempts:
                    raise error
                await self._sleep(self._backoff(failures))
                continue
            raise error

    async def _token(self, api_id: str) -> Token:
        try:
            return await self._auth.token()
        except KiwoomError as exc:
            exc.message = self._scrub(exc.message)
            raise

    def _headers(self, api_id: str, token: Token, next_key: str | None) -> dict[str, str]:
        headers = {
            "Content-Type": JSON_CONTENT_TYPE,
            "authorization": token.authorization,
            "api-id": api_id,
        }
        if next_key:
            headers["cont-yn"] = "Y"
            headers["next-key"] = next_key
        return headers

    def _error_of(self, api_id: str, response: httpx.Response) -> KiwoomError | None:
        status = response.status_code
        try:
            envelope = msgspec.json.decode(response.content, type=_Envelope)
        except msgspec.DecodeError:
            if status < 400:
                return ProtocolError("undecodable response body", api_id=api_id, http_status=status)
            return classify(None, f"HTTP {status}", api_id=api_id, http_status=status)
        code = return_code_of(envelope.return_code)
        if code == 0 and status < 400:
            return None
        message = self._scrub(envelope.return_msg or f"HTTP {status}")
        return classify(code if code != 0 else None, message, api_id=api_id, http_status=status)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with equal jitter: half fixed, half random."""
        ceiling = min(self._config.backoff_max, self._config.backoff_base * 2 ** (attempt - 1))
        return float(ceiling / 2 + self._rng.uniform(0, ceiling / 2))

    def _scrub(self, text: str) -> str:
        return redact(text, self._auth.secrets())
