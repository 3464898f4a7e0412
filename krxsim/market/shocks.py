"""How a halt and a limit-down crash bend one code's drawn path (see ``specials.py``).

Both act on the arrays ``path.CodeDay`` draws, after every random draw, so a code without a
shock keeps exactly the tape it always had.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

HALT_RISE = 0.06
"""Rise of the path's level from the open to the halt, on the rumour the halt is about."""
HALT_VOLUME = 8.0
"""Volume multiple from the open to the halt: enough to lead the opening turnover rankings."""
CRASH_SECONDS = 180
"""Seconds from the crash's start until the path is below the lower limit (VIs stretch it)."""
CRASH_VOLUME = 10.0
"""Volume multiple while the crash runs."""
LOCKED_VOLUME = 0.03
"""Volume multiple once locked at the lower limit: buyers trickle into a wall of sellers."""
LOCK_QUEUE_SHARE = 0.5
"""Resting sell quantity at the lower limit, as a share of the previous day's volume."""

Floats = npt.NDArray[np.float64]


def halt_burst(steps: Floats, volume: Floats, halt_k: int) -> None:
    """Make the steps before ``halt_k`` trade heavily on a steady rise."""
    if halt_k <= 1:
        return
    steps[1:halt_k] += HALT_RISE / (halt_k - 1)
    volume[:halt_k] *= HALT_VOLUME


def crash(raw: Floats, volume: Floats, crash_k: int, lower: int, step: int) -> None:
    """Drive the path from ``crash_k`` below ``lower`` (the grid clamps it there) for good."""
    n = len(raw)
    if crash_k >= n:
        return
    count = max(1, CRASH_SECONDS // step)
    end = min(crash_k + count, n)
    start = float(raw[crash_k])
    target = lower * 0.97
    frac = (np.arange(crash_k, end) - crash_k + 1) / count
    raw[crash_k:end] = np.exp(np.log(start) + (np.log(target) - np.log(start)) * frac)
    raw[end:] = lower * 0.9
    volume[crash_k:end] *= CRASH_VOLUME
    volume[end:] *= LOCKED_VOLUME


def lock_queue(prev_volume: int, steps: int) -> int:
    """Return the sell queue resting at the lower limit once locked.

    Larger than anything that can still trade that day: each remaining step prints at least
    one share, so ``steps`` is added to the share of the previous day's volume.
    """
    return int(prev_volume * LOCK_QUEUE_SHARE) + steps
