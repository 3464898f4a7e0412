"""What the market-data logic consumes: trade ticks and VI events, as small frozen structs.

These are this package's own inputs, not Kiwoom's wire format: the realtime client adapts its
``0B`` (체결) and ``1h`` (VI발동/해제) packets to them, so the same logic runs on live data, the
simulator and recorded days.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from msgspec import Struct


class Tick(Struct, frozen=True, kw_only=True):
    """One trade of ``code`` at ``at`` (timezone-aware)."""

    code: str
    at: datetime
    price: int
    """Trade price in won, always positive (Kiwoom's direction sign already stripped)."""
    quantity: int
    """Shares traded, signed by the aggressor (FID 15): ``+`` buy-, ``-`` sell-initiated."""
    cum_volume: int | None = None
    """The feed's cumulative volume for the day (FID 13), when it sends one."""
    side_known: bool = True
    """False when the feed gave no aggressor (an unsigned FID 15, e.g. an auction uncross):
    the trade counts in volume and VWAP but in neither buy nor sell volume."""
    ts: float | None = None
    """``at`` as a POSIX timestamp, when the caller already has it (the feed's times are whole
    seconds, so a StockActor converts each second once, not each trade); must equal
    ``at.timestamp()``."""


class ViPhase(StrEnum):
    """Whether a VI event starts or ends the single-price auction."""

    TRIGGERED = "triggered"
    RELEASED = "released"


class ViScope(StrEnum):
    """Which VI fired (FID 1225 VI적용구분)."""

    STATIC = "static"
    DYNAMIC = "dynamic"
    BOTH = "both"


class ViEvent(Struct, frozen=True, kw_only=True):
    """A volatility interruption of ``code`` triggered or released at ``at``."""

    code: str
    at: datetime
    """Trigger time for ``TRIGGERED`` (FID 1223), release time for ``RELEASED`` (FID 1224)."""
    phase: ViPhase
    scope: ViScope | None = None
    trigger_price: int | None = None
    """The price that tripped the VI (FID 1221), in won."""
