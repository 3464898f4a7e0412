"""The delay before a restart: exponential in the attempt, capped, with injected jitter."""

from __future__ import annotations

from actors.supervision.spec import Backoff


def backoff_delay(backoff: Backoff, *, attempt: int, random_value: float) -> float:
    """Return the seconds to wait before restart number ``attempt`` (1 for the first).

    ``random_value`` is a sample in ``[0, 1)`` from the caller's random source, so the
    function stays pure and tests choose the jitter. Jitter only shortens the delay (by up to
    ``jitter`` of it), so the cap holds and restarts of many children spread out instead of
    arriving together.
    """
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    if not 0 <= random_value < 1:
        raise ValueError("random_value must be within [0, 1)")
    # Cap the exponent's result before multiplying further so huge attempts cannot overflow.
    exponential = backoff.initial
    for _ in range(attempt - 1):
        exponential *= backoff.multiplier
        if exponential >= backoff.max_delay:
            break
    capped = min(exponential, backoff.max_delay)
    return capped * (1.0 - backoff.jitter * random_value)
