"""Delivery over real HTTP to a webhook on loopback: retried, never blocking, a failing
target reported once, no URL ever shown."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

import pytest

from agent.notify import AppriseSender, Batcher, Message, Notice, NoticeKind, Notifier
from agent.notify.sender import Delivery, InvalidTarget
from tests.support.waiting import wait_until
from tests.support.webhook import webhook

AT = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)
MESSAGE = Message(title="StockAgent: fill", body="09:30:00 fill 005930", severe=False, notices=1)


def test_a_message_reaches_a_webhook_and_a_refused_one_is_retried() -> None:
    pauses: list[float] = []
    with webhook(fail_first=2) as hook:
        sender = AppriseSender([hook.url], attempts=3, backoff_s=1.0, sleep=pauses.append)
        [delivery] = sender.send(MESSAGE)
        assert delivery == Delivery(target="JSON #1", ok=True)
        assert pauses == [1.0, 2.0]
        [posted] = hook.messages()
    assert posted["title"] == "StockAgent: fill"
    assert posted["message"] == "09:30:00 fill 005930"
    assert posted["type"] == "info"


def test_a_target_that_never_answers_fails_without_showing_its_url() -> None:
    with webhook(fail_first=10) as hook:
        sender = AppriseSender([hook.url], attempts=2, sleep=lambda _s: None)
        [delivery] = sender.send(MESSAGE)
    assert not delivery.ok
    assert delivery.target == "JSON #1"
    assert delivery.error
    assert "s3cr3t" not in delivery.error
    assert "127.0.0.1" not in delivery.error


def test_an_unknown_scheme_names_its_place_in_the_setting() -> None:
    with pytest.raises(InvalidTarget, match=r"notify.urls\[1\]: not an apprise URL"):
        AppriseSender(["json://127.0.0.1:9/x", "nonsense://token"])


class SlowSender:
    """Blocks every send until released, to show that the notifier never waits on it."""

    def __init__(self, fail: bool = False) -> None:
        self.targets = ["JSON #1"]
        self.release = threading.Event()
        self.sent: list[Message] = []
        self.fail = fail

    def send(self, message: Message) -> list[Delivery]:
        self.release.wait(10)
        self.sent.append(message)
        return [
            Delivery(target="JSON #1", ok=not self.fail, error="HTTP 500" if self.fail else None)
        ]


def fill(n: int) -> Notice:
    return Notice(kind=NoticeKind.FILL, at=AT, code=f"{n:06d}", facts={"quantity": n})


def test_notify_never_blocks_and_a_full_queue_drops_the_oldest() -> None:
    sender = SlowSender()
    notifier = Notifier(sender, Batcher("en", window_s=0), capacity=5)
    notifier.start()
    try:
        notifier.notify(Notice(kind=NoticeKind.STOP, at=AT, code="000001"))
        wait_until(lambda: notifier._queue.empty(), message="for the first send to begin")
        for n in range(20):  # the sender is stuck: these pile up in the bounded queue
            notifier.notify(fill(n))
        assert notifier.dropped == 15
        sender.release.set()
        wait_until(lambda: sum(m.notices for m in sender.sent) == 6, message="for the rest")
    finally:
        sender.release.set()
        notifier.stop()
    codes = "\n".join(m.body for m in sender.sent)
    assert "000019" in codes
    assert "000014" not in codes


def test_a_failing_target_is_logged_once_until_it_works_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sender = SlowSender(fail=True)
    sender.release.set()
    notifier = Notifier(sender, Batcher("en", window_s=0, per_minute=60))
    notifier.start()
    try:
        with caplog.at_level(logging.INFO, logger="agent.notify.notifier"):
            for n in range(4):
                notifier.notify(Notice(kind=NoticeKind.STOP, at=AT, code=f"{n:06d}"))
                wait_until(lambda n=n: len(sender.sent) == n + 1, message="for each send")
            sender.fail = False
            notifier.notify(Notice(kind=NoticeKind.STOP, at=AT, code="000009"))
            wait_until(lambda: len(sender.sent) == 5, message="for the send that works")
            wait_until(lambda: notifier.sent == 1)
    finally:
        notifier.stop()
    lines = [r.getMessage() for r in caplog.records if r.name == "agent.notify.notifier"]
    assert lines == [
        "notification target JSON #1 failed: HTTP 500 (not logged again until it works)",
        "notification target JSON #1 works again",
    ]
    assert notifier.failed == 4


def test_stop_sends_what_still_waits_in_the_window() -> None:
    with webhook() as hook:
        notifier = Notifier(AppriseSender([hook.url]), Batcher("en", window_s=600))
        notifier.start()
        notifier.notify(fill(1))
        notifier.notify(fill(2))
        notifier.stop()
        [posted] = hook.messages()
    assert posted["title"] == "StockAgent: fill 2"


def test_a_notifier_started_again_after_a_stop_sends_again() -> None:
    with webhook() as hook:
        notifier = Notifier(AppriseSender([hook.url]), Batcher("en", window_s=0))
        notifier.start()
        notifier.notify(fill(1))
        notifier.stop()
        notifier.start()
        notifier.notify(fill(2))
        wait_until(lambda: len(hook.messages()) == 2, message="for the second message")
        notifier.stop()
