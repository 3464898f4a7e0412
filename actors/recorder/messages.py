"""Messages of the Recorder: market data to persist for replay and learning."""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from agent.learning.daily import DailySummary
from agent.marketdata import Bar


class RecordBars(Struct, frozen=True, kw_only=True):
    bars: tuple[Bar, ...]


class Flush(Struct, frozen=True):
    """Timer tick: write what is buffered."""


class DaySummarized(Struct, frozen=True, kw_only=True, tag_field="event", tag="day_summarized"):
    """The day closed and its trades were summarised (the board's ``system_status``)."""

    day: date
    summary: DailySummary
