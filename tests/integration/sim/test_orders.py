from __future__ import annotations

from datetime import datetime

from agent.clock import KST, ManualClock
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config


def test_a_market_buy_is_accepted_with_a_seven_digit_order_number(kiwoom: Kiwoom) -> None:
    body = kiwoom.buy("005930", 3).json()

    assert body["return_code"] == 0
    assert body["return_msg"] == "매수주문이 완료되었습니다."
    assert body["dmst_stex_tp"] == "KRX"
    assert len(body["ord_no"]) == 7
    assert body["ord_no"].isdigit()


def test_an_off_tick_price_is_rejected_with_rc20_rc4003(kiwoom: Kiwoom) -> None:
    body = kiwoom.buy("005930", 1, price="70050", trde_tp="0").json()

    assert body == {"return_code": 20, "return_msg": "[2000](RC4003:모의투자 호가단위 오류입니다.)"}


def test_orders_before_the_session_are_rc4057_and_after_rc4058() -> None:
    early = ManualClock(datetime(2026, 11, 24, 8, 0, tzinfo=KST))
    with RunningSimulator(config(), clock=early) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        before = kiwoom.buy("005930", 1).json()
        early.set(datetime(2026, 11, 24, 15, 40, tzinfo=KST))
        after = kiwoom.buy("005930", 1).json()
        kiwoom.close()

    assert before == {"return_code": 20, "return_msg": "[2000](RC4057:모의투자 장시작전)"}
    assert after == {"return_code": 20, "return_msg": "[2000](RC4058:모의투자 장종료)"}


def test_a_fill_shows_in_holdings_with_a_prefixed_code_and_padded_amounts(kiwoom: Kiwoom) -> None:
    kiwoom.buy("005930", 3)

    body = kiwoom.call("acnt", "kt00018", {"qry_tp": "1", "dmst_stex_tp": "KRX"}).json()
    row = body["acnt_evlt_remn_indv_tot"][0]

    assert row["stk_cd"] == "A005930"
    assert row["rmnd_qty"] == "000000000000003"
    assert len(row["cur_prc"]) == 12
    assert len(body["tot_pur_amt"]) == 15
    evlt, pur = int(row["evlt_amt"]), int(row["pur_amt"])
    costs = int(row["sum_cmsn"]) + int(row["tax"])
    assert int(row["evltv_prft"]) == evlt - pur - costs


def test_the_deposit_drops_by_the_purchase_and_commission(kiwoom: Kiwoom) -> None:
    before = int(kiwoom.call("acnt", "kt00001", {"qry_tp": "3"}).json()["entr"])
    kiwoom.buy("005930", 10)
    fills = kiwoom.call(
        "acnt",
        "ka10076",
        {"qry_tp": "0", "sell_tp": "0", "stk_cd": "", "ord_no": "", "stex_tp": "0"},
    ).json()["cntr"]

    after = kiwoom.call("acnt", "kt00001", {"qry_tp": "3"}).json()

    spent = int(fills[0]["cntr_tot_amt"]) + int(fills[0]["tdy_trde_cmsn"])
    assert int(after["entr"]) == before - spent
    assert len(after["entr"]) == 15


def test_an_open_order_is_listed_then_modified_then_cancelled(kiwoom: Kiwoom) -> None:
    book = kiwoom.call("mrkcond", "ka10004", {"stk_cd": "005930"}).json()
    low = int(book["buy_10th_pre_bid"].lstrip("+-"))
    ord_no = kiwoom.buy("005930", 5, price=str(low), trde_tp="0").json()["ord_no"]

    oso = kiwoom.call(
        "acnt", "ka10075", {"all_stk_tp": "1", "trde_tp": "0", "stk_cd": "005930", "stex_tp": "0"}
    ).json()["oso"]
    assert [(o["ord_no"], o["oso_qty"], o["io_tp_nm"]) for o in oso] == [(ord_no, "5", "+매수")]

    modified = kiwoom.call(
        "ordr",
        "kt10002",
        {
            "dmst_stex_tp": "KRX",
            "orig_ord_no": ord_no,
            "stk_cd": "005930",
            "mdfy_qty": "0",
            "mdfy_uv": str(low - 100),
            "mdfy_cond_uv": "",
        },
    ).json()
    assert modified["base_orig_ord_no"] == ord_no
    assert modified["mdfy_qty"] == "000000000005"

    cancelled = kiwoom.call(
        "ordr",
        "kt10003",
        {
            "dmst_stex_tp": "KRX",
            "orig_ord_no": modified["ord_no"],
            "stk_cd": "005930",
            "cncl_qty": "0",
        },
    ).json()
    assert cancelled["return_msg"] == "매수취소 주문입력이 완료되었습니다"
    assert cancelled["cncl_qty"] == "000000000005"
    left = kiwoom.call(
        "acnt", "ka10075", {"all_stk_tp": "0", "trde_tp": "0", "stk_cd": "", "stex_tp": "0"}
    ).json()["oso"]
    assert left == []


def test_a_resting_order_fills_as_the_clock_moves(kiwoom: Kiwoom, clock: ManualClock) -> None:
    venue = kiwoom.sim.runtime.venue
    day = venue.market.day("005930")
    k = venue.market.index("005930", clock.now())
    ahead = day.print_price[k + 1 : k + 360][day.qty[k + 1 : k + 360] != 0]
    price = int(ahead.min())
    ord_no = kiwoom.buy("005930", 2, price=str(price), trde_tp="0").json()["ord_no"]

    clock.advance(1800)
    rows = kiwoom.call(
        "acnt",
        "ka10076",
        {"qry_tp": "0", "sell_tp": "0", "stk_cd": "", "ord_no": "", "stex_tp": "0"},
    ).json()["cntr"]

    assert [r["ord_no"] for r in rows] == [ord_no]
    assert rows[0]["cntr_qty"] == "2"
    assert rows[0]["cntr_pric"] == str(price)


def test_the_account_evaluation_is_twelve_wide(kiwoom: Kiwoom) -> None:
    kiwoom.buy("005930", 4)

    body = kiwoom.call("acnt", "kt00004", {"qry_tp": "0", "dmst_stex_tp": "KRX"}).json()

    assert len(body["entr"]) == 12
    assert body["stk_acnt_evlt_prst"][0]["stk_cd"] == "A005930"
    assert body["stk_acnt_evlt_prst"][0]["rmnd_qty"] == "000000000004"


def test_the_simulator_lists_every_order_it_took_cancelled_ones_included(kiwoom: Kiwoom) -> None:
    book = kiwoom.call("mrkcond", "ka10004", {"stk_cd": "005930"}).json()
    low = int(book["buy_10th_pre_bid"].lstrip("+-"))
    ord_no = kiwoom.buy("005930", 3, price=str(low), trde_tp="0").json()["ord_no"]
    cancel = {"dmst_stex_tp": "KRX", "orig_ord_no": ord_no, "stk_cd": "005930", "cncl_qty": "0"}
    cancel_no = kiwoom.call("ordr", "kt10003", cancel).json()["ord_no"]

    listed = kiwoom.http.get("/sim/orders").json()["orders"]

    rows = {row["ord_no"]: row for row in listed}
    assert (rows[ord_no]["action"], rows[ord_no]["qty"]) == ("", 3)
    assert (rows[ord_no]["filled"], rows[ord_no]["cancelled"], rows[ord_no]["open"]) == (
        0,
        3,
        False,
    )
    assert (rows[cancel_no]["action"], rows[cancel_no]["orig_ord_no"]) == ("취소", ord_no)
