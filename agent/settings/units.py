"""The user's units, read once into the agent's: percent into whole basis points, ``HH:MM``
into a time of day. Every setting written in percent or as a clock time goes through here.
"""

from __future__ import annotations

from datetime import time
from decimal import ROUND_DOWN, Decimal

__all__ = ["hhmm", "pct_to_bps"]


def pct_to_bps(pct: float) -> int:
    """Return ``pct`` percent in whole bps: through its decimal text (``0.29`` is 29, not the
    binary 28.999...) and truncated toward zero, so a limit is never looser than written
    (``-3.005`` -> ``-300``; a 10.005 % weight -> 1000)."""
    return int((Decimal(str(pct)) * 100).to_integral_value(rounding=ROUND_DOWN))


def hhmm(text: str) -> time:
    """Return ``"HH:MM"`` (a setting's clock time, Asia/Seoul) as a time of day; a ValueError
    names anything else."""
    hours, sep, minutes = text.partition(":")
    digits = hours + minutes
    if not (sep and len(hours) == len(minutes) == 2 and digits.isascii() and digits.isdigit()):
        raise ValueError(f"expected HH:MM, got {text!r}")
    return time(int(hours), int(minutes))
