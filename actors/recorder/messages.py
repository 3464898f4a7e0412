"""Messages of the Recorder: market data to persist for replay and learning."""

from __future__ import annotations

from msgspec import Struct

from agent.marketdata import Bar


class RecordBars(Struct, frozen=True, kw_only=True):
    bars: tuple[Bar, ...]


class Flush(Struct, frozen=True):
    """Timer tick: write what is buffered."""
