"""The scanner's poll both drivers run: in its window (moved by a late open) the rankings
decide what is watched; outside it nothing is read and only pinned codes stay."""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.clock import KST
from agent.market.sessions import Phase
from agent.settings.components import StrategySettings
from agent.strategy.scanner import RankEntry
from agent.strategy.scanner_loop import Rankings, poll

SETTINGS = StrategySettings(top_n=2, min_change_pct=2.0, require_news=False)
MORNING = datetime(2026, 11, 24, 9, 10, tzinfo=KST)
LATE_OPEN = timedelta(hours=1)


def row(code: str, i: int, prev_volume: int | None = None) -> RankEntry:
    return RankEntry(
        code=code,
        price=10_000,
        change_bps=500,
        volume=1,
        turnover_won=(100 - i) * 10**9,
        prev_volume=prev_volume,
    )


class Broker:
    """The ranking TRs and the news scores, counted."""

    def __init__(self) -> None:
        self.reads = 0

    def rankings(self) -> Rankings:
        self.reads += 1
        turnover = [row("A", 0, 5_000), row("B", 1, 6_000), row("C", 2)]
        return turnover, [], [row("X", 0, 999)]  # X is no turnover leader

    def news(self, codes: list[str]) -> dict[str, int | None]:
        return {"A": 70, "B": None}


def run(
    now: datetime,
    broker: Broker,
    *,
    watched: set[str],
    pinned: frozenset[str] = frozenset(),
    shift: timedelta = timedelta(0),
    phase: Phase = Phase.CONTINUOUS,
):  # type: ignore[no-untyped-def]
    return poll(
        now,
        phase,
        strategy=SETTINGS,
        window_shift=shift,
        watched=watched,
        pinned=set(pinned),
        rankings=broker.rankings,
        news_scores=broker.news,
    )


def test_in_the_window_the_leaders_are_watched_with_their_ranks_and_news() -> None:
    result = run(MORNING, Broker(), watched={"Z"})

    assert result.start == ("A", "B")
    assert result.stop == ("Z",)
    assert dict(result.ranks) == {"A": (1, 1), "B": (2, 2)}
    assert dict(result.news) == {"A": 70, "B": None}
    assert dict(result.prev_volume) == {"A": 5_000, "B": 6_000, "C": None}, "turnover's only"


def test_a_pinned_code_is_never_dropped() -> None:
    result = run(MORNING, Broker(), watched={"Z"}, pinned=frozenset({"Z"}))

    assert result.stop == ()
    assert dict(result.ranks)["Z"] == (None, None)


def test_after_the_window_nothing_is_read_and_only_pinned_codes_stay() -> None:
    broker = Broker()

    result = run(
        MORNING.replace(hour=10, minute=5), broker, watched={"A", "B"}, pinned=frozenset({"B"})
    )

    assert (result.stop, result.watchlist, broker.reads) == (("A",), None, 0)


def test_the_opening_auction_keeps_what_is_watched() -> None:
    early = MORNING.replace(hour=8, minute=40)

    result = run(early, Broker(), watched={"A"}, phase=Phase.OPENING_AUCTION)

    assert result.stop == ()


def test_on_a_late_opening_day_the_window_moves_with_the_open() -> None:
    broker = Broker()

    before = run(MORNING.replace(hour=9, minute=30), broker, watched=set(), shift=LATE_OPEN)
    inside = run(MORNING.replace(hour=10, minute=30), broker, watched=set(), shift=LATE_OPEN)

    assert (before.watchlist, broker.reads) == (None, 1)
    assert inside.start == ("A", "B")


def test_scanning_starts_a_minute_before_the_window() -> None:
    result = run(MORNING.replace(hour=8, minute=59), Broker(), watched=set())

    assert result.watchlist is not None
