"""A value is what its whole text says, in its own JSON type: no trailing newline passes a pattern,
no string stands in for a number or a boolean, and ids and codes are ASCII digits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from actors import ids
from tests.support.web_api import RunningApi, running_api


@pytest.fixture
def api(tmp_path: Path) -> Iterator[RunningApi]:
    with running_api(tmp_path) as running:
        yield running


@pytest.mark.parametrize("code", ["005930\n", "005930\r\n", "\n005930", "００５９３０", "0059３0"])
def test_a_code_is_refused_unless_its_whole_text_is_a_code(api: RunningApi, code: str) -> None:
    response = httpx.post(
        f"{api.base_url}/api/v1/scanner/watch", json={"code": code}, headers=api.auth
    )

    assert response.status_code == 400
    assert response.json()["extra"][0]["key"] == "code"
    assert api.told(ids.SCANNER) == []


def test_a_well_formed_code_is_watched(api: RunningApi) -> None:
    response = httpx.post(
        f"{api.base_url}/api/v1/scanner/watch", json={"code": "005930"}, headers=api.auth
    )

    assert response.status_code == 202
    assert [m.code for m in api.told(ids.SCANNER)] == ["005930"]


@pytest.mark.parametrize(
    "path", ["005930%0A", "%EF%BC%90%EF%BC%90%EF%BC%95%EF%BC%99%EF%BC%93%EF%BC%90"]
)
def test_unwatching_takes_only_a_code(api: RunningApi, path: str) -> None:
    response = httpx.delete(f"{api.base_url}/api/v1/scanner/watch/{path}", headers=api.auth)

    assert response.status_code == 400
    assert api.told(ids.SCANNER) == []


def _strategy(api: RunningApi) -> dict[str, Any]:
    response = httpx.get(f"{api.base_url}/api/v1/strategy/config", headers=api.auth)
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("window_end", "10:30\n"),
        ("window_end", "1０:30"),
        ("top_n", "3"),
        ("top_n", 3.0),
        ("top_n", True),
        ("require_news", "false"),
        ("require_news", 0),
        ("min_volume_ratio", "2.5"),
    ],
)
def test_a_parameter_must_have_its_own_type_and_whole_form(
    api: RunningApi, field: str, value: object
) -> None:
    before = _strategy(api)

    response = httpx.put(
        f"{api.base_url}/api/v1/strategy/config", json={**before, field: value}, headers=api.auth
    )

    assert response.status_code == 400
    assert response.json()["extra"][0]["key"] == field
    assert _strategy(api) == before


def test_a_whole_number_is_a_good_value_for_a_decimal_parameter(api: RunningApi) -> None:
    before = _strategy(api)

    response = httpx.put(
        f"{api.base_url}/api/v1/strategy/config",
        json={**before, "min_volume_ratio": 3, "window_end": "10:30"},
        headers=api.auth,
    )

    assert response.status_code == 200
    assert response.json()["min_volume_ratio"] == 3.0
    assert response.json()["window_end"] == "10:30"


@pytest.mark.parametrize("seeds", ["1\n", "1-3\n", "１"])
def test_backtest_seeds_must_be_ascii_digits_only(api: RunningApi, seeds: str) -> None:
    response = httpx.post(
        f"{api.base_url}/api/v1/backtests", json={"seeds": seeds}, headers=api.auth
    )

    assert response.status_code == 400
    assert response.json()["extra"][0]["key"] == "seeds"


@pytest.mark.parametrize(
    "path",
    [
        "/orders/%EF%BC%93",  # a full-width 3
        "/orders/%203",
        "/orders/1_0",
        "/trades/%EF%BC%93",
        "/backtests/%EF%BC%93",
        "/backtests/%EF%BC%93/report",
        "/trades?code=005930%0A",
        "/orders?code=005930%0A",
        "/reports/weekly?week=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-W01",
        "/reports/weekly?week=2026-W01%0A",
        "/system/events?limit=%EF%BC%93",
        "/system/events?limit=3%0A",
    ],
)
def test_ids_codes_weeks_and_counts_in_the_url_are_ascii_and_whole(
    api: RunningApi, path: str
) -> None:
    response = httpx.get(f"{api.base_url}/api/v1{path}", headers=api.auth)

    assert response.status_code == 400


def test_numbers_in_the_query_string_still_parse_from_their_digits(api: RunningApi) -> None:
    events = httpx.get(f"{api.base_url}/api/v1/system/events?limit=3", headers=api.auth)
    trades = httpx.get(f"{api.base_url}/api/v1/trades?page=2&page_size=5", headers=api.auth)
    order = httpx.get(f"{api.base_url}/api/v1/orders/3", headers=api.auth)

    assert events.status_code == 200
    assert trades.json()["page"] == {"total": 0, "page": 2, "page_size": 5}
    assert order.status_code == 404  # a well-formed id of no order
