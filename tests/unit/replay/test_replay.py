"""The replay steps the cores over a journal written by hand: no actor, thread or network."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from agent import journal
from agent.clock import KST, ManualClock
from agent.core.market import Seen
from agent.domain import Intent, OrderPurpose, OrderType, Side
from agent.market.calendar import default_calendar
from agent.orders.chase import Working
from agent.replay.compare import LiveOrder, compare, replayed_orders
from agent.replay.engine import Replay
from agent.risk.account import AccountView, Position
from agent.settings import Settings
from stockagent.cli import main

CODE = "005930"
DAY = datetime(2026, 12, 4, tzinfo=KST)
AT = DAY.replace(hour=10, minute=30)


def account(quantity: int = 10) -> AccountView:
    position = Position(code=CODE, quantity=quantity, avg_price=70_000, current_price=69_000)
    return AccountView(capital_won=10_000_000, cash_won=9_000_000, positions=(position,))


def write(directory: Path, frames: list[tuple[float, journal.Event]]) -> Path:
    clock = ManualClock(AT)
    writer = journal.JournalWriter(directory, clock)
    settings = Settings()
    writer.record(
        journal.Configured(
            strategy=settings.strategy, risk=settings.risk, execution=settings.execution
        )
    )
    writer.record(journal.Started(component="risk", format=journal.REPLAY_FORMAT, state="active"))
    for seconds, event in frames:
        clock.set(AT + timedelta(seconds=seconds))
        writer.record(event)
    writer.close()
    return journal.journal_path(directory, AT.date())


def seen(price: int = 69_000) -> journal.Observed:
    return journal.Observed(
        seen=Seen(
            code=CODE,
            price=price,
            at=AT,
            base_price=70_000,
            upper_limit=91_000,
            lower_limit=49_000,
        )
    )


def liquidation() -> journal.Command:
    return journal.Command(
        name="LiquidateAll", by="operator", detail={"scope": "agent", "reason": "test"}
    )


def test_a_liquidation_waits_for_the_account_and_its_retry_sells_the_position(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        [
            (0, seen()),
            (1, liquidation()),
            (1, journal.AccountAnswer(view=None, unavailable="the account is restarting")),
            (2, journal.Timer(name=journal.LIQUIDATION_RETRY)),
            (2, journal.AccountAnswer(view=account())),  # the retry's read
            (2, journal.AccountAnswer(view=None)),  # the sell's own read: the same
        ],
    )

    replay = Replay(Settings(), default_calendar(), list(journal.read_entries(path))).run()

    [sold] = replay.decisions
    decision = sold.decided.decision
    assert decision.intent.code == CODE
    assert decision.intent.side is Side.SELL
    assert decision.intent.purpose is OrderPurpose.LIQUIDATION
    assert getattr(decision, "quantity", None) == 10
    assert sold.at == AT + timedelta(seconds=2), "the retry sold, not the first attempt"
    assert replay.unanswered == []


def test_the_replayed_decisions_are_compared_with_the_journaled_ones(tmp_path: Path) -> None:
    first = write(
        tmp_path / "a",
        [
            (0, seen()),
            (1, liquidation()),
            (1, journal.AccountAnswer(view=account())),
            (1, journal.AccountAnswer(view=None)),
        ],
    )
    replayed = Replay(Settings(), default_calendar(), list(journal.read_entries(first))).run()
    live = journal.Decision.of(replayed.decisions[0].decided)
    other = journal.Decision.of(replayed.decisions[0].decided)
    other = journal.Decision(
        intent=other.intent,
        approved=True,
        quantity=9,  # the live agent sold one share fewer
        order_type=other.order_type,
        limit_price=other.limit_price,
        client_order_id=other.client_order_id,
    )

    sent = replayed_orders(replayed.decisions, replayed.slicing)  # what the live router sent
    same = compare([live], replayed.decisions, sent, replayed.slicing)
    different = compare([other], replayed.decisions, sent, replayed.slicing)

    assert same.identical
    assert not different.identical
    [difference] = [d for d in different.differences if d["kind"] == "decision"]
    assert (difference["live"]["quantity"], difference["replayed"]["quantity"]) == (9, 10)


def test_a_torn_journal_replays_its_whole_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    path = write(data / "journal", [(0, seen()), (1, seen(68_000))])
    with path.open("ab") as torn:
        torn.write(b"\x00\x00\x01\x00half a frame")  # a kill in the middle of a write
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(data))

    status = main(["replay", "--date", AT.date().isoformat(), "--json"])

    report = json.loads(capsys.readouterr().out)
    assert report["torn_bytes"] > 0
    assert report["events"] == 4
    assert (status, report["identical"]) == (0, True)


def test_frames_the_writer_dropped_make_the_day_incomplete(tmp_path: Path) -> None:
    path = write(tmp_path, [(0, seen()), (1, seen(68_500)), (2, seen(68_000))])
    entries = list(journal.read_entries(path))
    del entries[3]  # the disk refused one frame

    replay = Replay(Settings(), default_calendar(), entries).run()

    assert replay.unanswered == ["frames 4-4 missing"]
    assert not compare(
        [], replay.decisions, (), replay.slicing, unanswered=replay.unanswered
    ).identical


def test_a_slow_limit_exit_the_router_chased_is_followed_by_its_market_sell(
    tmp_path: Path,
) -> None:
    sent = AT - timedelta(minutes=10)
    row = journal.ChaseRow(
        working=Working(
            order_id=7,
            code=CODE,
            side=Side.SELL,
            purpose=OrderPurpose.EOD_EXIT,
            order_type=OrderType.LIMIT,
            price=69_500,
            sent_at=sent,
        ),
        client_order_id="20261204-005930-eod_exit-abc",
        remaining=6,
        strategy_tag="risk",
        signal_price=69_600,
        locked=False,
    )
    path = write(tmp_path, [(0, journal.Chased(rows=(row,), frozen=False, entries_blocked=False))])
    replay = Replay(Settings(), default_calendar(), list(journal.read_entries(path))).run()
    follow_up = LiveOrder(
        client_order_id="20261204-005930-eod_exit-abc-m",
        code=CODE,
        side="sell",
        purpose="eod_exit",
        quantity=6,
        order_type="market",
        price=None,
    )

    assert compare(
        [], replay.decisions, (follow_up,), replay.slicing, follow_ups=replay.follow_ups
    ).identical
    unfollowed = compare([], replay.decisions, (), replay.slicing, follow_ups=replay.follow_ups)
    assert [d["replayed"]["client_order_id"] for d in unfollowed.differences] == [
        follow_up.client_order_id
    ]


def test_the_cancels_the_chase_asked_for_are_compared_by_order(tmp_path: Path) -> None:
    entry = journal.ChaseRow(
        working=Working(
            order_id=3,
            code=CODE,
            side=Side.BUY,
            purpose=OrderPurpose.ENTRY,
            order_type=OrderType.LIMIT,
            price=69_500,
            sent_at=AT - timedelta(minutes=5),
        ),
        client_order_id="20261204-005930-entry-abc",
        remaining=10,
        strategy_tag="opening_leader",
        signal_price=69_500,
        locked=False,
    )
    path = write(
        tmp_path, [(0, journal.Chased(rows=(entry,), frozen=False, entries_blocked=False))]
    )
    replay = Replay(Settings(), default_calendar(), list(journal.read_entries(path))).run()
    cid = entry.client_order_id

    assert [c for _, c in replay.cancels] == [cid]
    same = compare(
        [], replay.decisions, (), replay.slicing, live_cancels=[(AT, cid)], cancels=replay.cancels
    )
    assert same.identical
    assert (same.live_cancels, same.replayed_cancels) == (1, 1)
    missing = compare(
        [], replay.decisions, (), replay.slicing, live_cancels=[], cancels=replay.cancels
    )
    assert [(d["kind"], d["live"], d["replayed"]) for d in missing.differences] == [
        ("cancel", None, {"client_order_id": cid, "cancels": 1})
    ]
    # A day whose cancels are not known (recorded before they kept their reason): not compared.
    assert compare([], replay.decisions, (), replay.slicing, cancels=replay.cancels).identical


def test_an_entry_count_asked_just_before_a_kill_is_in_flight_not_a_difference(
    tmp_path: Path,
) -> None:
    from agent.replay.answers import Answers

    path = write(
        tmp_path,
        [
            (1, journal.Counted(code=CODE, entries=0)),
            # The process died here; its last ask's answer never reached the disk.
            (2, journal.Started(component="risk", format=journal.REPLAY_FORMAT, state="active")),
            (3, journal.Counted(code=CODE, entries=1)),
        ],
    )
    answers = Answers(list(journal.read_entries(path)))

    assert answers.count(CODE, 1) == 0  # the first life's answer
    assert answers.count(CODE, 1) == 0  # its second ask: in flight at the kill
    assert answers.asks_in_flight == 1
    assert answers.count(CODE, 2) == 1  # the next life's answer is still its own
    assert answers.unanswered == []
    # In the last life a missing answer is a difference.
    assert answers.count(CODE, 2) == 0
    assert answers.unanswered == [f"{CODE}: a count of today's entries"]


def test_an_account_view_asked_just_before_a_kill_is_in_flight_not_a_difference(
    tmp_path: Path,
) -> None:
    from agent.replay.answers import Answers, InFlight, Unavailable

    first, second = account(), account()
    path = write(
        tmp_path,
        [
            (1, journal.AccountAnswer(view=first)),
            # The process died here: the exit timer's ask was made, its answer never written.
            (2, journal.Started(component="risk", format=journal.REPLAY_FORMAT, state="active")),
            (3, journal.AccountAnswer(view=second)),
        ],
    )
    answers = Answers(list(journal.read_entries(path)))
    answers.restarted()  # the first life

    assert answers.account() == first
    with pytest.raises(InFlight):
        answers.account()  # in flight at the kill
    assert answers.asks_in_flight == 1
    answers.restarted()  # the life after the kill
    assert answers.account() == second  # still its own answer, not shifted by one
    assert answers.unanswered == []
    # In the last life a missing answer is a difference.
    with pytest.raises(Unavailable):
        answers.account()
    assert answers.unanswered == ["an account view"]


def test_a_decision_whose_account_answer_died_with_the_process_is_not_replayed(
    tmp_path: Path,
) -> None:
    entry = Intent(
        code=CODE,
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=69_000,
        at=AT,
        strategy_tag="opening_leader",
    )
    path = write(
        tmp_path,
        [
            # The governor asked the Account about the signal; the kill came before the answer.
            (1, journal.Signal(intent=entry, market=seen().seen, listing=None)),
            (2, journal.Started(component="risk", format=journal.REPLAY_FORMAT, state="active")),
            (3, seen()),
            (4, liquidation()),
            (4, journal.AccountAnswer(view=account())),
            (4, journal.AccountAnswer(view=None)),  # the sell's own read: the same
        ],
    )

    replay = Replay(Settings(), default_calendar(), list(journal.read_entries(path))).run()

    # No "account unavailable" rejection of the signal: no decision came of it live either.
    [sold] = replay.decisions
    assert sold.decided.decision.intent.purpose is OrderPurpose.LIQUIDATION
    assert replay.answers.asks_in_flight == 1
    assert replay.unanswered == []


def test_a_news_read_in_flight_at_a_kill_is_not_a_difference(tmp_path: Path) -> None:
    from agent.replay.answers import Answers, InFlight

    path = write(
        tmp_path,
        [
            # The scanner's poll asked StockNews; the kill came before the answer was written.
            (2, journal.Started(component="risk", format=journal.REPLAY_FORMAT, state="active")),
            (3, journal.News(scores={CODE: 80})),
        ],
    )
    answers = Answers(list(journal.read_entries(path)))
    answers.restarted()

    with pytest.raises(InFlight):
        answers.news(AT)
    answers.restarted()
    assert answers.news(AT) == {CODE: 80}  # the next life's read is still its own
    assert answers.asks_in_flight == 1
    assert answers.unanswered == []
