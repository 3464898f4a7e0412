"""Reason codes: stable strings, each with a line for the UI."""

from __future__ import annotations

import msgspec

from agent.strategy.reasons import Reason, describe


def test_every_reason_has_a_one_line_description() -> None:
    for reason in Reason:
        assert reason.description
        assert "\n" not in reason.description


def test_a_reason_is_its_own_code_as_a_string() -> None:
    assert Reason.OR_BREAKOUT == "OR_BREAKOUT"
    assert Reason("NEWS_SCORE_LOW") is Reason.NEWS_SCORE_LOW
    assert msgspec.json.encode((Reason.GAINER,)) == b'["GAINER"]'


def test_describe_gives_the_ui_line_or_the_unknown_code_itself() -> None:
    assert describe("VI_ACTIVE") == Reason.VI_ACTIVE.description
    assert describe("MAX_POSITIONS") == "MAX_POSITIONS"
