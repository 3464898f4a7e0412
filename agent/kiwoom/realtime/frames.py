"""Realtime frame parsing and the small types the feed's protocol loop uses."""

from __future__ import annotations

import logging
from typing import Protocol

import anyio
import msgspec

from agent.kiwoom.auth import Token
from agent.kiwoom.errors import AuthError, KiwoomError

log = logging.getLogger(__name__)


class TokenSource(Protocol):
    """Where the feed gets its token (the REST client's :class:`TokenManager`)."""

    async def token(self) -> Token: ...

    async def invalidate(self, rejected: Token) -> None: ...


class RealtimeError(KiwoomError):
    """A REG/REMOVE was refused or not acknowledged."""


class Frame(msgspec.Struct, frozen=True):
    """The envelope every frame shares; ``data`` stays raw until the type is known."""

    trnm: str = ""
    return_code: int | str = 0
    return_msg: str = ""
    code: str = ""
    message: str = ""
    data: msgspec.Raw = msgspec.Raw(b"[]")


class Ack:
    """A REG/REMOVE waiting for its acknowledgement (the server answers in order)."""

    __slots__ = ("code", "done", "message", "trnm")

    def __init__(self, trnm: str, done: anyio.Event | None) -> None:
        self.trnm = trnm
        self.done = done
        self.code = 0
        self.message = ""


class Kicked(Exception):
    """R10001 arrived: another session owns the app key now."""


class LoginRejected(Exception):
    """The server refused LOGIN with ``token``."""

    def __init__(self, token: Token, error: AuthError) -> None:
        super().__init__(str(error))
        self.token = token
        self.error = error


def parse_frame(raw: str | bytes) -> Frame | None:
    """Decode a frame's envelope; an undecodable frame is logged and skipped."""
    try:
        return msgspec.json.decode(raw, type=Frame)
    except msgspec.DecodeError:
        log.warning("undecodable realtime frame ignored")
        return None
