"""The api-id -> URL path map (Kiwoom selects the TR by header; the path is only the category)."""

from __future__ import annotations

import enum


class Priority(enum.IntEnum):
    """Who goes first when requests compete for the rate budget (lower is sooner)."""

    ORDER = 0
    """Orders, modifications, cancels and the token they need."""
    ACCOUNT = 1
    """Open orders, fills, deposit, balance."""
    MARKET_DATA = 2
    """Quotes, charts, rankings polled by the scanner."""


TOKEN_PATH = "/oauth2/token"  # noqa: S105 - a URL path, not a password
REVOKE_PATH = "/oauth2/revoke"
WEBSOCKET_PATH = "/api/dostk/websocket"

ACCOUNT_PATH = "/api/dostk/acnt"
ORDER_PATH = "/api/dostk/ordr"
STOCK_INFO_PATH = "/api/dostk/stkinfo"
MARKET_PATH = "/api/dostk/mrkcond"
RANKING_PATH = "/api/dostk/rkinfo"
CHART_PATH = "/api/dostk/chart"

_PATHS: dict[str, str] = {
    "au10001": TOKEN_PATH,
    "au10002": REVOKE_PATH,
    **dict.fromkeys(
        ["ka00001", "ka10075", "ka10076", "ka10085", "kt00001", "kt00004", "kt00005", "kt00018"],
        ACCOUNT_PATH,
    ),
    **dict.fromkeys(["kt10000", "kt10001", "kt10002", "kt10003"], ORDER_PATH),
    **dict.fromkeys(["ka10001", "ka10054", "ka10095", "ka10099", "ka10100"], STOCK_INFO_PATH),
    **dict.fromkeys(["ka10004", "ka10086", "ka10087"], MARKET_PATH),
    **dict.fromkeys(["ka10023", "ka10027", "ka10029", "ka10030", "ka10032"], RANKING_PATH),
    **dict.fromkeys(["ka10079", "ka10080", "ka10081", "ka10082", "ka10083", "ka10094"], CHART_PATH),
}

ORDER_API_IDS = frozenset({"kt10000", "kt10001", "kt10002", "kt10003"})
AUTH_API_IDS = frozenset({"au10001", "au10002"})


def path_of(api_id: str) -> str:
    """Return the category path for ``api_id``; unknown ids are a programming error."""
    try:
        return _PATHS[api_id]
    except KeyError:
        raise KeyError(f"no path known for api-id {api_id!r}") from None


def is_order(api_id: str) -> bool:
    """True for TRs that change orders at the broker (never resent when the outcome is unknown)."""
    return api_id in ORDER_API_IDS


def priority_of(api_id: str) -> Priority:
    """The rate-limiter priority class of ``api_id``."""
    if api_id in ORDER_API_IDS or api_id in AUTH_API_IDS:
        return Priority.ORDER
    if _PATHS.get(api_id) == ACCOUNT_PATH:
        return Priority.ACCOUNT
    return Priority.MARKET_DATA


def group_of(api_id: str) -> str | None:
    """The shared budget an api-id draws on: "order", "query", or None for the token endpoints."""
    if api_id in AUTH_API_IDS:
        return None
    return "order" if api_id in ORDER_API_IDS else "query"
