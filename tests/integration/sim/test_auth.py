from __future__ import annotations

from datetime import timedelta

import httpx

from agent.clock import ManualClock
from tests.integration.sim.conftest import APP_KEY, SECRET, Kiwoom


def test_a_token_is_issued_with_kiwoom_field_names(kiwoom: Kiwoom) -> None:
    response = kiwoom.issue()
    body = response.json()

    assert response.status_code == 200
    assert set(body) == {"expires_dt", "token_type", "token", "return_code", "return_msg"}
    assert body["token_type"] == "Bearer"
    assert body["return_code"] == 0
    assert body["expires_dt"] == "20261125093000"
    assert len(body["token"]) == 86


def test_missing_keys_are_refused_with_8020(kiwoom: Kiwoom) -> None:
    body = kiwoom.issue(appkey="").json()

    assert body["return_code"] == 8020
    assert "appkey 또는 secretkey" in body["return_msg"]


def test_grant_type_is_checked_with_8011_and_8012(kiwoom: Kiwoom) -> None:
    missing = kiwoom.http.post("/oauth2/token", json={"appkey": APP_KEY, "secretkey": SECRET})
    wrong = kiwoom.http.post(
        "/oauth2/token", json={"grant_type": "password", "appkey": APP_KEY, "secretkey": SECRET}
    )

    assert missing.json()["return_code"] == 8011
    assert wrong.json()["return_code"] == 8012


def test_keys_other_than_the_configured_pair_are_refused_with_8001(kiwoom: Kiwoom) -> None:
    assert kiwoom.issue(secretkey="guess").json()["return_code"] == 8001


def test_a_new_token_makes_the_old_one_fail_with_8005(kiwoom: Kiwoom) -> None:
    old = kiwoom.token
    kiwoom.login()
    kiwoom.token = old

    response = kiwoom.call("acnt", "ka00001", {})

    assert response.status_code == 200
    assert response.json() == {
        "return_code": 3,
        "return_msg": "인증에 실패했습니다[8005:Token이 유효하지 않습니다]",
    }


def test_a_token_expires_after_a_day_of_market_time(kiwoom: Kiwoom, clock: ManualClock) -> None:
    assert kiwoom.call("acnt", "ka00001", {}).json()["return_code"] == 0

    clock.advance(timedelta(hours=24).total_seconds())

    assert kiwoom.call("acnt", "ka00001", {}).json()["return_code"] == 3


def test_a_revoked_token_stops_working(kiwoom: Kiwoom) -> None:
    revoked = kiwoom.http.post(
        "/oauth2/revoke", json={"appkey": APP_KEY, "secretkey": SECRET, "token": kiwoom.token}
    )

    assert revoked.json() == {"return_code": 0, "return_msg": "정상적으로 처리되었습니다"}
    assert kiwoom.call("acnt", "ka00001", {}).json()["return_code"] == 3


def test_a_call_without_authorization_is_refused(kiwoom: Kiwoom) -> None:
    response = httpx.post(
        kiwoom.sim.base_url + "/api/dostk/acnt", json={}, headers={"api-id": "ka00001"}
    )

    assert response.json()["return_code"] == 3
    assert "[1513:" in response.json()["return_msg"]
