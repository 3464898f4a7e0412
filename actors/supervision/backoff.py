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


def next_attempt(backoff: Backoff, *, previous: int, uptime: float | None) -> int:
    """Return the attempt number of the coming restart.

    ``previous`` is the attempt of the restart that started the incarnation that just died
    (0 if none), ``uptime`` how long that incarnation ran (``None`` if it never started). A
    child that ran ``reset_after`` seconds or more starts over at attempt 1, so a long outage
    keeps the delay at its cap while a rare crash is retried quickly.
    """
    if uptime is not None and uptime >= backoff.reset_after:
        return 1
    return previous + 1
