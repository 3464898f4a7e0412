"""Messages of the Gateway and the snapshot it publishes."""

from __future__ import annotations

from msgspec import Struct


class FeedLost(Struct, frozen=True, kw_only=True):
    """The realtime session ended for good (another session took the app key)."""

    reason: str


class PollQuotes(Struct, frozen=True):
    """Time to poll the watched codes' quotes, if no realtime feed delivers their trades."""


class GatewaySnapshot(Struct, frozen=True, kw_only=True):
    session_open: bool
    realtime_connected: bool
    base_url: str
    polling: bool = False
    """Market data comes from polled quotes (ka10095): the realtime feed is off or down."""
