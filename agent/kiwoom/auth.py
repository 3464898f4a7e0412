"""Access token: issue (au10001), share, renew before expiry or when rejected, revoke (au10002)."""

from __future__ import annotations

import logging
from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Protocol

import anyio
import httpx
import msgspec

from agent.clock import Clock
from agent.kiwoom import codec
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.endpoints import REVOKE_PATH, TOKEN_PATH
from agent.kiwoom.errors import (
    AuthError,
    KiwoomError,
    ProtocolError,
    TransientError,
    classify,
    redact,
)
from agent.kiwoom.limiter import RateLimiter
from agent.secret import Secret

log = logging.getLogger(__name__)

JSON_CONTENT_TYPE = "application/json;charset=UTF-8"
MIN_TOKEN_REUSE = timedelta(seconds=60)


class Token(msgspec.Struct, frozen=True, kw_only=True):
    """An issued access token; the value never prints."""

    value: Secret
    expires_at: datetime
    issued_at: datetime
    """When this process got the token: issued it, or adopted it from a cache."""

    @property
    def authorization(self) -> str:
        """The ``authorization`` header value."""
        return f"Bearer {self.value.reveal()}"


class _IssueRequest(msgspec.Struct, frozen=True):
    grant_type: str
    appkey: str
    secretkey: str


class _RevokeRequest(msgspec.Struct, frozen=True):
    appkey: str
    secretkey: str
    token: str


class _TokenResponse(msgspec.Struct, frozen=True):
    return_code: int | str = 0
    return_msg: str = ""
    token: str = ""
    token_type: str = ""
    expires_dt: str = ""


def return_code_of(raw: int | str) -> int:
    """Normalise ``return_code`` (an int, or in some servers a numeric string)."""
    try:
        return int(raw)
    except ValueError:
        return -1


def renew_due(expires_at: datetime, now: datetime, renew_margin: float) -> bool:
    """Whether a token expiring at ``expires_at`` is, at ``now``, within ``renew_margin`` seconds
    of expiry: the one test of "too old to use" for a token in hand and for a shared one."""
    return now + timedelta(seconds=renew_margin) >= expires_at


class TokenStore(Protocol):
    """Where processes sharing an app key meet: the token one issued is the one the others use."""

    def load(self, refused: Collection[str]) -> Token | None:
        """A token another process keeps that is not renew-due and not among ``refused``."""

    def issuing(self) -> AbstractAsyncContextManager[None]:
        """Exclude the other processes from issuing while this one loads, issues and keeps."""

    def issued(self, token: Token) -> None:
        """A new token was issued and is now in hand: keep it for the others."""

    def dropped(self, token: Token) -> None:
        """``token`` was refused by the server or revoked: it must not be used again."""


