"""Delivery through apprise, one plugin per configured URL, retried, secrets never shown.

A target is named by its service and position (``Telegram #1``), never by its URL: apprise URLs
carry bot tokens and webhook secrets, and even apprise's own "privacy" form keeps some of them.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import apprise
from msgspec import Struct

from agent.notify.batcher import Message
from agent.secret import MASK

_APPRISE_LOG = logging.getLogger("apprise")
_SEGMENTS = re.compile(r"[/:@?&=#,]+")
MIN_SECRET_LEN = 6


class InvalidTarget(ValueError):
    """A configured URL is not one apprise knows; ``index`` is its place in ``notify.urls``."""

    def __init__(self, index: int, scheme: str) -> None:
        super().__init__(
            f"notify.urls[{index}]: not an apprise URL (scheme {scheme!r}); "
            "see https://github.com/caronc/apprise/wiki for the formats"
        )
        self.index = index


class Delivery(Struct, frozen=True, kw_only=True):
    target: str
    ok: bool
    error: str | None = None


class Sender(Protocol):
    targets: list[str]

    def send(self, message: Message) -> list[Delivery]: ...


class AppriseSender:
    """Send a message to every target; each is tried ``attempts`` times with a growing pause."""

    def __init__(
        self,
        urls: Sequence[str],
        *,
        attempts: int = 3,
        backoff_s: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # apprise logs at INFO on every send and may name hosts: its warnings are captured per
        # send (and scrubbed), nothing of it reaches the agent's log directly.
        _APPRISE_LOG.propagate = False
        _APPRISE_LOG.setLevel(logging.WARNING)
        self._plugins: list[apprise.plugins.NotifyBase] = []
        self.targets: list[str] = []
        self._secrets: list[str] = []
        for index, url in enumerate(urls):
            plugin = apprise.Apprise.instantiate(url)
            if plugin is None:
                raise InvalidTarget(index, url.split("://", 1)[0] if "://" in url else "")
            self._plugins.append(plugin)
            self.targets.append(f"{plugin.service_name} #{index + 1}")
            self._secrets.extend(s for s in _SEGMENTS.split(url) if len(s) >= MIN_SECRET_LEN)
        self._attempts = max(1, attempts)
        self._backoff_s = backoff_s
        self._sleep = sleep

    def send(self, message: Message) -> list[Delivery]:
        kind = apprise.NotifyType.FAILURE if message.severe else apprise.NotifyType.INFO
        return [
            self._send_one(target, plugin, message, kind)
            for target, plugin in zip(self.targets, self._plugins, strict=True)
        ]

    def _send_one(
        self,
        target: str,
        plugin: apprise.plugins.NotifyBase,
        message: Message,
        kind: apprise.NotifyType,
    ) -> Delivery:
        error = "not sent"
        for attempt in range(self._attempts):
            if attempt:
                self._sleep(self._backoff_s * 2 ** (attempt - 1))
            capture = apprise.LogCapture(level=logging.WARNING)  # type: ignore[no-untyped-call]
            with capture as captured:
                try:
                    ok = bool(
                        plugin.notify(body=message.body, title=message.title, notify_type=kind)
                    )
                except Exception as exc:  # a plugin bug must not end the delivery thread
                    ok, error = False, f"{type(exc).__name__}: {exc}"
                else:
                    error = _last_line(captured.getvalue()) or "the service refused it"
            if ok:
                return Delivery(target=target, ok=True)
        return Delivery(target=target, ok=False, error=self._scrub(error))

    def _scrub(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text


def _last_line(captured: object) -> str:
    text = str(captured or "").strip()
    line = text.splitlines()[-1] if text else ""
    return line.split(" - ", 2)[-1] if " - " in line else line
