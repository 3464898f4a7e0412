"""The snapshot board keeps the latest state per actor and streams events without blocking."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from actors.board import LiveEvent, SnapshotBoard, Topic
from actors.board.events import LiveOrderFilled, LivePriceUpdate, LiveSystemStatus
from actors.gateway.messages import FeedChanged
from agent.clock import ManualClock
from tests.support.live import filled, stock
from tests.support.waiting import wait_until

T0 = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)


def _board(history: int = 1_000) -> SnapshotBoard:
    return SnapshotBoard(clock=ManualClock(T0), history=history)


def test_a_snapshot_replaces_the_previous_one_and_counts_versions() -> None:
    board = _board()

    board.publish_snapshot("account", {"cash": 1})
    latest = board.publish_snapshot("account", {"cash": 2})

    stored = board.snapshot("account")
    assert stored is latest
    assert stored.version == 2
    assert stored.data == {"cash": 2}
    assert set(board.snapshots()) == {"account"}


def test_snapshots_can_be_listed_by_prefix_and_removed() -> None:
    board = _board()
    board.publish_snapshot("stock:005930", 1)
    board.publish_snapshot("stock:000660", 2)
    board.publish_snapshot("router", 3)

    board.remove_snapshot("stock:000660")

    assert set(board.snapshots("stock:")) == {"stock:005930"}


def test_events_get_increasing_sequence_numbers_and_reach_matching_subscribers() -> None:
    board = _board()
    fills = board.subscribe(topics=[Topic.ORDER_FILLED])
    samsung = board.subscribe(codes=["005930"])

    board.publish(LivePriceUpdate, "stock:005930", stock(price=70_000), code="005930")
    board.publish(LiveOrderFilled, "router", filled(quantity=1), code="000660")
    board.publish(LiveSystemStatus, "gateway", FeedChanged(connected=True))

    assert [e.seq for e in fills.drain()] == [2]
    # A code filter still sees events that belong to no code (system status).
    assert [e.topic for e in samsung.drain()] == [Topic.PRICE_UPDATE, Topic.SYSTEM_STATUS]


def test_a_slow_reader_gets_the_newest_price_instead_of_a_backlog() -> None:
    board = _board()
    reader = board.subscribe(capacity=10)

    for price in range(70_000, 70_100):
        board.publish(LivePriceUpdate, "stock:005930", stock(price=price), code="005930")
    board.publish(LiveOrderFilled, "router", filled(quantity=3), code="005930")

    events = reader.drain()
    assert [e.topic for e in events] == [Topic.PRICE_UPDATE, Topic.ORDER_FILLED]
    assert events[0].data == stock(price=70_099)
    assert reader.coalesced == 99
    assert reader.dropped == 0


def test_a_full_reader_drops_its_oldest_events_and_counts_them() -> None:
    board = _board()
    reader = board.subscribe(topics=[Topic.ORDER_FILLED], capacity=3)

    for qty in range(1, 6):
        board.publish(LiveOrderFilled, "router", filled(quantity=qty), code="005930")

    assert [_quantity(e) for e in reader.drain()] == [3, 4, 5]
    assert reader.dropped == 2


def test_a_reader_that_never_reads_does_not_block_publishers_or_other_readers() -> None:
    board = _board()
    stuck = board.subscribe(capacity=5)
    live = board.subscribe(topics=[Topic.ORDER_FILLED], capacity=10_000)
    published = threading.Event()

    def publish_many() -> None:
        for qty in range(5_000):
            board.publish(LiveOrderFilled, "router", filled(quantity=qty), code="005930")
        published.set()

    threading.Thread(target=publish_many, daemon=True).start()

    wait_until(published.is_set, timeout=10, message="for the publisher to finish")
    assert stuck.pending() == 5
    assert stuck.dropped == 4_995
    assert len(live.drain()) == 5_000


def test_on_ready_is_called_so_an_event_loop_can_be_woken() -> None:
    board = _board()
    woken: list[int] = []
    board.subscribe(on_ready=lambda: woken.append(1))

    board.publish(LiveSystemStatus, "gateway", FeedChanged(connected=True))

    assert woken == [1]


def test_closing_a_subscription_stops_delivery() -> None:
    board = _board()
    reader = board.subscribe()
    reader.close()

    board.publish(LiveSystemStatus, "gateway", FeedChanged(connected=True))

    assert reader.pending() == 0
    assert board.subscriber_count() == 0


def test_recent_history_is_bounded_and_filterable() -> None:
    board = _board(history=3)
    for qty in range(5):
        board.publish(LiveOrderFilled, "router", filled(quantity=qty), code="005930")
    board.publish(LivePriceUpdate, "stock:000660", stock("000660"), code="000660")

    assert [_quantity(e) for e in board.recent(topics=[Topic.ORDER_FILLED])] == [3, 4]
    assert len(board.recent()) == 3
    assert [e.code for e in board.recent(limit=1)] == ["000660"]


def test_an_event_carries_its_class_topic_and_the_payload_it_was_given() -> None:
    board = _board()
    fill = filled(quantity=2)

    event = board.publish(LiveOrderFilled, "router", fill, code="005930")

    assert isinstance(event, LiveOrderFilled)
    assert event.topic is Topic.ORDER_FILLED
    assert event.data is fill
    assert (event.seq, event.at, event.source, event.code) == (1, T0, "router", "005930")


def _quantity(event: LiveEvent) -> int:
    assert isinstance(event, LiveOrderFilled)
    return event.data.fill.quantity
