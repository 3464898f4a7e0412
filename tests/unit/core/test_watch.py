"""The watched code's core: built from the broker's reads alone, and the StockActor journals
exactly the reads its own picture came from (the replay rebuilds it from them)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import msgspec
import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.runtime.services import Services
from actors.stock.actor import StockActor
from actors.stock.messages import NewsScoreChanged, StockSnapshot
from agent import journal
from agent.broker.market import Bar, DailyBar, ListingInfo, ViStock
from agent.clock import KST, ManualClock
from agent.core.watch import StockReads, WatchCore, picture
from agent.marketdata.figures import in_vi, vwap
from agent.settings import Settings
from agent.strategy.thresholds import thresholds
from tests.support.actor_services import actor_services
from tests.unit.actors.stock_bed import listed, trade_tick

CODE = "005930"
OPEN = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
AT = OPEN + timedelta(minutes=7, seconds=30)


def bars() -> tuple[Bar, ...]:
    prices = [(70_000, 70_400, 69_900, 70_300), (70_300, 70_900, 70_200, 70_800)]
    prices += [(70_800, 71_000, 70_600, 70_700)] * 5
    return tuple(
        Bar(
            code=CODE,
            time=OPEN + timedelta(minutes=i),
            open=o,
            high=h,
            low=lo,
            close=c,
            volume=1_000,
        )
        for i, (o, h, lo, c) in enumerate(prices)
    )


def running_vi() -> ViStock:
    return ViStock(
        code=CODE,
        name="삼성전자",
        cum_volume=7_000,
        trigger_price=70_900,
        kind="동적",
        triggered_at=AT - timedelta(seconds=40),
        released_at=AT + timedelta(seconds=80),  # the expected release, still ahead
        dynamic_base_price=70_000,
        static_base_price=70_000,
        dynamic_gap_bp=300,
        static_gap_bp=0,
        count=1,
    )


def reads(**changes: Any) -> StockReads:
    base = StockReads(
        code=CODE,
        at=AT,
        open_at=OPEN,
        name="삼성전자",
        base_price=69_000,
        upper_limit=89_700,
        lower_limit=48_300,
        prev_volume=5_000,
        bars=bars(),
        vi=(running_vi(),),
    )
    return msgspec.structs.replace(base, **changes)


def test_a_picture_after_the_open_is_rebuilt_from_the_minute_bars_and_the_vi_list() -> None:
    state = picture(reads(), opening_range_minutes=5)

    assert state.prev_close == 69_000
    assert (state.opening_range.high, state.opening_range.low) == (71_000, 69_900)
    assert state.volume == 7_000
    assert vwap(state) is not None
    assert in_vi(state), "a VI still running blocks entries at once"


def test_a_picture_before_the_open_ignores_bars_and_vis() -> None:
    state = picture(reads(at=OPEN - timedelta(minutes=5)), opening_range_minutes=5)

    assert state.volume == 0
    assert state.opening_range.high is None
    assert not in_vi(state)


def test_the_core_folds_regular_session_prints_only() -> None:
    core = WatchCore(reads(vi=()), thresholds(Settings().strategy), 5)
    regular = trade_tick(AT + timedelta(seconds=1), 70_950, session="2")
    after_hours = trade_tick(AT + timedelta(seconds=2), 71_500, session="1")

    next_minute = trade_tick(AT + timedelta(seconds=31), 71_000)

    assert core.trade(regular) is False, "the seeded bars are closed: a new bar opens"
    assert core.trade(after_hours) is None
    assert core.trade(next_minute) is True, "09:08's first print closes 09:07's bar"
    assert core.live.bars[-1].close == 70_950
    assert core.price() == 71_000
    assert (
        core.consider(lambda: AT.timestamp(), holding=lambda: False, entries_today=lambda: 0)
        is None
    ), "not on the watch list: no entry"


class Broker:
    """The broker as a StockActor reads it at 09:07:30, with a VI running."""

    is_open = True

    def stock_info(self, code: str) -> Any:
        return SimpleNamespace(
            name="삼성전자", base_price=69_000, upper_limit=89_700, lower_limit=48_300
        )

    def listing_info(self, code: str) -> ListingInfo:
        return listed(code)

    def daily_bars(self, code: str) -> list[DailyBar]:
        return [
            DailyBar(
                code=code,
                day=OPEN.date() - timedelta(days=1),
                open=1,
                high=1,
                low=1,
                close=1,
                volume=5_000,
            )
        ]

    def minute_bars(self, code: str) -> list[Bar]:
        return list(bars())

    def vi_stocks(self) -> list[ViStock]:
        return [running_vi()]

    def subscribe(self, codes: list[str], types: list[str]) -> None:
        pass

    def unsubscribe(self, codes: list[str], types: list[str]) -> None:
        pass


@pytest.fixture
def journaled(sessions: sessionmaker[Session], tmp_path: Path) -> Iterator[tuple[Services, Path]]:
    clock = ManualClock(AT)
    services = actor_services(sessions, clock, broker=Broker())
    writer = journal.JournalWriter(tmp_path, clock)
    yield dataclasses.replace(services, journal=writer), tmp_path
    pykka.ActorRegistry.stop_all()
    writer.close()


def test_the_stock_actor_journals_the_reads_its_picture_came_from(
    journaled: tuple[Services, Path],
) -> None:
    services, directory = journaled
    services.registry.register(ids.RISK, Inbox.start())
    stock = StockActor.start(None, services, CODE)
    stock.ask(NewsScoreChanged(score=80), timeout=5)  # a forced publish
    snapshot = services.board.snapshot(ids.stock_id(CODE))
    assert snapshot is not None
    live = cast(StockSnapshot, snapshot.data)
    stock.stop()
    services.journal.close()  # type: ignore[union-attr]

    events = [e.event for e in journal.read_entries(journal.journal_path(directory, AT.date()))]
    watched = [e for e in events if isinstance(e, journal.Watched)]
    assert len(watched) == 1
    assert isinstance(events[-1], journal.Unwatched)
    replayed = picture(watched[0].reads, services.settings.strategy.opening_range_minutes)
    assert (live.or_high, live.or_low) == (replayed.opening_range.high, replayed.opening_range.low)
    assert live.vwap == vwap(replayed)
    assert live.vi_active == in_vi(replayed) is True
    assert live.volume == replayed.volume == 7_000


class Inbox(pykka.ThreadingActor):
    def on_receive(self, message: Any) -> Any:
        return None
