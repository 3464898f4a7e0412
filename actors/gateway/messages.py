"""Messages of the Gateway and the snapshot it publishes."""

from __future__ import annotations

from msgspec import Struct

from agent.broker.link import LinkKind


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


# What the gateway's side puts on the board's event stream (actors/board/events.py).


class FeedChanged(Struct, frozen=True, kw_only=True, tag_field="event", tag="feed_changed"):
    """The realtime feed connected or dropped."""

    connected: bool


class BrokerChanged(Struct, frozen=True, kw_only=True, tag_field="event", tag="broker_changed"):
    """The broker stopped answering (``lost``), answers again (``back``), or refused the
    token (``token_failed``)."""

    kind: LinkKind
    down_s: float | None
    """For ``back``: seconds it was lost."""
