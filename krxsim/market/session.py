"""Phases of the simulated KRX day (krx-market-rules.md B2) and the 0s 장운영구분 codes."""

from __future__ import annotations

from datetime import datetime, time
from enum import Enum

OPENING_AUCTION_START = time(8, 30)
OPEN = time(9, 0)
CLOSING_AUCTION = time(15, 20)
CLOSE = time(15, 30)
AFTER_HOURS_END = time(18, 0)


class Phase(Enum):
    """Where the market is in its day."""

    BEFORE = "before"  # before the 08:30 order window
    OPENING_AUCTION = "opening_auction"  # opening call auction, uncross at 09:00
    CONTINUOUS = "continuous"
    CLOSING_AUCTION = "closing_auction"  # single price at 15:30
    AFTER_CLOSE = "after_close"


def phase_at(now: datetime) -> Phase:
    """Return the phase at market time ``now`` (KST)."""
    clock = now.timetz().replace(tzinfo=None)
    if clock < OPENING_AUCTION_START:
        return Phase.BEFORE
    if clock < OPEN:
        return Phase.OPENING_AUCTION
    if clock < CLOSING_AUCTION:
        return Phase.CONTINUOUS
    if clock < CLOSE:
        return Phase.CLOSING_AUCTION
    return Phase.AFTER_CLOSE


# Market operation notices of realtime type 0s (FID 215), with the time each is sent.
OPERATION_NOTICES: tuple[tuple[time, str], ...] = (
    (time(8, 40), "0"),  # 장시작전 알림
    (time(9, 0), "3"),  # 장시작
    (time(15, 20), "2"),  # 장마감 알림
    (time(15, 30), "4"),  # 장마감
    (time(15, 30, 1), "8"),  # 정규장마감
    (time(18, 0), "9"),  # 전체장마감
)

# FID 290 장구분 of 0B: 1 장전시간외, 2 장중, 3 장후시간외.
SESSION_CODE: dict[Phase, str] = {
    Phase.BEFORE: "1",
    Phase.OPENING_AUCTION: "1",
    Phase.CONTINUOUS: "2",
    Phase.CLOSING_AUCTION: "2",
    Phase.AFTER_CLOSE: "3",
}
