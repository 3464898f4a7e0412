"""Live realtime sessions by app key: a second LOGIN with the same key kicks the first."""

from __future__ import annotations

from typing import Protocol


class Kickable(Protocol):
    async def kick(self) -> None: ...


class SessionHub:
    """The one session allowed per app key (kiwoom-rest-api.md §6.1 item 6)."""

    def __init__(self) -> None:
        self._by_key: dict[str, Kickable] = {}

    async def attach(self, app_key: str, session: Kickable) -> None:
        """Make ``session`` the app key's session, kicking any earlier one with R10001."""
        previous = self._by_key.get(app_key)
        self._by_key[app_key] = session
        if previous is not None and previous is not session:
            await previous.kick()

    def detach(self, app_key: str, session: Kickable) -> None:
        if self._by_key.get(app_key) is session:
            del self._by_key[app_key]

    def count(self) -> int:
        return len(self._by_key)
