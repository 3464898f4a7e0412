"""Stable ids of the actors: peers find each other by these, never by a cached ref."""

from __future__ import annotations

ROOT = "root"
SCHEDULER = "scheduler"
BROKER = "broker"  # the sub-supervisor of the gateway
GATEWAY = "gateway"
TRADING = "trading"  # account -> risk -> router under rest_for_one
ACCOUNT = "account"
RISK = "risk"
ROUTER = "router"
NEWS = "news"
RECORDER = "recorder"
WATCH = "watch"
STOCK = "stock"  # the WatchSupervisor's template id
SCANNER = "scanner"


def stock_id(code: str) -> str:
    """Return the registry id of the StockActor watching ``code``."""
    return f"{STOCK}/{code}"
