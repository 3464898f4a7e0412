"""Crash descriptions: a short reason and a digest that groups repeats of one bug."""

from __future__ import annotations

from actors.supervision import describe, traceback_digest


def fail(value: int) -> BaseException:
    try:
        raise ValueError(f"bad value {value}")
    except ValueError as exc:
        return exc


def test_the_same_crash_site_gives_the_same_digest_whatever_the_message() -> None:
    assert traceback_digest(fail(1)) == traceback_digest(fail(2))
    assert len(traceback_digest(fail(1))) == 12


def test_a_different_exception_type_gives_a_different_digest() -> None:
    assert traceback_digest(fail(1)) != traceback_digest(KeyError("x"))


def test_describe_names_the_type_and_message_and_cuts_long_ones() -> None:
    assert describe(fail(3)) == "ValueError: bad value 3"
    assert describe(RuntimeError()) == "RuntimeError"
    assert len(describe(RuntimeError("x" * 1000))) == 300
