"""The account the agent shares with its owner, over HTTP: long-term holdings and 미수 room."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest

from agent.clock import ManualClock
from krxsim.config import StartingHolding
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config
from tests.integration.sim.test_realtime import frames, logged_in, register

HELD = (
    StartingHolding(code="005930", qty=120, avg_price=61_500),
    StartingHolding(code="000660", qty=7, avg_price=185_000),
)
BALANCE = {"qry_tp": "1", "dmst_stex_tp": "KRX"}


@pytest.fixture
def shared(clock: ManualClock) -> Iterator[Kiwoom]:
    sim_config = config(holdings=HELD, initial_cash=1_000_000, margin_room_won=3_000_000)
    with RunningSimulator(sim_config, clock=clock) as sim:
        client = Kiwoom(sim)
        client.login()
        yield client
        client.close()


def rows_by_code(body: dict[str, Any], key: str) -> dict[str, dict[str, str]]:
    return {row["stk_cd"]: row for row in body[key]}


def sim_account(kiwoom: Kiwoom) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(kiwoom.sim.base_url + "/sim/account").json()
    return body


def test_kt00018_lists_the_holdings_the_day_started_with(shared: Kiwoom) -> None:
    body = shared.call("acnt", "kt00018", BALANCE).json()
    rows = rows_by_code(body, "acnt_evlt_remn_indv_tot")
    quote = shared.call("stkinfo", "ka10001", {"stk_cd": "005930"}).json()

    assert sorted(rows) == ["A000660", "A005930"]
    samsung = rows["A005930"]
    assert samsung["pur_pric"] == "000000000061500"
    assert samsung["rmnd_qty"] == "000000000000120"
    assert samsung["trde_able_qty"] == "000000000000120"
    assert int(samsung["pred_close_pric"]) == int(quote["base_pric"])
    assert samsung["tdy_buyq"] == "000000000000000"
    assert int(body["tot_pur_amt"]) == 120 * 61_500 + 7 * 185_000


def test_kt00004_lists_them_too(shared: Kiwoom) -> None:
    body = shared.call("acnt", "kt00004", {"qry_tp": "0", "dmst_stex_tp": "KRX"}).json()
    rows = rows_by_code(body, "stk_acnt_evlt_prst")

    assert rows["A000660"]["rmnd_qty"] == "000000000007"
    assert rows["A000660"]["avg_prc"] == "000000185000"


def test_a_held_stock_is_sold_like_any_holding(shared: Kiwoom) -> None:
    body = {
        "dmst_stex_tp": "KRX",
        "stk_cd": "005930",
        "ord_qty": "20",
        "ord_uv": "",
        "trde_tp": "3",
        "cond_uv": "",
    }
    sold = shared.call("ordr", "kt10001", body).json()
    rows = rows_by_code(shared.call("acnt", "kt00018", BALANCE).json(), "acnt_evlt_remn_indv_tot")

    assert sold["return_code"] == 0
    assert rows["A005930"]["rmnd_qty"] == "000000000000100"
    assert rows["A005930"]["tdy_sellq"] == "000000000000020"
    assert rows["A005930"]["pur_pric"] == "000000000061500"


@pytest.mark.anyio
async def test_the_balance_push_after_selling_a_held_stock_counts_the_old_shares(
    shared: Kiwoom,
) -> None:
    body = {
        "dmst_stex_tp": "KRX",
        "stk_cd": "000660",
        "ord_qty": "2",
        "ord_uv": "",
        "trde_tp": "3",
        "cond_uv": "",
    }
    async with logged_in(shared.sim, shared.token) as ws:
        await register(ws, [""], ["04"])
        assert shared.call("ordr", "kt10001", body).json()["return_code"] == 0
        with anyio.fail_after(5):
            async for frame in frames(ws):
                balances = [d for d in frame.get("data", []) if d["type"] == "04"]
                if balances:
                    break

    values = balances[0]["values"]
    assert (values["9001"], values["930"], values["931"], values["933"]) == (
        "000660",
        "5",
        "185000",
        "5",
    )


def test_with_margin_room_the_orderable_amount_exceeds_the_cash(shared: Kiwoom) -> None:
    body = shared.call("acnt", "kt00001", {"qry_tp": "3"}).json()

    assert body["entr"] == "000000001000000"
    assert body["ord_alow_amt"] == "000000004000000"
    assert body["100stk_ord_alow_amt"] == "000000001000000"
    assert int(body["100stk_ord_alow_amt"]) < int(body["ord_alow_amt"])
    assert all(len(body[k]) == 15 for k in ("entr", "ord_alow_amt", "100stk_ord_alow_amt"))


def test_a_buy_beyond_the_cash_within_the_room_is_accepted_and_the_cash_goes_negative(
    shared: Kiwoom,
) -> None:
    book = shared.call("mrkcond", "ka10004", {"stk_cd": "035720"}).json()
    ask = int(book["sel_fpr_bid"].lstrip("+-"))
    qty = 2_000_000 // ask

    bought = shared.buy("035720", qty, price=str(ask), trde_tp="0").json()
    deposit = shared.call("acnt", "kt00001", {"qry_tp": "3"}).json()
    account = sim_account(shared)

    assert bought["return_code"] == 0
    assert deposit["entr"].startswith("-")
    assert len(deposit["entr"]) == 15
    assert int(deposit["entr"]) == account["cash"] < 0
    assert account["min_cash"] == account["cash"]
    assert int(deposit["100stk_ord_alow_amt"]) < 0 < int(deposit["ord_alow_amt"])


def test_a_buy_beyond_cash_and_room_is_refused(shared: Kiwoom) -> None:
    book = shared.call("mrkcond", "ka10004", {"stk_cd": "035720"}).json()
    ask = int(book["sel_fpr_bid"].lstrip("+-"))

    refused = shared.buy("035720", 4_100_000 // ask, price=str(ask), trde_tp="0").json()

    assert refused == {
        "return_code": 20,
        "return_msg": "[2000](RC4025:모의투자 주문가능금액이 부족합니다.)",
    }
    assert sim_account(shared)["min_cash"] == 1_000_000


def test_a_cash_account_never_goes_below_zero(kiwoom: Kiwoom) -> None:
    kiwoom.buy("005930", 50)
    deposit = kiwoom.call("acnt", "kt00001", {"qry_tp": "3"}).json()
    account = sim_account(kiwoom)

    assert account["margin_room"] == 0
    assert account["min_cash"] >= 0
    assert deposit["ord_alow_amt"] == deposit["100stk_ord_alow_amt"]
