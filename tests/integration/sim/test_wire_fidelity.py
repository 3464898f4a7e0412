"""Wire details of Kiwoom's servers (kiwoom-rest-api.md §3.3, §5.2, §5.3) over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from krxsim.config import RateProfile
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config

EXPOSED = "api-id, cont-yn, next-key"


def test_a_third_back_to_back_call_of_one_api_id_gets_429_on_the_mock_profile() -> None:
    with RunningSimulator(config(rate_profile=RateProfile.MOCK)) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        answers = [kiwoom.call("acnt", "ka00001", {}) for _ in range(3)]
        kiwoom.close()

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].json() == {
        "return_code": 5,
        "return_msg": "허용된 요청 개수를 초과하였습니다"
        "[1700:허용된 API 요청 개수를 초과하였습니다. 유량=1, API ID=ka00001]",
    }


def test_every_response_exposes_the_paging_headers(kiwoom: Kiwoom) -> None:
    base = kiwoom.sim.base_url
    answers = [
        kiwoom.issue(),
        kiwoom.call("acnt", "ka00001", {}),
        kiwoom.call("acnt", None, {}),
        kiwoom.call("acnt", "ka00001", {}, authorization="Bearer nope"),
        httpx.get(base + "/sim/clock"),
        httpx.get(base + "/news/v1/scores?codes=005930"),
        httpx.get(base + "/no/such/path"),
    ]

    assert [a.headers.get("access-control-expose-headers") for a in answers] == [EXPOSED] * 7
    assert answers[-1].status_code == 404


@pytest.mark.parametrize(
    ("category", "api_id", "body", "missing"),
    [
        ("rkinfo", "ka10032", {"mrkt_tp": "000", "stex_tp": "1"}, "mang_stk_incls"),
        ("rkinfo", "ka10032", {"mrkt_tp": "000", "mang_stk_incls": "0"}, "stex_tp"),
        ("rkinfo", "ka10032", {"mrkt_tp": "000", "mang_stk_incls": "0", "stex_tp": ""}, "stex_tp"),
        ("acnt", "ka10075", {"all_stk_tp": "0", "trde_tp": "0", "stk_cd": ""}, "stex_tp"),
        ("acnt", "ka10076", {"qry_tp": "0", "ord_no": "", "stex_tp": "0"}, "sell_tp"),
        ("acnt", "ka10076", {"qry_tp": "0", "sell_tp": "0", "ord_no": ""}, "stex_tp"),
        ("acnt", "kt00018", {"qry_tp": "1"}, "dmst_stex_tp"),
        ("acnt", "kt00018", {"qry_tp": "1", "dmst_stex_tp": " "}, "dmst_stex_tp"),
    ],
)
def test_a_missing_required_field_is_rc2_1511_naming_it(
    shared_kiwoom: Kiwoom, category: str, api_id: str, body: dict[str, str], missing: str
) -> None:
    answer = shared_kiwoom.call(category, api_id, body)

    assert answer.status_code == 200
    assert answer.json() == {
        "return_code": 2,
        "return_msg": "입력 값 오류입니다[1511:필수 입력 값에 값이 존재하지 않습니다. "
        f"필수입력 파라미터={missing}]",
    }


def test_ka10076_lists_only_executions_of_orders_below_the_ord_no_base(kiwoom: Kiwoom) -> None:
    numbers = [kiwoom.buy("005930", 1).json()["ord_no"] for _ in range(3)]

    def listed(base: str) -> list[str]:
        body = {"qry_tp": "0", "sell_tp": "0", "stk_cd": "", "ord_no": base, "stex_tp": "0"}
        return [row["ord_no"] for row in kiwoom.call("acnt", "ka10076", body).json()["cntr"]]

    assert listed("") == sorted(numbers, reverse=True)
    assert listed(numbers[2]) == [numbers[1], numbers[0]]
    assert listed(numbers[1]) == [numbers[0]]
    assert listed(numbers[0]) == []
    assert listed(str(int(numbers[2]) + 1).zfill(7)) == sorted(numbers, reverse=True)
