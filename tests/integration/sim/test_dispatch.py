from __future__ import annotations

import pytest

from krxsim.config import RateProfile
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config


@pytest.fixture
def kiwoom(shared_kiwoom: Kiwoom) -> Kiwoom:
    """These tests only read, so they share one simulator."""
    return shared_kiwoom


def test_a_missing_api_id_is_1501(kiwoom: Kiwoom) -> None:
    body = kiwoom.call("stkinfo", None, {"stk_cd": "005930"}).json()

    assert "[1501:" in body["return_msg"]


def test_an_api_id_on_the_wrong_path_is_1504(kiwoom: Kiwoom) -> None:
    body = kiwoom.call("chart", "ka10001", {"stk_cd": "005930"}).json()

    assert body["return_msg"].endswith(
        "[1504:해당 URI에서는 지원하는 API ID가 아닙니다. API ID=ka10001, URI=/api/dostk/chart]"
    )


def test_an_unknown_api_id_is_1505(kiwoom: Kiwoom) -> None:
    assert "[1505:" in kiwoom.call("stkinfo", "ka99999", {}).json()["return_msg"]


def test_the_api_id_is_echoed_and_paging_headers_are_sent(kiwoom: Kiwoom) -> None:
    response = kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930"})

    assert response.headers["api-id"] == "ka10001"
    assert response.headers["cont-yn"] == "N"
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("first_headers", [{}, {"cont_yn": "N", "next_key": ""}])
def test_minute_bars_come_900_a_page_newest_first(
    kiwoom: Kiwoom, first_headers: dict[str, str]
) -> None:
    body = {"stk_cd": "005930", "tic_scope": "1", "upd_stkpc_tp": "1"}
    first = kiwoom.call("chart", "ka10080", body, **first_headers)
    rows = first.json()["stk_min_pole_chart_qry"]

    assert len(rows) == 900
    assert first.headers["cont-yn"] == "Y"
    assert rows[0]["cntr_tm"] > rows[1]["cntr_tm"]
    assert rows[0]["cntr_tm"].startswith("20261124093")

    second = kiwoom.call("chart", "ka10080", body, cont_yn="Y", next_key=first.headers["next-key"])
    more = second.json()["stk_min_pole_chart_qry"]

    assert more[0]["cntr_tm"] < rows[-1]["cntr_tm"]
    pages = [rows, more]
    while second.headers["cont-yn"] == "Y":
        second = kiwoom.call(
            "chart", "ka10080", body, cont_yn="Y", next_key=second.headers["next-key"]
        )
        pages.append(second.json()["stk_min_pole_chart_qry"])
    times = [row["cntr_tm"] for page in pages for row in page]
    assert len(times) == len(set(times))


def test_the_mock_profile_allows_a_burst_of_two_then_one_call_a_second_per_api_id() -> None:
    with RunningSimulator(config(rate_profile=RateProfile.MOCK)) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        burst = [kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930"}) for _ in range(2)]
        third = kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930"})
        other = kiwoom.call("acnt", "ka00001", {})
        kiwoom.close()

    assert [r.status_code for r in burst] == [200, 200]
    assert third.status_code == 429
    assert third.json() == {
        "return_code": 5,
        "return_msg": "허용된 요청 개수를 초과하였습니다"
        "[1700:허용된 API 요청 개수를 초과하였습니다. 유량=1, API ID=ka10001]",
    }
    assert other.json()["return_code"] == 0


def test_the_real_profile_allows_five_a_second() -> None:
    with RunningSimulator(config(rate_profile=RateProfile.REAL)) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        codes = [kiwoom.call("acnt", "ka00001", {}).status_code for _ in range(6)]
        kiwoom.close()

    assert codes[:5] == [200] * 5
    assert codes[5] == 429
