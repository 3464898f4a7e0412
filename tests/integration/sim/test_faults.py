from __future__ import annotations

import httpx
import pytest

from krxsim.config import FaultConfig
from krxsim.server.faults import Fault, FaultKind
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config


def test_an_order_can_time_out_after_the_exchange_accepted_it(kiwoom: Kiwoom) -> None:
    kiwoom.sim.runtime.faults.next("kt10000", Fault(FaultKind.DELAY_AFTER, 0.8))
    body = {
        "dmst_stex_tp": "KRX",
        "stk_cd": "005930",
        "ord_qty": "1",
        "ord_uv": "",
        "trde_tp": "3",
        "cond_uv": "",
    }

    with pytest.raises(httpx.ReadTimeout):
        kiwoom.http.post(
            "/api/dostk/ordr",
            json=body,
            headers={"authorization": f"Bearer {kiwoom.token}", "api-id": "kt10000"},
            timeout=0.3,
        )

    fills = kiwoom.call(
        "acnt",
        "ka10076",
        {"qry_tp": "0", "sell_tp": "0", "stk_cd": "", "ord_no": "", "stex_tp": "0"},
    ).json()["cntr"]
    assert [f["ord_no"] for f in fills] == ["0000001"]


def test_a_scripted_5xx_answers_http_500(kiwoom: Kiwoom) -> None:
    kiwoom.sim.runtime.faults.next("ka10001", Fault(FaultKind.FAIL_5XX))

    assert kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930"}).status_code == 500
    assert kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930"}).status_code == 200


def test_a_forced_429_looks_like_a_real_rate_limit(kiwoom: Kiwoom) -> None:
    kiwoom.sim.runtime.faults.next("ka10001", Fault(FaultKind.RATE_LIMIT))

    response = kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930"})

    assert response.status_code == 429
    assert response.json()["return_code"] == 5
    assert "[1700:" in response.json()["return_msg"]


def test_an_invalidated_token_fails_until_a_new_one_is_issued(kiwoom: Kiwoom) -> None:
    kiwoom.sim.runtime.faults.next("ka00001", Fault(FaultKind.INVALIDATE_TOKEN))

    assert kiwoom.call("acnt", "ka00001", {}).json()["return_code"] == 3
    kiwoom.login()
    assert kiwoom.call("acnt", "ka00001", {}).json()["return_code"] == 0


def test_a_scripted_rejection_is_rc20(kiwoom: Kiwoom) -> None:
    kiwoom.sim.runtime.faults.next("kt10000", Fault(FaultKind.REJECT))

    assert kiwoom.buy("005930", 1).json()["return_code"] == 20
    assert kiwoom.buy("005930", 1).json()["return_code"] == 0


def test_a_scripted_partial_fill_leaves_the_rest_open(kiwoom: Kiwoom) -> None:
    kiwoom.sim.runtime.faults.next("kt10000", Fault(FaultKind.PARTIAL_FILL))

    ord_no = kiwoom.buy("005930", 10).json()["ord_no"]

    oso = kiwoom.call(
        "acnt", "ka10075", {"all_stk_tp": "0", "trde_tp": "0", "stk_cd": "", "stex_tp": "0"}
    ).json()["oso"]
    assert [(o["ord_no"], o["oso_qty"], o["cntr_qty"]) for o in oso] == [(ord_no, "5", "5")]


def test_configured_faults_apply_to_every_call() -> None:
    faults = FaultConfig(http_5xx_per_mille=1000)
    with RunningSimulator(config(faults=faults)) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.token = "never-issued"
        statuses = [kiwoom.issue().status_code, kiwoom.call("acnt", "ka00001", {}).status_code]
        kiwoom.close()

    assert statuses == [500, 500]


def test_tokens_can_be_invalidated_every_n_calls() -> None:
    with RunningSimulator(config(faults=FaultConfig(invalidate_token_after_calls=2))) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        codes = [kiwoom.call("acnt", "ka00001", {}).json()["return_code"] for _ in range(3)]
        kiwoom.close()

    assert codes == [0, 0, 3]


def test_a_dropped_call_never_answers_before_the_client_gives_up() -> None:
    with RunningSimulator(
        config(faults=FaultConfig(drop_per_mille=1000, drop_hold_seconds=0.6))
    ) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.token = "unused"
        with pytest.raises(httpx.ReadTimeout):
            kiwoom.http.post("/api/dostk/acnt", json={}, headers={"api-id": "ka00001"}, timeout=0.2)
        kiwoom.close()


def test_the_token_endpoint_can_fail_too(kiwoom: Kiwoom) -> None:
    kiwoom.sim.runtime.faults.next("au10001", Fault(FaultKind.FAIL_5XX))

    assert kiwoom.issue().status_code == 500
    assert kiwoom.issue().json()["return_code"] == 0


def test_faults_can_be_scripted_over_http_for_a_separate_process(kiwoom: Kiwoom) -> None:
    scripted = kiwoom.http.post(
        "/sim/faults/next", json={"api_id": "kt10000", "faults": [{"kind": "reject"}]}
    )

    assert scripted.json() == {"scripted": 1, "api_id": "kt10000"}
    assert kiwoom.buy("005930", 1).json()["return_code"] == 20
