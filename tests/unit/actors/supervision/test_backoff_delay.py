"""The backoff delay is exponential in the attempt, capped, and jittered downwards."""

from __future__ import annotations

import pytest

from actors.supervision import Backoff, backoff_delay, next_attempt

NO_JITTER = Backoff(initial=0.5, multiplier=2.0, max_delay=10.0, jitter=0.0)


@pytest.mark.parametrize(("attempt", "delay"), [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0)])
def test_delay_doubles_with_each_attempt(attempt: int, delay: float) -> None:
    assert backoff_delay(NO_JITTER, attempt=attempt, random_value=0.7) == delay


def test_delay_is_capped_at_max_delay_even_for_huge_attempts() -> None:
    assert backoff_delay(NO_JITTER, attempt=6, random_value=0.0) == 10.0
    assert backoff_delay(NO_JITTER, attempt=10_000, random_value=0.0) == 10.0


def test_jitter_takes_off_up_to_its_fraction_of_the_delay() -> None:
    backoff = Backoff(initial=4.0, multiplier=2.0, max_delay=30.0, jitter=0.25)

    assert backoff_delay(backoff, attempt=1, random_value=0.0) == 4.0
    assert backoff_delay(backoff, attempt=1, random_value=0.5) == 3.5
    assert backoff_delay(backoff, attempt=1, random_value=0.999) == pytest.approx(3.001)


def test_jittered_delay_never_exceeds_the_cap() -> None:
    backoff = Backoff(initial=1.0, multiplier=3.0, max_delay=5.0, jitter=1.0)

    delays = [
        backoff_delay(backoff, attempt=a, random_value=r / 10)
        for a in range(1, 8)
        for r in range(10)
    ]

    assert all(0 < d <= 5.0 for d in delays)


@pytest.mark.parametrize(("attempt", "random_value"), [(0, 0.1), (1, 1.0), (1, -0.1)])
def test_out_of_range_inputs_are_rejected(attempt: int, random_value: float) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        backoff_delay(NO_JITTER, attempt=attempt, random_value=random_value)


def test_next_attempt_counts_up_while_the_child_keeps_failing_fast() -> None:
    backoff = Backoff(reset_after=60.0)

    assert next_attempt(backoff, previous=0, uptime=None) == 1
    assert next_attempt(backoff, previous=3, uptime=None) == 4
    assert next_attempt(backoff, previous=3, uptime=59.9) == 4


def test_next_attempt_starts_over_after_the_child_ran_long_enough() -> None:
    assert next_attempt(Backoff(reset_after=60.0), previous=7, uptime=60.0) == 1
