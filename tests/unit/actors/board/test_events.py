"""The board's events are the live contract: one typed event class per topic, tagged by it."""

from __future__ import annotations

from typing import get_args

import msgspec

from actors.board import Envelope, LiveEvent, SnapshotBoard, Topic
from actors.board.events import ActorReport, LiveActorEvent, LiveOrderFilled, StatusChange
from actors.router.messages import SendsAmbiguous
from actors.supervision.events import EventKind, SupervisionEvent
from tests.support.live import AT, filled


def test_every_topic_has_exactly_one_event_class_tagged_with_its_name() -> None:
    tags = [msgspec.inspect.type_info(kind).tag for kind in get_args(LiveEvent)]

    assert sorted(tags) == sorted(topic.value for topic in Topic)


def test_every_envelope_class_is_a_live_event() -> None:
    assert set(Envelope.__subclasses__()) == set(get_args(LiveEvent))


def test_an_event_survives_the_wire_as_the_same_typed_value() -> None:
    board = SnapshotBoard()
    sent = [
        board.publish(LiveOrderFilled, "router", filled(quantity=4), code="005930"),
        board.publish(LiveActorEvent, "router", SendsAmbiguous(order_ids=(3, 5))),
        board.publish(
            LiveActorEvent,
            "root",
            SupervisionEvent(kind=EventKind.STUCK, supervisor_id="root", child_id="risk", at=AT),
        ),
    ]

    received = [msgspec.json.decode(msgspec.json.encode(e), type=LiveEvent) for e in sent]

    assert received == sent
    assert msgspec.to_builtins(sent[0])["type"] == "order_filled"


def test_the_payload_unions_are_tagged_by_event() -> None:
    for union in (StatusChange, ActorReport):
        fields = {msgspec.inspect.type_info(k).tag_field for k in get_args(union)}
        assert fields == {"event"}
