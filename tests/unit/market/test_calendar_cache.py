"""The XKRX sessions are computed once per exchange-calendars version and read from disk after."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from agent.market import calendar
from agent.market.calendar import cached_xkrx_base_days, xkrx_base_days

START, END = date(2025, 12, 1), date(2026, 1, 31)


def test_the_cached_sessions_equal_the_computed_ones_and_are_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = xkrx_base_days(START, END)

    first = cached_xkrx_base_days(START, END, tmp_path)

    def must_not_compute(*_: object) -> None:
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(calendar, "xkrx_base_days", must_not_compute)
    second = cached_xkrx_base_days(START, END, tmp_path)
    assert dict(first.kinds) == dict(second.kinds) == dict(computed.kinds)
    assert len(list(tmp_path.glob("xkrx-*.json"))) == 1


def test_a_damaged_cache_file_is_computed_again(tmp_path: Path) -> None:
    cached_xkrx_base_days(START, END, tmp_path)
    (path,) = tmp_path.glob("xkrx-*.json")
    path.write_text('{"kinds": {"2026-01-02": "no such kind"}}', encoding="utf-8")

    again = cached_xkrx_base_days(START, END, tmp_path)

    assert dict(again.kinds) == dict(xkrx_base_days(START, END).kinds)
    assert "no such kind" not in path.read_text(encoding="utf-8")
