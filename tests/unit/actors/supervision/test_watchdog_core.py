"""The watchdog's heartbeat table: who is stuck, with times made up (no clock, no threads)."""

from __future__ import annotations

import pytest

from actors.supervision import Stuck, Watchdog


def _watchdog(**thresholds: float) -> Watchdog:
    watchdog = Watchdog()
    for id, stuck_after in thresholds.items():
        watchdog.watch(id, token=f"{id}-1", now=100.0, stuck_after=stuck_after)
    return watchdog


def test_an_entry_silent_past_its_threshold_is_stuck() -> None:
    watchdog = _watchdog(router=30.0)

    assert watchdog.check(130.0) == []  # exactly the threshold: not yet
    assert watchdog.check(130.5) == [
        Stuck(id="router", token="router-1", silent_for=30.5, stuck_after=30.0)
    ]


def test_a_beat_pushes_the_deadline_back() -> None:
    watchdog = _watchdog(router=30.0)

    watchdog.beat("router", "router-1", at=120.0)

    assert watchdog.check(149.0) == []
    assert [s.id for s in watchdog.check(151.0)] == ["router"]


def test_each_entry_has_its_own_threshold() -> None:
    watchdog = _watchdog(router=30.0, scanner=900.0)

    assert [s.id for s in watchdog.check(200.0)] == ["router"]
    assert [s.id for s in watchdog.check(1_001.0)] == ["scanner"]


def test_one_stall_is_reported_once_and_again_only_after_a_beat() -> None:
    watchdog = _watchdog(router=30.0)

    assert len(watchdog.check(140.0)) == 1
    assert watchdog.check(500.0) == []  # still silent: already escalated

    watchdog.beat("router", "router-1", at=500.0)
    assert watchdog.check(520.0) == []
    assert len(watchdog.check(531.0)) == 1


def test_a_beat_from_a_replaced_incarnation_does_not_count_for_its_successor() -> None:
    watchdog = _watchdog(router=30.0)
    watchdog.watch("router", token="router-2", now=110.0, stuck_after=30.0)

    watchdog.beat("router", "router-1", at=139.0)

    assert [s.token for s in watchdog.check(141.0)] == ["router-2"]


def test_a_new_incarnation_starts_with_a_clean_slate() -> None:
    watchdog = _watchdog(router=30.0)
    assert len(watchdog.check(140.0)) == 1

    watchdog.watch("router", token="router-2", now=140.0, stuck_after=30.0)

    assert watchdog.check(169.0) == []
    assert [s.token for s in watchdog.check(171.0)] == ["router-2"]


def test_forgetting_an_old_incarnation_keeps_its_successor_watched() -> None:
    watchdog = _watchdog(router=30.0)
    watchdog.watch("router", token="router-2", now=100.0, stuck_after=30.0)

    watchdog.forget("router", "router-1")
    assert watchdog.token("router") == "router-2"

    watchdog.forget("router", "router-2")
    assert watchdog.token("router") is None
    assert watchdog.check(1_000.0) == []


def test_an_answer_older_than_the_last_beat_changes_nothing() -> None:
    watchdog = _watchdog(router=30.0)
    watchdog.beat("router", "router-1", at=120.0)

    watchdog.beat("router", "router-1", at=105.0)

    assert watchdog.check(149.0) == []


def test_rebase_forgives_the_watchdogs_own_silence() -> None:
    watchdog = _watchdog(router=30.0, loop=60.0)

    watchdog.rebase(1_000.0)

    assert watchdog.check(1_029.0) == []
    assert [s.id for s in watchdog.check(1_031.0)] == ["router"]


def test_beats_lists_each_age_and_whether_it_is_too_old() -> None:
    watchdog = _watchdog(router=30.0, scanner=900.0)
    watchdog.beat("scanner", "scanner-1", at=125.0)

    beats = {b.id: (b.age, b.stuck) for b in watchdog.beats(140.0)}

    assert beats == {"router": (40.0, True), "scanner": (15.0, False)}


def test_a_threshold_must_be_positive() -> None:
    with pytest.raises(ValueError, match="router"):
        Watchdog().watch("router", token="r", now=0.0, stuck_after=0.0)
