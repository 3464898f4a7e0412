"""What the feed tells: fills, rejections and a stop's first order from the board; the
brakes, the broker and the day's close from the system events; nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime

from actors import ids
from actors.board import SnapshotBoard
from actors.board.events import LiveOrderFilled, LiveOrderUpdate
from actors.runtime.notices import NoticeFeed
from agent.notify import Notice, NoticeKind
from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import upgrade
from agent.store.models import EventKind, Severity
from agent.store.repositories import SystemEventRepository
from tests.support.live import filled, order

AT = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)


class Collecting:
    def __init__(self) -> None:
        self.notices: list[Notice] = []

    def notify(self, notice: Notice) -> None:
        self.notices.append(notice)


def test_board_and_system_events_become_notices_each_told_once(tmp_path: object) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/db.sqlite")
    upgrade(engine)
    events = SystemEventRepository(session_factory(engine))
    events.record(EventKind.KILL_SWITCH_ENGAGED, AT, reason="yesterday's")  # before the start
    board = SnapshotBoard()
    sink = Collecting()
    feed = NoticeFeed(board, events, sink, poll_s=60)  # type: ignore[arg-type]
    feed.start()
    try:
        board.publish(LiveOrderUpdate, ids.ROUTER, order(1, "rejected", reject="RC4025"))
        board.publish(LiveOrderUpdate, ids.ROUTER, order(1, "rejected", reject="RC4025"))
        board.publish(LiveOrderUpdate, ids.ROUTER, order(2, "sent", purpose="stop_loss"))
        board.publish(LiveOrderUpdate, ids.ROUTER, order(2, "accepted", purpose="stop_loss"))
        board.publish(LiveOrderUpdate, ids.ROUTER, order(3, "accepted"))  # an entry: quiet
        fill = filled(order(2, "filled", "stop_loss"), quantity=10, price=69_000, at=AT)
        board.publish(LiveOrderFilled, ids.ROUTER, fill, code="005930")
        events.record(EventKind.BROKER_LOST, AT, severity=Severity.ERROR, reason="refused")
        events.record(EventKind.ACTOR_STARTED, AT)  # quiet
        events.record(
            EventKind.DAY_CLOSED, AT, detail={"date": "2026-12-07", "trades": 1, "realized_pnl": 5}
        )
    finally:
        feed.stop()  # reads what is still unread
    kinds = [n.kind for n in sink.notices]
    assert kinds == [
        NoticeKind.REJECTION,
        NoticeKind.STOP,
        NoticeKind.FILL,
        NoticeKind.BROKER_LOST,
        NoticeKind.DAY_SUMMARY,
    ]
    rejection, _stop, fill, lost, summary = sink.notices
    assert rejection.facts["reason"] == "RC4025"
    assert fill.facts == {
        "side": "sell",
        "purpose": "stop_loss",
        "quantity": 10,
        "price": 69_000,
    }
    assert lost.facts["reason"] == "refused"
    assert summary.facts["trades"] == 1
    engine.dispose()


def test_with_fills_off_only_the_rest_is_told(tmp_path: object) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/db.sqlite")
    upgrade(engine)
    board = SnapshotBoard()
    sink = Collecting()
    feed = NoticeFeed(board, SystemEventRepository(session_factory(engine)), sink, fills=False)  # type: ignore[arg-type]
    feed.start()
    fill = filled(order(4, "filled"), quantity=10, price=1, at=AT)
    board.publish(LiveOrderFilled, ids.ROUTER, fill, code="005930")
    board.publish(LiveOrderUpdate, ids.ROUTER, order(5, "rejected"))
    feed.stop()
    assert [n.kind for n in sink.notices] == [NoticeKind.REJECTION]
    engine.dispose()


def test_a_backstop_is_told_when_it_sells_its_refusal_once_as_an_event(tmp_path: object) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/db.sqlite")
    upgrade(engine)
    events = SystemEventRepository(session_factory(engine))
    board = SnapshotBoard()
    sink = Collecting()
    feed = NoticeFeed(board, events, sink, poll_s=60)  # type: ignore[arg-type]
    feed.start()
    try:
        for status in ("sent", "accepted"):  # placed: quiet, most days it never sells
            board.publish(LiveOrderUpdate, ids.ROUTER, order(1, status, purpose="backstop"))
        refused = order(2, "rejected", purpose="backstop", reject="RC4032")
        board.publish(LiveOrderUpdate, ids.ROUTER, refused)  # told by its event instead
        board.publish(LiveOrderUpdate, ids.ROUTER, order(1, "partially_filled", "backstop"))
        board.publish(LiveOrderUpdate, ids.ROUTER, order(1, "filled", purpose="backstop"))
        events.record(
            EventKind.BACKSTOP_REFUSED,
            AT,
            severity=Severity.WARNING,
            reason="005930: the broker refused the backstop",
            detail={"code": "005930"},
        )
    finally:
        feed.stop()
    assert [n.kind for n in sink.notices] == [NoticeKind.BACKSTOP, NoticeKind.BACKSTOP_REFUSED]
    sold, refusal = sink.notices
    assert sold.urgent
    assert refusal.code == "005930"
    engine.dispose()
