"""The opening scanner: top N by turnover, filters, boosts, and a reason for every candidate."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.clock import KST
from agent.settings.components import StrategySettings
from agent.strategy.reasons import Reason
from agent.strategy.scanner import Candidate, RankEntry, WatchList, scan

NOW = datetime(2026, 11, 24, 9, 10, tzinfo=KST)
SETTINGS = StrategySettings(top_n=3, news_score_threshold=60, min_change_pct=2.0)


def row(code: str, change_bps: int = 500, turnover: int = 1_000_000_000) -> RankEntry:
    return RankEntry(
        code=code, name=f"name {code}", price=10_000, change_bps=change_bps, volume=1,
        turnover_won=turnover,
    )  # fmt: skip


def leaders(*codes: str) -> list[RankEntry]:
    return [row(code, turnover=(100 - i) * 10**9) for i, code in enumerate(codes)]


def by_code(watch: WatchList) -> dict[str, Candidate]:
    return {c.code: c for c in (*watch.selected, *watch.dropped)}


def test_the_top_n_turnover_leaders_are_selected_in_turnover_order() -> None:
    watch = scan(leaders("A", "B", "C", "D", "E"), [], [], {}, SETTINGS, NOW)

    assert watch.codes == ("A", "B", "C")
    assert [c.position for c in watch.selected] == [1, 2, 3]
    assert by_code(watch)["A"].reasons[0] is Reason.TURNOVER_TOP
    assert by_code(watch)["D"].reasons[0] is Reason.BELOW_CUTOFF
    assert not by_code(watch)["D"].selected


def test_surge_gainer_and_news_boosts_reorder_within_the_turnover_pool() -> None:
    turnover = leaders("A", "B", "C", "D", "E")
    watch = scan(turnover, [row("E")], [row("E"), row("D")], {"D": 80}, SETTINGS, NOW)

    # D and E have two boosts each (ties go by turnover rank), A none but the best turnover.
    assert watch.codes == ("D", "E", "A")
    assert {Reason.VOLUME_SURGE, Reason.GAINER} <= set(by_code(watch)["E"].reasons)
    assert {Reason.GAINER, Reason.NEWS_SCORE_OK} <= set(by_code(watch)["D"].reasons)


def test_a_stock_only_on_the_other_lists_is_not_a_turnover_leader() -> None:
    watch = scan(leaders("A"), [row("X")], [row("Y")], {}, SETTINGS, NOW)

    assert watch.codes == ("A",)
    assert Reason.TURNOVER_RANK_LOW in by_code(watch)["X"].reasons
    assert by_code(watch)["X"].turnover_rank is None
    assert by_code(watch)["Y"].position is None


def test_a_stock_beyond_the_pool_is_dropped_however_boosted() -> None:
    codes = [f"S{i:02}" for i in range(10)]
    watch = scan(leaders(*codes), [row("S09")], [row("S09")], {"S09": 99}, SETTINGS, NOW)

    assert "S09" not in watch.codes
    assert Reason.TURNOVER_RANK_LOW in by_code(watch)["S09"].reasons


def test_change_outside_the_settings_range_drops_the_candidate_with_its_reason() -> None:
    turnover = [row("LOW", change_bps=150), row("HIGH", change_bps=2_500), row("OK", 200)]

    watch = scan(turnover, [], [], {}, SETTINGS, NOW)

    assert watch.codes == ("OK",)
    assert Reason.CHANGE_TOO_LOW in by_code(watch)["LOW"].reasons
    assert Reason.CHANGE_TOO_HIGH in by_code(watch)["HIGH"].reasons
    assert Reason.CHANGE_OK in by_code(watch)["OK"].reasons


def test_a_low_news_score_drops_the_candidate_when_news_is_required() -> None:
    watch = scan(leaders("A", "B"), [], [], {"A": 59, "B": 60}, SETTINGS, NOW)

    assert watch.codes == ("B",)
    assert Reason.NEWS_SCORE_LOW in by_code(watch)["A"].reasons
    assert by_code(watch)["A"].news_score == 59


def test_a_low_news_score_only_loses_the_boost_when_news_is_not_required() -> None:
    settings = StrategySettings(top_n=3, require_news=False)

    watch = scan(leaders("A", "B"), [], [], {"A": 10, "B": 90}, settings, NOW)

    assert watch.codes == ("B", "A")
    assert Reason.NEWS_NOT_REQUIRED in by_code(watch)["A"].reasons


def test_a_missing_news_score_is_noted_but_does_not_drop_the_candidate() -> None:
    watch = scan(leaders("A", "B"), [], [], {"A": None, "B": 70}, SETTINGS, NOW)

    assert watch.codes == ("B", "A")
    assert Reason.NEWS_MISSING in by_code(watch)["A"].reasons


def test_outside_the_window_nothing_is_selected_and_every_candidate_says_why() -> None:
    late = datetime(2026, 11, 24, 10, 0, tzinfo=KST)

    watch = scan(leaders("A", "B"), [row("C")], [], {}, SETTINGS, late)

    assert watch.selected == ()
    assert all(Reason.OUT_OF_WINDOW in c.reasons for c in watch.dropped)
    assert len(watch.dropped) == 3


def test_every_candidate_carries_a_reason_from_every_rule() -> None:
    watch = scan(leaders("A", "B", "C", "D"), [row("B")], [], {"C": 10}, SETTINGS, NOW)

    for candidate in (*watch.selected, *watch.dropped):
        reasons = set(candidate.reasons)
        assert reasons & {Reason.IN_WINDOW, Reason.OUT_OF_WINDOW}
        assert reasons & {Reason.CHANGE_OK, Reason.CHANGE_TOO_LOW, Reason.CHANGE_TOO_HIGH}
        assert reasons & {Reason.NEWS_SCORE_OK, Reason.NEWS_SCORE_LOW, Reason.NEWS_MISSING}


def test_a_duplicate_row_keeps_its_first_rank() -> None:
    watch = scan([*leaders("A", "B"), row("A")], [], [], {}, SETTINGS, NOW)

    assert watch.codes == ("A", "B")
    assert watch.position_of("A") == 1
    assert watch.position_of("nope") is None


def test_only_selected_stocks_have_a_leader_rank() -> None:
    watch = scan(leaders("A", "B", "C", "D"), [], [], {}, SETTINGS, NOW)

    assert watch.leader_rank("C") == 3
    assert watch.position_of("D") == 4
    assert watch.leader_rank("D") is None


code = st.sampled_from([f"S{i}" for i in range(15)])
rows = st.lists(
    st.builds(RankEntry, code=code, price=st.just(1_000), volume=st.just(1),
              change_bps=st.integers(-3_000, 3_000)),
    max_size=15,
)  # fmt: skip
scores = st.dictionaries(code, st.none() | st.integers(0, 100))


@given(rows, rows, rows, scores, st.integers(1, 6), st.booleans())
def test_selection_is_at_most_top_n_eligible_candidates_in_position_order(
    turnover: list[RankEntry],
    surges: list[RankEntry],
    gainers: list[RankEntry],
    news: dict[str, int | None],
    top_n: int,
    require_news: bool,
) -> None:
    settings = StrategySettings(top_n=top_n, require_news=require_news)

    watch = scan(turnover, surges, gainers, news, settings, NOW)

    assert len(watch.selected) <= top_n
    assert [c.position for c in watch.selected] == list(range(1, len(watch.selected) + 1))
    everyone = [*watch.selected, *watch.dropped]
    assert len({c.code for c in everyone}) == len(everyone)
    assert {c.code for c in everyone} == {r.code for r in (*turnover, *surges, *gainers)}
    eligible = [c for c in everyone if c.position is not None]
    assert sorted(c.position or 0 for c in eligible) == list(range(1, len(eligible) + 1))
    if len(eligible) >= top_n:
        assert len(watch.selected) == top_n
    for candidate in watch.selected:
        assert candidate.turnover_rank is not None
        assert candidate.turnover_rank <= 2 * top_n
        assert Reason.TURNOVER_TOP in candidate.reasons


def test_on_a_late_opening_day_the_scanner_window_moves_with_the_open() -> None:
    shift = timedelta(hours=1)

    early = scan(leaders("A"), [], [], {}, SETTINGS, NOW, window_shift=shift)
    later = scan(leaders("A"), [], [], {}, SETTINGS, NOW + shift, window_shift=shift)

    assert early.codes == ()
    assert later.codes == ("A",)
