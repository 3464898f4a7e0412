"""Every pattern msgspec checks matches whole values of ASCII text, and nothing around them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent import formats
from agent.formats import HH_MM, STOCK_CODE
from agent.settings import StrategySettings
from web.openapi import document


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


PATTERNS = sorted({*_patterns(document()), *(v for k, v in vars(formats).items() if k.isupper())})
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_the_contract_declares_patterns() -> None:
    assert STOCK_CODE in PATTERNS
    assert HH_MM in PATTERNS
    assert len(PATTERNS) >= 4


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_pattern_takes_its_values_whole_and_nothing_more(pattern: str) -> None:
    @given(st.from_regex(pattern, fullmatch=True))
    @settings(max_examples=50, deadline=None, database=None)
    def check(value: str) -> None:
        assert value.isascii()
        # msgspec checks a pattern with re.search: it must not find a value inside more text.
        assert re.search(pattern, value)
        for padded in (value + "\n", value + "\r\n", "\n" + value, " " + value, value + " "):
            assert re.search(pattern, padded) is None, repr(padded)
        wide = value.translate(FULL_WIDTH)
        assert wide == value or re.search(pattern, wide) is None, repr(wide)

    check()


def test_settings_refuse_a_time_with_a_trailing_newline() -> None:
    with pytest.raises(msgspec.ValidationError, match="window_start"):
        msgspec.convert({"window_start": "09:10\n"}, StrategySettings)
