"""An access token kept on disk between short-lived processes (``stockagent broker ...``).

Kiwoom seems to keep one valid token per app key: every process that issues its own token may
invalidate the one a running agent holds. Processes that share a :class:`TokenCache` reuse one
token instead. The file, ``<dir>/kiwoom-token-<hash of host and app key>.json``, holds the token
and its ``expires_dt`` (Kiwoom's ``YYYYMMDDHHMMSS`` in KST). It is created 0600 (never readable
by anyone else, not even for a moment) and a file with looser permissions or another owner is
ignored. The token is reused while more than :data:`MIN_REMAINING` of it is left; a token the
server refuses is dropped from the file, and a newly issued one replaces it. The token never
appears in a log line or a message.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import secrets
import stat
from datetime import timedelta
from pathlib import Path

import msgspec

from agent.clock import KST, Clock
from agent.kiwoom import codec
from agent.kiwoom.auth import Token, TokenManager
from agent.kiwoom.config import ClientConfig
from agent.secret import Secret

log = logging.getLogger(__name__)

MIN_REMAINING = timedelta(minutes=10)
"""A cached token with less left than this is not reused; a new one is issued instead."""
FILE_MODE = 0o600
DIR_MODE = 0o700


class _CachedToken(msgspec.Struct, frozen=True):
    token: str
    expires_dt: str


def cache_file_name(config: ClientConfig) -> str:
    """``kiwoom-token-<hash>.json``, one file per REST host and app key."""
    key = f"{config.base_url.rstrip('/').lower()}\n{config.appkey.reveal()}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"kiwoom-token-{digest}.json"


class TokenCache:
    """One host's and app key's token in a private file; a :class:`TokenListener`."""

    def __init__(
        self,
        directory: Path,
        config: ClientConfig,
        clock: Clock,
        *,
        min_remaining: timedelta = MIN_REMAINING,
    ) -> None:
        self._directory = directory
        self.path = directory / cache_file_name(config)
        self._clock = clock
        self._min_remaining = min_remaining

    def attach(self, manager: TokenManager) -> None:
        """Hand ``manager`` the cached token, if still good, and keep the file in step with it."""
        cached = self.load()
        if cached is not None:
            manager.adopt(cached)
        manager.listen(self)

    def load(self) -> Token | None:
        """The cached token if the file is private and the token has enough time left."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                log.warning("ignoring the token cache %s: it is a symbolic link", self.path)
            else:
                log.warning("cannot read the token cache %s: %s", self.path, exc.strerror)
            return None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_IMODE(info.st_mode) & 0o077 or info.st_uid != os.getuid():
                log.warning("ignoring the token cache %s: not private to this user", self.path)
                return None
            raw = handle.read()
        try:
            cached = msgspec.json.decode(raw, type=_CachedToken)
            expires_at = codec.kst_datetime(cached.expires_dt)
        except (msgspec.DecodeError, ValueError):
            log.warning("ignoring the token cache %s: unreadable", self.path)
            return None
        now = self._clock.now()
        if not cached.token or expires_at - now <= self._min_remaining:
            return None
        return Token(value=Secret(cached.token), expires_at=expires_at, issued_at=now)

    def issued(self, token: Token) -> None:
        """Keep ``token`` for the next process (replacing the file in one step)."""
        body = _CachedToken(
            token=token.value.reveal(),
            expires_dt=token.expires_at.astimezone(KST).strftime("%Y%m%d%H%M%S"),
        )
        temporary = self._directory / f".{self.path.name}.{secrets.token_hex(6)}.tmp"
        try:
            self._directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            # O_EXCL: a fresh file created 0600, never an existing one with other permissions.
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
            with os.fdopen(fd, "wb") as handle:
                handle.write(msgspec.json.encode(body))
            os.replace(temporary, self.path)
        except OSError as exc:
            log.warning("cannot write the token cache %s: %s", self.path, exc.strerror)
            with contextlib.suppress(OSError):
                temporary.unlink()

    def dropped(self, token: Token) -> None:
        """Delete the file if it still holds ``token`` (another process may have replaced it)."""
        held = self._held()
        if held is None or held != token.value.reveal():
            return
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("cannot delete the token cache %s: %s", self.path, exc.strerror)

    def _held(self) -> str | None:
        try:
            raw = self.path.read_bytes()
            return msgspec.json.decode(raw, type=_CachedToken).token
        except (OSError, msgspec.DecodeError):
            return None
