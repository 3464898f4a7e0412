"""Volatility-interruption state of one stock, folded from realtime ``1h`` events.

A VI is active from its trigger until its release event arrives. There is no timeout: a VI lasts
two minutes plus a random end of up to 30 s (krx-market-rules.md B3), and if the release is lost
the conservative reading is "still in VI" until the next release, a later trigger or a restart
that re-reads ka10054. Events older than the last one applied are ignored, so replaying a feed
with duplicates or reordering gives the same state.
"""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.marketdata.events import ViEvent, ViPhase, ViScope


class ViState(Struct, frozen=True, kw_only=True):
    """Whether ``code`` is in a VI auction now, and what the last VI was."""

    active: bool = False
    count: int = 0
    """VIs triggered today, as seen by this state."""
    triggered_at: datetime | None = None
    released_at: datetime | None = None
    scope: ViScope | None = None
    trigger_price: int | None = None
    last_event_at: datetime | None = None


def apply_vi_event(vi: ViState, event: ViEvent) -> ViState:
    """Return ``vi`` after ``event``; an event older than the last applied one changes nothing."""
    if event.at.tzinfo is None:
        raise ValueError("market times must be timezone-aware")
    if vi.last_event_at is not None and event.at < vi.last_event_at:
        return vi
    if event.phase is ViPhase.TRIGGERED:
        if vi.active and vi.triggered_at == event.at:
            return vi  # the same trigger delivered twice
        return ViState(
            active=True,
            count=vi.count + 1,
            triggered_at=event.at,
            released_at=None,
            scope=event.scope,
            trigger_price=event.trigger_price,
            last_event_at=event.at,
        )
    return ViState(
        active=False,
        count=vi.count,
        triggered_at=vi.triggered_at,
        released_at=event.at,
        scope=vi.scope if event.scope is None else event.scope,
        trigger_price=vi.trigger_price,
        last_event_at=event.at,
    )
