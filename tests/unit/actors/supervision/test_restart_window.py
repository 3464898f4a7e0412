"""The restart window counts restarts of all children within the period."""

from __future__ import annotations

from actors.supervision import RestartWindow, SupervisorFlags, record_restart
from actors.supervision.window import prune

FLAGS = SupervisorFlags(intensity=2, period=10.0)


def record_all(*marks: tuple[float, str]) -> tuple[RestartWindow, bool]:
    window, exceeded = RestartWindow(), False
    for at, child_id in marks:
        verdict = record_restart(window, child_id=child_id, now=at, flags=FLAGS)
        window, exceeded = verdict.window, verdict.exceeded
    return window, exceeded


def test_restarts_up_to_the_intensity_are_allowed() -> None:
    window, exceeded = record_all((0.0, "a"), (1.0, "a"))

    assert not exceeded
    assert len(window) == 2


def test_one_restart_more_than_the_intensity_exceeds_it() -> None:
    _, exceeded = record_all((0.0, "a"), (1.0, "a"), (2.0, "a"))

    assert exceeded


def test_restarts_of_different_children_count_together() -> None:
    _, exceeded = record_all((0.0, "a"), (1.0, "b"), (2.0, "c"))

    assert exceeded


def test_restarts_a_full_period_old_fall_out_of_the_window() -> None:
    window, exceeded = record_all((0.0, "a"), (1.0, "a"), (10.0, "a"))

    assert not exceeded
    assert [m.at for m in window.marks] == [1.0, 10.0]


def test_intensity_zero_allows_no_restart() -> None:
    verdict = record_restart(
        RestartWindow(), child_id="a", now=0.0, flags=SupervisorFlags(intensity=0)
    )

    assert verdict.exceeded


def test_prune_returns_the_same_window_when_nothing_expired() -> None:
    window, _ = record_all((0.0, "a"))

    assert prune(window, now=5.0, period=10.0) is window
    assert len(prune(window, now=10.0, period=10.0)) == 0
