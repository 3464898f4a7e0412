"""An access token kept on disk and shared by the agent and ``stockagent broker ...`` commands.

Kiwoom seems to keep one valid token per app key: every process that issues its own token may
invalidate the one a running agent holds. Processes that share a :class:`TokenCache` (a
:class:`~agent.kiwoom.auth.TokenStore`) reuse one token instead. The file,
``<dir>/kiwoom-token-<hash of canonical host and app key>.json``, holds the token and its
``expires_dt`` (Kiwoom's ``YYYYMMDDHHMMSS`` in KST). It is created 0600 (never readable by anyone
else, not even for a moment) and a file with looser permissions or another owner is ignored. The
token is reused until it is renew-due, by the same test the token's holder uses (so a command
takes what the agent still uses); a token the server refuses is dropped from the file, and a newly
issued one replaces it. Issuing happens under an advisory lock on ``<file>.lock`` so processes
started together issue once. The token never appears in a log line or a message.

The host is canonical (:func:`canonical_host`): ``http://localhost:8101`` and
``http://127.0.0.1:8101/`` name one file. A file named the pre-canonical way (the base URL as
typed) is still read until the first token is written under the new name, then removed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import secrets
import stat
from collections.abc import AsyncIterator, Collection
from pathlib import Path
from urllib.parse import urlsplit

import anyio
import msgspec

from agent.clock import KST, Clock
from agent.kiwoom import codec
from agent.kiwoom.auth import Token, TokenManager, renew_due
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.limiter import Sleep
from agent.secret import Secret

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_POLL = 0.05
"""Seconds between attempts to take the lock another process holds while it issues."""

_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class _CachedToken(msgspec.Struct, frozen=True):
    token: str
    expires_dt: str


def canonical_host(base_url: str) -> str:
    """``scheme://host:port`` of the server ``base_url`` names, however it is typed.

    Lower case, the default port spelled out, no path or trailing slash, and the loopback
    aliases (localhost, 127.0.0.1, ::1) folded into ``127.0.0.1``.
    """
    try:
        parts = urlsplit(base_url.strip())
        port = parts.port
    except ValueError:
        return base_url.rstrip("/").lower()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if host in _LOOPBACK:
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    port = port or _DEFAULT_PORTS.get(scheme)
    return f"{scheme}://{host}:{port}" if port else f"{scheme}://{host}"


def _file_name(host: str, appkey: str) -> str:
    digest = hashlib.sha256(f"{host}\n{appkey}".encode()).hexdigest()[:16]
    return f"kiwoom-token-{digest}.json"


def cache_file_name(config: ClientConfig) -> str:
    """``kiwoom-token-<hash>.json``, one file per REST server and app key."""
    return _file_name(canonical_host(config.base_url), config.appkey.reveal())


def legacy_cache_file_name(config: ClientConfig) -> str:
    """The name earlier versions used: the base URL hashed as typed (lower case, no slash)."""
    return _file_name(config.base_url.rstrip("/").lower(), config.appkey.reveal())


class TokenCache:
    """One server's and app key's token in a private file; a :class:`TokenStore`."""

    def __init__(
        self, directory: Path, config: ClientConfig, clock: Clock, *, sleep: Sleep = anyio.sleep
    ) -> None:
        self._directory = directory
        self.path = directory / cache_file_name(config)
        self.lock_path = directory / f"{self.path.name}.lock"
        legacy = directory / legacy_cache_file_name(config)
        self._legacy = legacy if legacy != self.path else None
        self._clock = clock
        self._renew_margin = config.renew_margin
        self._sleep = sleep
        # Long enough for the lock holder's one token request (connect + read), with room.
        self._lock_attempts = int(2 * (config.connect_timeout + config.read_timeout) / LOCK_POLL)

    def attach(self, manager: TokenManager) -> None:
        """Have ``manager`` take its tokens from this file and keep the file in step with it."""
        manager.share(self)

    def load(self, refused: Collection[str] = ()) -> Token | None:
        """The cached token if the file is private, it is not renew-due and not ``refused``."""
        now = self._clock.now()
        for path in self._paths():
            cached = self._read(path, warn=True)
            if cached is None or not cached.token or cached.token in refused:
                continue
            try:
                expires_at = codec.kst_datetime(cached.expires_dt)
            except ValueError:
                log.warning("ignoring the token cache %s: unreadable", path)
                continue
            if not renew_due(expires_at, now, self._renew_margin):
                return Token(value=Secret(cached.token), expires_at=expires_at, issued_at=now)
        return None

    @contextlib.asynccontextmanager
    async def issuing(self) -> AsyncIterator[None]:
        """Hold the advisory lock on :attr:`lock_path` (released on exit, or if the process dies).

        If the lock cannot be had (no such file system support, or a holder that never lets go),
        carry on without it: the worst case is the extra token issued before locks existed.
        """
        fd = self._open_lock()
        try:
            if fd is not None:
                await self._take(fd)
            yield
        finally:
            if fd is not None:
                os.close(fd)

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
            return
        if self._legacy is not None:
            with contextlib.suppress(OSError):
                self._legacy.unlink()

    def dropped(self, token: Token) -> None:
        """Delete the file if it still holds ``token`` (another process may have replaced it)."""
        fd = self._open_lock()
        try:
            if fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return  # another process is issuing: it replaces the file itself
                except OSError:
                    pass
            for path in self._paths():
                held = self._read(path, warn=False)
                if held is None or held.token != token.value.reveal():
                    continue
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    log.warning("cannot delete the token cache %s: %s", path, exc.strerror)
        finally:
            if fd is not None:
                os.close(fd)

    def _paths(self) -> list[Path]:
        return [self.path] if self._legacy is None else [self.path, self._legacy]

    def _read(self, path: Path, *, warn: bool) -> _CachedToken | None:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if warn and exc.errno == errno.ELOOP:
                log.warning("ignoring the token cache %s: it is a symbolic link", path)
            elif warn:
                log.warning("cannot read the token cache %s: %s", path, exc.strerror)
            return None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_IMODE(info.st_mode) & 0o077 or info.st_uid != os.getuid():
                if warn:
                    log.warning("ignoring the token cache %s: not private to this user", path)
                return None
            raw = handle.read()
        try:
            return msgspec.json.decode(raw, type=_CachedToken)
        except msgspec.DecodeError:
            if warn:
                log.warning("ignoring the token cache %s: unreadable", path)
            return None

    def _open_lock(self) -> int | None:
        try:
            self._directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            return os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
        except OSError as exc:
            log.warning("cannot open the token lock %s: %s", self.lock_path, exc.strerror)
            return None

    async def _take(self, fd: int) -> None:
        # Polled, not a blocking flock: the event loop (the agent's, too) keeps running, and a
        # cancelled wait leaves no thread behind holding the lock.
        for _ in range(self._lock_attempts):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                await self._sleep(LOCK_POLL)
            except OSError as exc:
                log.warning("cannot lock %s: %s; issuing unlocked", self.lock_path, exc.strerror)
                return
        log.warning("the token lock %s is still held; issuing unlocked", self.lock_path)
