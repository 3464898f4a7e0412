"""A crashed StockActor comes back before its stock has moved on without it."""

from __future__ import annotations

from actors.supervision import backoff_delay
from actors.tree import STOCK_BACKOFF


def test_stock_actor_first_restart_waits_well_under_a_tenth_of_a_second() -> None:
    assert backoff_delay(STOCK_BACKOFF, attempt=1, random_value=0.0) < 0.1


def test_stock_actor_restarts_that_keep_failing_still_back_off_to_the_cap() -> None:
    delays = [backoff_delay(STOCK_BACKOFF, attempt=n, random_value=0.0) for n in range(1, 10)]

    assert delays == sorted(delays)
    assert delays[-1] == STOCK_BACKOFF.max_delay == 30.0
