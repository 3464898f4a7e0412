"""The journal: every input written in order, read back exactly, and a crash mid-write costs
only the torn last frame, never the day."""

from __future__ import annotations

import gc
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from agent.broker.account import Balance, Deposit
from agent.broker.events import TradeTick
from agent.broker.market import ListingInfo, SecurityKind
from agent.clock import KST, ManualClock
from agent.domain import Side
from agent.journal import (
    AccountRead,
    Command,
    Entry,
    Feed,
    JournalError,
    JournalWriter,
    ListingRead,
    News,
    Print,
    Quotes,
    Rankings,
    Ranks,
    Scan,
    journal_path,
    read_entries,
)
from agent.strategy.scanner import RankEntry
from stockagent.cli import main

OPEN = datetime(2026, 12, 2, 9, 0, 1, tzinfo=KST)


def tick(price: int, at: datetime = OPEN) -> TradeTick:
    return TradeTick(
        code="005930",
        time=at,
        price=price,
        change=0,
        rate_bp=0,
        qty=10,
        side=Side.BUY,
        ask=price + 100,
        bid=price,
        cum_volume=10,
        cum_turnover_won=price * 10,
        open=price,
        high=price,
        low=price,
        strength_bp=10_000,
        session="2",
    )


EVENTS = [
    Feed(connected=True),
    Print.of(tick(70_000)),
    Rankings(
        turnover=(RankEntry(code="005930", price=70_000, change_bps=250, volume=10),),
        surges=(),
        gainers=(),
    ),
    News(scores={"005930": 72, "000660": None}),
    Ranks.of(
        (
            RankEntry(
                code="005930",
                name="삼성전자",
                price=70_000,
                change_bps=250,
                volume=10,
                turnover_won=700_000,
                prev_volume=8,
            ),
        ),
        (RankEntry(code="000660", price=180_000, change_bps=-30, volume=5, surge_bps=12_000),),
        (),
    ),
    Print.of(tick(70_100)),
    AccountRead(
        deposit=Deposit(
            cash=10, d1=10, d2=10, orderable=10, withdrawable=10, orderable_cash_only=10
        ),
        balance=Balance(
            total_purchase=0,
            total_eval=0,
            total_pnl=0,
            total_rate_bp=0,
            estimated_assets=0,
            holdings=(),
        ),
    ),
    ListingRead(
        info=ListingInfo(
            code="005930",
            name="삼성전자",
            market="거래소",
            kind=SecurityKind.STOCK,
            halted=True,
            designations=(),
        )
    ),
    Command(name="kill_switch", by="cli", detail={"reason": "drill"}),
]


def write(directory: Path, clock: ManualClock, events: list) -> None:
    writer = JournalWriter(directory, clock)
    for event in events:
        writer.record(event)
        clock.advance(1)
    writer.close()


def entries(path: Path, scan: Scan | None = None) -> list[Entry]:
    return list(read_entries(path, scan))


def test_every_input_reads_back_in_order_with_its_time_and_sequence(tmp_path: Path) -> None:
    write(tmp_path, ManualClock(OPEN), EVENTS)

    read = entries(journal_path(tmp_path, OPEN.date()))

    assert read[1].event.tick == tick(70_000)  # type: ignore[union-attr]
    assert [e.event for e in read] == EVENTS
    assert [e.seq for e in read] == list(range(1, len(EVENTS) + 1))
    assert [e.at for e in read] == [OPEN + timedelta(seconds=i) for i in range(len(EVENTS))]


def test_entries_read_back_are_left_to_reference_counting(tmp_path: Path) -> None:
    """A replay holds a whole day of entries: the cycle collector must not walk them all."""
    write(tmp_path, ManualClock(OPEN), EVENTS)

    read = entries(journal_path(tmp_path, OPEN.date()))

    assert not any(gc.is_tracked(e) for e in read)
    assert not gc.is_tracked(Quotes(prices={"005930": 70_000})), "one a second, all day"


def test_a_torn_last_frame_is_dropped_and_the_day_continues_after_it(tmp_path: Path) -> None:
    clock = ManualClock(OPEN)
    write(tmp_path, clock, EVENTS[:3])
    path = journal_path(tmp_path, OPEN.date())
    whole = path.stat().st_size
    with path.open("ab") as file:  # the process died in the middle of a frame
        file.write(b"\x00\x00\x01\x00\x12\x34")
    scan = Scan()

    survived = entries(path, scan)

    assert [e.event for e in survived] == EVENTS[:3]
    assert (scan.frames, scan.good_bytes, scan.torn_bytes) == (3, whole, 6)
    write(tmp_path, clock, EVENTS[3:])  # the restarted agent appends to the same day
    again = entries(path, scan := Scan())
    assert [e.event for e in again] == EVENTS
    assert [e.seq for e in again] == list(range(1, len(EVENTS) + 1))
    assert scan.torn_bytes == 0


def test_a_last_frame_whose_checksum_fails_is_dropped(tmp_path: Path) -> None:
    write(tmp_path, ManualClock(OPEN), EVENTS)
    path = journal_path(tmp_path, OPEN.date())
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    scan = Scan()

    survived = entries(path, scan)

    assert [e.event for e in survived] == EVENTS[:-1]
    assert scan.torn_bytes > 0


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.journal"
    path.write_bytes(b"not a journal at all")

    with pytest.raises(JournalError, match="not a StockAgent journal"):
        entries(path)


