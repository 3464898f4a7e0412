"""Starting and stopping watches with hysteresis, so rank-N flicker does not churn actors."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from agent.clock import KST
from agent.settings.components import StrategySettings
from agent.strategy.scanner import RankEntry, WatchList, default_band, scan, watch_diff

NOW = datetime(2026, 11, 24, 9, 10, tzinfo=KST)
SETTINGS = StrategySettings(top_n=3, require_news=False)


def ranking(*codes: str, change_bps: dict[str, int] | None = None) -> WatchList:
    changes = change_bps or {}
    rows = [RankEntry(code=c, price=1_000, change_bps=changes.get(c, 500), volume=1) for c in codes]
    return scan(rows, [], [], {}, SETTINGS, NOW)


def test_new_leaders_are_started_best_first() -> None:
    to_start, to_stop = watch_diff(set(), ranking("A", "B", "C", "D"))

    assert to_start == ("A", "B", "C")
    assert to_stop == ()


def test_a_watched_stock_slipping_just_below_the_cut_is_kept() -> None:
    to_start, to_stop = watch_diff({"A", "B", "C"}, ranking("A", "D", "B", "C"))

    assert to_start == ("D",)
    assert to_stop == ()


def test_a_stock_flickering_around_rank_n_is_not_started_and_stopped_every_poll() -> None:
    watched = {"A", "B", "C"}
    polls = [ranking("A", "B", "D", "C"), ranking("A", "B", "C", "D")] * 3

    for poll in polls:
        to_start, to_stop = watch_diff(watched, poll)
        watched = (watched | set(to_start)) - set(to_stop)

    assert watched == {"A", "B", "C", "D"}
    assert watch_diff(watched, polls[-1]) == ((), ())


def test_a_watched_stock_beyond_the_band_is_stopped() -> None:
    assert default_band(3) == 2

    to_start, to_stop = watch_diff({"A", "B", "C"}, ranking("A", "B", "D", "E", "F", "C"))

    assert to_start == ("D",)
    assert to_stop == ("C",)


def test_a_watched_stock_that_became_ineligible_is_stopped() -> None:
    watch = ranking("A", "B", "C", change_bps={"B": 2_900})

    assert watch_diff({"A", "B", "C"}, watch) == ((), ("B",))


def test_a_pinned_stock_is_never_stopped() -> None:
    watch = ranking("A", "B", "C")

    assert watch_diff({"A", "Z"}, watch, pinned={"Z"}) == (("B", "C"), ())


def test_an_empty_poll_stops_nothing() -> None:
    assert watch_diff({"A", "B"}, ranking()) == ((), ())


def test_an_explicit_band_replaces_the_default() -> None:
    watch = ranking("A", "B", "C", "D", "E")

    assert watch_diff({"E"}, watch, band=1) == (("A", "B", "C"), ("E",))
    assert watch_diff({"E"}, watch, band=2) == (("A", "B", "C"), ())


codes = st.sampled_from([f"S{i}" for i in range(12)])


@given(st.lists(st.lists(codes, unique=True, max_size=12), min_size=1, max_size=20))
def test_the_watch_set_never_exceeds_top_n_plus_the_band(polls: list[list[str]]) -> None:
    watched: set[str] = set()
    for poll in polls:
        to_start, to_stop = watch_diff(watched, ranking(*poll))
        assert not set(to_start) & watched
        assert set(to_stop) <= watched
        watched = (watched | set(to_start)) - set(to_stop)
        if poll:
            assert len(watched) <= SETTINGS.top_n + default_band(SETTINGS.top_n)
            assert set(ranking(*poll).codes) <= watched
