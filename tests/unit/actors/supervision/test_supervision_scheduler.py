"""Schedulers: the manual one runs calls as its clock passes them, the real one on a timer."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from actors.supervision import ManualScheduler, ThreadingScheduler
from agent.clock import ManualClock


def test_manual_scheduler_runs_due_calls_in_order_at_their_time() -> None:
    clock = ManualClock(datetime(2026, 1, 2, tzinfo=UTC))
    scheduler = ManualScheduler(clock)
    seen: list[tuple[str, float]] = []
    scheduler.call_later(2.0, lambda: seen.append(("late", clock.monotonic())))
    scheduler.call_later(1.0, lambda: seen.append(("early", clock.monotonic())))
    scheduler.call_later(5.0, lambda: seen.append(("future", clock.monotonic())))

    scheduler.advance(3.0)

    assert seen == [("early", 1.0), ("late", 2.0)]
    assert clock.monotonic() == 3.0
    assert scheduler.pending_delays() == [2.0]


def test_manual_scheduler_skips_cancelled_calls() -> None:
    scheduler = ManualScheduler(ManualClock(datetime(2026, 1, 2, tzinfo=UTC)))
    seen: list[int] = []
    scheduler.call_later(1.0, lambda: seen.append(1)).cancel()

    scheduler.advance(2.0)

    assert seen == []


def test_threading_scheduler_calls_back_on_a_timer(harness: Any) -> None:
    called = threading.Event()

    ThreadingScheduler().call_later(0.01, called.set)

    harness.wait(called.is_set)