def test_each_trade_date_has_its_own_file(tmp_path: Path) -> None:
    clock = ManualClock(OPEN)
    writer = JournalWriter(tmp_path, clock)
    writer.record(EVENTS[1])
    clock.advance(86_400)
    writer.record(EVENTS[4])
    writer.close()

    first = entries(journal_path(tmp_path, OPEN.date()))
    second = entries(journal_path(tmp_path, OPEN.date() + timedelta(days=1)))

    assert [e.event for e in first] == [EVENTS[1]]
    assert [(e.seq, e.event) for e in second] == [(1, EVENTS[4])]


def test_the_size_counts_what_is_still_buffered(tmp_path: Path) -> None:
    writer = JournalWriter(tmp_path, ManualClock(OPEN), flush_every=3600)
    writer.record(EVENTS[1])

    buffered = writer.size(OPEN.date())
    writer.close()

    assert buffered == journal_path(tmp_path, OPEN.date()).stat().st_size > 4


def test_a_writer_closed_by_a_stop_records_again_after_the_start(tmp_path: Path) -> None:
    clock = ManualClock(OPEN)
    writer = JournalWriter(tmp_path, clock)
    writer.record(EVENTS[0])
    writer.close()  # the agent stopped from the dashboard

    writer.record(EVENTS[1])  # and started again
    writer.close()

    read = entries(journal_path(tmp_path, OPEN.date()))
    assert [(e.seq, e.event) for e in read] == [(1, EVENTS[0]), (2, EVENTS[1])]


def test_the_journal_command_reports_a_days_inputs_by_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(tmp_path))
    write(tmp_path / "journal", ManualClock(OPEN), EVENTS)
    with journal_path(tmp_path / "journal", OPEN.date()).open("ab") as file:
        file.write(b"\x00\x00")  # torn

    assert main(["journal", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)

    assert report["inputs"] == len(EVENTS)
    assert report["kinds"] == {
        "account": 1,
        "command": 1,
        "feed": 1,
        "listing": 1,
        "news": 1,
        "print": 2,
        "rankings": 1,
        "ranks": 1,
    }
    assert report["torn_bytes"] == 2
    assert report["first"] == OPEN.isoformat()
    assert main(["journal", "--date", "2026-12-01"]) == 1


def test_a_journal_that_cannot_be_written_never_raises_into_trading(tmp_path: Path) -> None:
    blocked = tmp_path / "journal"
    blocked.write_text("a file where the directory should be", encoding="utf-8")
    writer = JournalWriter(blocked, ManualClock(OPEN))

    for event in EVENTS:
        writer.record(event)  # the feed's thread, an actor: nothing raises
    writer.close()

    assert writer.failures == len(EVENTS)


class _FullDisk:
    """A file whose next write stores half of what it is given, then fails (ENOSPC)."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.fail = True

    def write(self, data: bytes) -> int:
        if self.fail:
            self.fail = False
            self.real.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")
        return int(self.real.write(data))  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_a_write_that_fails_half_way_leaves_no_torn_frame_mid_file(tmp_path: Path) -> None:
    clock = ManualClock(OPEN)
    writer = JournalWriter(tmp_path, clock, flush_every=3600)
    writer.record(EVENTS[0])
    writer.flush()
    writer._file = _FullDisk(writer._file)  # type: ignore[assignment]
    writer.record(EVENTS[1])
    writer.flush()  # fails half-way: cut back, the frame waits
    writer.record(EVENTS[2])
    writer.close()  # the disk has room again

    scan = Scan()
    read = entries(journal_path(tmp_path, OPEN.date()), scan)
    assert [e.event for e in read] == EVENTS[:3]
    assert scan.torn_bytes == 0


def test_a_file_in_the_way_that_is_not_a_journal_is_moved_aside(tmp_path: Path) -> None:
    path = journal_path(tmp_path, OPEN.date())
    path.write_bytes(b"something else")

    write(tmp_path, ManualClock(OPEN), EVENTS[:2])

    assert [e.event for e in entries(path)] == EVENTS[:2]
    assert path.with_suffix(".not-a-journal").read_bytes() == b"something else"


def test_a_print_frame_carries_every_field_of_the_feeds_tick() -> None:
    """The StockActor builds the frame on its per-tick path: a tick field the frame lacks would
    raise there, so the two must stay field for field the same."""
    assert Print.__struct_fields__ == TradeTick.__struct_fields__
    assert Print.of(tick(70_000)).tick == tick(70_000)


def test_compact_ranking_rows_read_back_as_the_scanners_entries_and_are_smaller() -> None:
    import msgspec

    entries = tuple(
        RankEntry(code=f"{i:06d}", name="종목", price=10_000 + i, change_bps=i, volume=i * 100)
        for i in range(100)
    )
    compact = Ranks.of(entries, entries, entries)
    keyed = Rankings(turnover=entries, surges=entries, gainers=entries)

    assert (compact.turnover, compact.surges, compact.gainers) == (entries, entries, entries)
    encoder = msgspec.msgpack.Encoder()
    assert len(encoder.encode(compact)) < 0.5 * len(encoder.encode(keyed))
