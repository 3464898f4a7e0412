"""The broker link: one failed call is noise, a broker silent for a while is lost, the
first answer after is the broker back; a failed login is told once per episode."""

from __future__ import annotations

from agent.broker.link import BrokerLink, LinkChange, LinkState


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_blip_among_answers_is_not_a_lost_broker() -> None:
    clock = Clock()
    link = BrokerLink(lost_after_s=15, min_failures=3, monotonic=clock)
    assert link.ok() is None
    for second in range(1, 30):
        clock.now = float(second)
        change = link.failed("refused") if second % 5 == 0 else link.ok()
        assert change is None
    assert link.status().state is LinkState.UP


def test_failures_for_the_threshold_lose_the_broker_and_the_next_answer_brings_it_back() -> None:
    clock = Clock()
    told: list[LinkChange] = []
    link = BrokerLink(lost_after_s=15, min_failures=3, monotonic=clock)
    link.listeners.append(told.append)
    link.ok()
    for second in range(10, 40, 3):  # the first failure at 10 s, lost at >= 25 s
        clock.now = float(second)
        link.failed("connection refused")
    assert [c.kind for c in told] == ["lost"]
    assert link.status().state is LinkState.LOST
    assert link.status().failures == 10
    clock.now = 42.0
    back = link.ok()
    assert back == LinkChange(kind="back", down_s=32.0)
    assert told[-1] == back
    assert link.status().state is LinkState.UP
    assert link.status().failures == 0


def test_many_quick_failures_alone_are_not_enough() -> None:
    clock = Clock()
    link = BrokerLink(lost_after_s=15, min_failures=3, monotonic=clock)
    for _ in range(50):
        assert link.failed("timeout") is None
    clock.now = 15.0
    assert link.failed("timeout") == LinkChange(kind="lost", error="timeout")


def test_a_failed_login_is_told_once_per_episode() -> None:
    clock = Clock()
    link = BrokerLink(monotonic=clock)
    assert link.failed("8005 token", token=True) == LinkChange(
        kind="token_failed", error="8005 token"
    )
    assert link.failed("8005 token", token=True) is None
    link.ok()
    assert link.failed("8005 token", token=True) is not None
