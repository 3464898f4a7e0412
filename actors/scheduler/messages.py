"""Messages of the Scheduler: market phases as seen through the KRX calendar."""

from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct

from agent.market.sessions import Phase


class CheckPhase(Struct, frozen=True):
    """Timer tick: look at the clock and announce a phase change."""


class PhaseChanged(Struct, frozen=True, kw_only=True, tag_field="event", tag="phase_changed"):
    """The market moved from ``previous`` to ``phase`` (told to the trading actors and put on
    the board's ``system_status`` stream)."""

    trading_date: date
    phase: Phase
    previous: Phase | None
    at: datetime


class DayClosed(Struct, frozen=True, kw_only=True):
    """The regular session and closing auction are over for ``trading_date``."""

    trading_date: date
    at: datetime
