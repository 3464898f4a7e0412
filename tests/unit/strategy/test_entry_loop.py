"""The per-stock entry loop both drivers run: an intent once the rule says yes, then a wait."""

from __future__ import annotations

from datetime import timedelta

from agent.domain import Intent
from agent.settings import StrategySettings
from agent.strategy.entry_loop import RETRY_ENTRY_AFTER_S, EntryLoop
from agent.strategy.reasons import Reason
from agent.strategy.thresholds import thresholds
from tests.unit.strategy.test_entry import NOW, stock

READY = stock()
"""A leader breaking out above VWAP on volume at 09:06 (news comes from the loop)."""


class Reads:
    """The driver's reads, counted: whether the agent holds the code, today's entries."""

    def __init__(self, held: bool = False, entries: int = 0) -> None:
        self.held, self.entries = held, entries
        self.holding_reads = self.entry_reads = 0

    def holding(self) -> bool:
        self.holding_reads += 1
        return self.held

    def entries_today(self) -> int:
        self.entry_reads += 1
        return self.entries


def leader() -> EntryLoop:
    loop = EntryLoop("005930", thresholds(StrategySettings()))
    loop.ranked(2, 5)
    loop.scored(80)
    return loop


def consider(loop: EntryLoop, reads: Reads, seconds: float = 0.0) -> Intent | None:
    ts = (NOW + timedelta(seconds=seconds)).timestamp()
    return loop.consider(
        READY,
        lambda: ts,
        frozen=lambda: READY,
        holding=reads.holding,
        entries_today=reads.entries_today,
    )


def test_a_ready_leader_gives_an_intent_carrying_its_turnover_rank() -> None:
    intent = consider(leader(), Reads())

    assert intent is not None
    assert (intent.reference_price, intent.volume_rank, intent.news_score) == (10_400, 5, 80)


def test_after_an_intent_the_next_waits_out_the_retry_period() -> None:
    loop, reads = leader(), Reads()
    consider(loop, reads)

    assert consider(loop, reads, RETRY_ENTRY_AFTER_S - 1) is None
    assert reads.entry_reads == 1, "the database is not read during the wait"
    assert consider(loop, reads, RETRY_ENTRY_AFTER_S) is not None


def test_an_entry_made_today_stops_the_intent_and_starts_the_wait() -> None:
    loop, reads = leader(), Reads(entries=1)

    assert consider(loop, reads) is None
    assert consider(loop, reads, 10) is None
    assert reads.entry_reads == 1


def test_a_held_code_gives_no_intent_and_no_database_read() -> None:
    loop, reads = leader(), Reads(held=True)

    assert consider(loop, reads) is None
    assert (reads.holding_reads, reads.entry_reads) == (1, 0)
    assert loop.reasons_due


def test_off_the_watch_list_nothing_is_read_at_all() -> None:
    loop, reads = leader(), Reads()
    loop.ranked(None, None)

    assert consider(loop, reads) is None
    assert (reads.holding_reads, reads.entry_reads) == (0, 0)


def test_a_low_news_score_is_refused_by_the_cheap_stage_and_explained_later() -> None:
    loop, reads = leader(), Reads()
    loop.scored(10)

    assert consider(loop, reads) is None
    assert loop.reasons_due
    loop.explain(READY, NOW)
    assert Reason.NEWS_SCORE_LOW in loop.last_reasons
    assert not loop.reasons_due


def test_a_new_day_forgets_rank_news_and_the_wait() -> None:
    loop, reads = leader(), Reads()
    consider(loop, reads)

    loop.new_day(timedelta(hours=1))

    assert (loop.rank, loop.news, loop.window_shift) == (None, None, timedelta(hours=1))
    loop.ranked(2, 5)
    loop.scored(80)
    assert consider(loop, reads, 1) is None, "09:06 is before a late open's window"
