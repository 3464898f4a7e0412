"""No retry storm: a refused exit waits for a new account read, a rejected sell backs off."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agent.risk.exit_guard import BACKOFF_CAP, BACKOFF_WINDOW, ExitGuard, rejection_backoff
from tests.unit.risk.builders import CODE, NOW, account

READ = NOW - timedelta(seconds=2)


def test_an_exit_refused_on_a_view_waits_until_the_account_is_read_again() -> None:
    guard = ExitGuard()
    view = account(read_at=READ)

    assert guard.refused(CODE, view) is True
    assert guard.waits(CODE, view, NOW + timedelta(minutes=5)), "the same figures: same answer"
    assert guard.refused(CODE, view) is False, "the episode goes on"

    newer = account(read_at=READ + timedelta(seconds=30))
    assert not guard.waits(CODE, newer, NOW + timedelta(seconds=30))


def test_an_approved_exit_ends_the_refusal() -> None:
    guard = ExitGuard()
    view = account(read_at=READ)
    guard.refused(CODE, view)

    guard.passed(CODE)

    assert not guard.waits(CODE, view, NOW)
    assert guard.refused(CODE, view) is True, "a new episode"


def test_a_refusal_in_one_code_never_holds_another() -> None:
    guard = ExitGuard()
    view = account(read_at=READ)
    guard.refused(CODE, view)

    assert not guard.waits("000660", view, NOW)


@pytest.mark.parametrize(
    ("rejections", "wait_s"), [(0, 0), (1, 5), (2, 10), (3, 20), (5, 80), (6, 120), (40, 120)]
)
def test_the_backoff_doubles_from_five_seconds_up_to_two_minutes(
    rejections: int, wait_s: int
) -> None:
    assert rejection_backoff(rejections) == timedelta(seconds=wait_s)
    assert rejection_backoff(rejections) <= BACKOFF_CAP


def test_a_sell_rejected_by_the_broker_waits_out_its_backoff() -> None:
    guard = ExitGuard()
    first = NOW
    view = account(rejected_sells=((CODE, first),))

    assert guard.waits(CODE, view, first + timedelta(seconds=4))
    assert not guard.waits(CODE, view, first + timedelta(seconds=5))

    second = first + timedelta(seconds=6)
    twice = account(rejected_sells=((CODE, first), (CODE, second)))
    assert guard.waits(CODE, twice, second + timedelta(seconds=9))
    assert not guard.waits(CODE, twice, second + timedelta(seconds=10))


def test_rejections_older_than_the_window_no_longer_count() -> None:
    guard = ExitGuard()
    old = NOW - BACKOFF_WINDOW - timedelta(seconds=1)
    view = account(rejected_sells=tuple((CODE, old) for _ in range(10)))

    assert not guard.waits(CODE, view, NOW)


def test_each_codes_first_rejection_is_reported_once_a_day() -> None:
    guard = ExitGuard()
    view = account(rejected_sells=((CODE, NOW), ("000660", NOW)))

    assert guard.new_rejections(view) == ["000660", CODE]
    again = account(rejected_sells=((CODE, NOW), (CODE, NOW + timedelta(seconds=9))))
    assert guard.new_rejections(again) == []

    guard.new_day()
    assert guard.new_rejections(again) == [CODE]