class TokenManager:
    """Hand out one shared token; at most one issue request is in flight at any time."""

    def __init__(
        self,
        config: ClientConfig,
        http: httpx.AsyncClient,
        clock: Clock,
        limiter: RateLimiter,
    ) -> None:
        self._config = config
        self._http = http
        self._clock = clock
        self._limiter = limiter
        self._lock = anyio.Lock()
        self._token: Token | None = None
        self._store: TokenStore | None = None
        # Values the server refused in this process: a store still holding one is not believed.
        self._refused: set[str] = set()

    @property
    def current(self) -> Token | None:
        """The token in hand, if any (it may be close to expiry)."""
        return self._token

    def share(self, store: TokenStore | None) -> None:
        """Take tokens from ``store`` before issuing one, and keep it in step (None: no sharing).

        Whenever the token in hand is missing, stale or refused, a token another process has kept
        in ``store`` is adopted; a new one is issued only when the store has none.
        """
        self._store = store

    def secrets(self) -> tuple[str, ...]:
        """Every secret value this client knows, for scrubbing messages."""
        values = [self._config.appkey.reveal(), self._config.secretkey.reveal()]
        if self._token is not None:
            values.append(self._token.value.reveal())
        return tuple(values)

    async def token(self) -> Token:
        """Return a token valid for at least the renew margin, issuing one if needed."""
        token = self._token
        if token is not None and self._fresh(token):
            return token
        async with self._lock:
            token = self._token
            if token is not None and self._fresh(token):
                return token
            store = self._store
            if store is None:
                self._token = issued = await self._issue()
                return issued
            async with store.issuing():
                # On Kiwoom a new token may log out every other holder of the app key: take the
                # one another process already has (it may have just renewed it) before issuing.
                shared = store.load(self._refused)
                if shared is not None:
                    self._token = shared
                    log.info("adopted a shared token valid until %s", shared.expires_at.isoformat())
                    return shared
                self._token = issued = await self._issue()
                store.issued(issued)
                return issued

    async def invalidate(self, rejected: Token) -> None:
        """Forget ``rejected`` after the server refused it (a newer token is kept)."""
        async with self._lock:
            self._refused.add(rejected.value.reveal())
            if self._token is rejected:
                self._token = None
        if self._store is not None:
            self._store.dropped(rejected)

    async def revoke(self) -> None:
        """Revoke the current token at the server (best effort, at shutdown)."""
        async with self._lock:
            token, self._token = self._token, None
        if token is None:
            return
        if self._store is not None:
            self._store.dropped(token)
        body = _RevokeRequest(
            appkey=self._config.appkey.reveal(),
            secretkey=self._config.secretkey.reveal(),
            token=token.value.reveal(),
        )
        try:
            await self._post("au10002", REVOKE_PATH, msgspec.json.encode(body))
        except KiwoomError as exc:
            log.warning("token revoke failed: %s", exc)

    def _fresh(self, token: Token) -> bool:
        now = self._clock.now()
        # A token that looks stale on arrival (clock skew, short lifetime) is still kept for a
        # minute, so a skewed clock cannot turn every call into a token request.
        return (
            not renew_due(token.expires_at, now, self._config.renew_margin)
            or now < token.issued_at + MIN_TOKEN_REUSE
        )

    async def _issue(self) -> Token:
        body = _IssueRequest(
            grant_type="client_credentials",
            appkey=self._config.appkey.reveal(),
            secretkey=self._config.secretkey.reveal(),
        )
        response = await self._post("au10001", TOKEN_PATH, msgspec.json.encode(body))
        if response.token_type.lower() != "bearer":
            raise ProtocolError(f"unexpected token_type {response.token_type!r}", api_id="au10001")
        if not response.token:
            raise ProtocolError("token response without a token", api_id="au10001")
        try:
            expires_at = codec.kst_datetime(response.expires_dt)
        except ValueError as exc:
            raise ProtocolError(str(exc), api_id="au10001") from exc
        log.info("issued access token valid until %s", expires_at.isoformat())
        return Token(
            value=Secret(response.token), expires_at=expires_at, issued_at=self._clock.now()
        )

    async def _post(self, api_id: str, path: str, content: bytes) -> _TokenResponse:
        await self._limiter.acquire(api_id)
        headers = {"Content-Type": JSON_CONTENT_TYPE, "api-id": api_id}
        try:
            response = await self._http.post(path, content=content, headers=headers)
        except httpx.HTTPError as exc:
            raise TransientError(f"{type(exc).__name__} on {path}", api_id=api_id) from None
        try:
            decoded = msgspec.json.decode(response.content, type=_TokenResponse)
        except msgspec.DecodeError:
            if response.status_code >= 500 or response.status_code == 429:
                raise classify(
                    None,
                    f"HTTP {response.status_code}",
                    api_id=api_id,
                    http_status=response.status_code,
                ) from None
            raise ProtocolError(
                f"undecodable body, HTTP {response.status_code}",
                api_id=api_id,
                http_status=response.status_code,
            ) from None
        code = return_code_of(decoded.return_code)
        if code != 0 or response.status_code >= 400:
            error = classify(
                code,
                redact(decoded.return_msg, self.secrets()),
                api_id=api_id,
                http_status=response.status_code,
            )
            if isinstance(error, AuthError):
                log.error("token request refused: %s", error)
            raise error
        return decoded
