"""Messages of the Scanner: the opening turnover leaders decide what is watched."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct


class Scan(Struct, frozen=True):
    """Timer tick: poll the rankings and update the watch list."""


class ScannerRow(Struct, frozen=True, kw_only=True):
    code: str
    name: str
    rank: int | None
    selected: bool
    price: int
    change_bps: int
    turnover: int
    volume_ratio_bp: int | None
    """Today's volume over the previous day's, in bp of one (20000 = 2x); None if unknown."""
    news_score: int | None
    reasons: tuple[str, ...]


class ScannerSnapshot(Struct, frozen=True, kw_only=True):
    """The turnover leaders and the watch list, as the board and the API show them."""

    at: datetime | None
    """When the scanner published it; None: it has not scanned yet."""
    watched: tuple[str, ...]
    rows: tuple[ScannerRow, ...]


class Watch(Struct, frozen=True, kw_only=True):
    """Operator: watch ``code`` whatever the ranking says."""

    code: str


class Unwatch(Struct, frozen=True, kw_only=True):
    code: str


class HistoryStored(Struct, frozen=True, kw_only=True, tag_field="event", tag="history_stored"):
    """The day's bars of the codes watched were stored for later days' volume statistics."""

    codes: tuple[str, ...]
    bars: int
