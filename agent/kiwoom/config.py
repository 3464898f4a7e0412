"""Settings of the Kiwoom broker client: hosts, credentials, rate profile, timeouts."""

from __future__ import annotations

from typing import Literal

import msgspec

from agent.secret import Secret

REAL_BASE_URL = "https://api.kiwoom.com"
MOCK_BASE_URL = "https://mockapi.kiwoom.com"
REAL_WS_URL = "wss://api.kiwoom.com:10000/api/dostk/websocket"
MOCK_WS_URL = "wss://mockapi.kiwoom.com:10000/api/dostk/websocket"
SIM_BASE_URL = "http://127.0.0.1:8101"
SIM_WS_URL = "ws://127.0.0.1:8101/api/dostk/websocket"


class RateProfile(msgspec.Struct, frozen=True, kw_only=True):
    """Request budgets, in requests per ``period`` seconds.

    Kiwoom counts requests per api-id (the ``유량=N`` of a 1700 message). The real server's policy
    text also speaks of 5 queries and 5 orders per second in total, so the optional group budgets
    cap all queries and all orders together as well.
    """

    per_api_id: int
    """Requests per api-id per period."""
    query_group: int | None = None
    """Requests per period summed over every query api-id; None for no group cap."""
    order_group: int | None = None
    """Requests per period summed over kt10000-kt10003; None for no group cap."""
    period: float = 1.0
    """Window length in seconds."""
    margin: float = 0.05
    """Seconds added to every window, so clock skew against the server never trips it."""


REAL_PROFILE = RateProfile(per_api_id=5, query_group=5, order_group=5)
# Measured on the mock server: about 1 request per second per api-id; mixed api-ids do not trip.
MOCK_PROFILE = RateProfile(per_api_id=1)


def rate_profile(name: Literal["real", "mock"]) -> RateProfile:
    """Return the named built-in profile."""
    return REAL_PROFILE if name == "real" else MOCK_PROFILE


class ClientConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the Kiwoom client needs; built by the application's settings module."""

    appkey: Secret
    """App key of the account (real and mock keys differ)."""
    secretkey: Secret
    """Secret key paired with ``appkey``."""
    base_url: str = SIM_BASE_URL
    """REST host, e.g. https://api.kiwoom.com, https://mockapi.kiwoom.com or the simulator."""
    ws_url: str = SIM_WS_URL
    """Full realtime WebSocket URL including the /api/dostk/websocket path."""
    rate: Literal["real", "mock"] | RateProfile = "mock"
    """Rate profile: a built-in name or a custom profile."""
    stop_order_exchange: Literal["NXT", "SOR", "KRX"] = "NXT"
    """``dmst_stex_tp`` of a 스톱지정가 (``trde_tp`` 28): a stop-limit is an order type Nextrade
    added (krx-market-rules.md), which KRX itself does not take; every other order goes to KRX.
    Our choice where Kiwoom's document is silent, kept here."""
    connect_timeout: float = 5.0
    """Seconds to establish a TCP/TLS connection."""
    read_timeout: float = 10.0
    """Seconds to wait for a response once the request was sent."""
    page_limit: int = 20
    """Most continuation pages fetched for one logical query."""
    renew_margin: float = 300.0
    """Renew the token this many seconds before its ``expires_dt``."""
    max_attempts: int = 4
    """Attempts for one query over transient failures (orders: only where provably unsent)."""
    backoff_base: float = 0.5
    """First retry delay in seconds; doubles each attempt, with full jitter."""
    backoff_max: float = 8.0
    """Longest retry delay in seconds."""
    ws_ping_timeout: float | None = None
    """Drop the socket when no frame arrives for this many seconds (Kiwoom's PING interval is
    undocumented, so off by default)."""
    ws_backoff_max: float = 30.0
    """Longest delay between realtime reconnects."""
    ws_ack_timeout: float = 5.0
    """Seconds to wait for the LOGIN and REG/REMOVE acknowledgements."""
    ws_max_items_per_reg: int = 100
    """Most items in one REG frame (Kiwoom's limit is undocumented)."""
    ws_max_login_failures: int = 3
    """Consecutive rejected LOGINs (with a fresh token each time) before giving up."""
    ws_reconnect_on_kick: bool = False
    """Reconnect after R10001 (another session took the app key); off so two sessions never
    fight over the key."""

    @property
    def profile(self) -> RateProfile:
        """The effective rate profile."""
        return self.rate if isinstance(self.rate, RateProfile) else rate_profile(self.rate)
