from __future__ import annotations

import re

import pytest

from tests.integration.sim.conftest import Kiwoom

SIGNED = re.compile(r"^[+-]?\d+$")


@pytest.fixture
def kiwoom(shared_kiwoom: Kiwoom) -> Kiwoom:
    """These tests only read, so they share one simulator."""
    return shared_kiwoom


def test_basic_info_answers_strings_with_signed_prices(kiwoom: Kiwoom) -> None:
    body = kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930"}).json()

    assert body["return_code"] == 0
    assert body["stk_nm"] == "삼성전자"
    assert all(isinstance(v, str) for k, v in body.items() if k != "return_code")
    base = int(body["base_pric"])
    price = int(body["cur_prc"].lstrip("+-"))
    assert body["cur_prc"][0] == ("+" if price > base else "-") or price == base
    assert int(body["pred_pre"]) == price - base
    assert body["upl_pric"].startswith("+")
    assert body["lst_pric"].startswith("-")


def test_an_unknown_code_is_rc7_with_1902(kiwoom: Kiwoom) -> None:
    body = kiwoom.call("stkinfo", "ka10001", {"stk_cd": "118970"}).json()

    assert body == {
        "return_code": 7,
        "return_msg": "서비스를 처리하는 중에 오류가 발생했습니다"
        "[1902:종목 정보가 없습니다. 입력한 종목코드 값을 확인바랍니다. 종목코드=118970]",
    }


def test_a_prefixed_code_is_rc5(kiwoom: Kiwoom) -> None:
    assert kiwoom.call("stkinfo", "ka10001", {"stk_cd": "KRX:005930"}).json()["return_code"] == 5


def test_exchange_suffixed_codes_are_accepted_and_echoed(kiwoom: Kiwoom) -> None:
    body = kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930_AL"}).json()

    assert body["stk_cd"] == "005930_AL"


def test_a_missing_field_is_rc2_with_1511(kiwoom: Kiwoom) -> None:
    body = kiwoom.call("chart", "ka10081", {"stk_cd": "005930", "upd_stkpc_tp": "1"}).json()

    assert body == {
        "return_code": 2,
        "return_msg": "입력 값 오류입니다"
        "[1511:필수 입력 값에 값이 존재하지 않습니다. 필수입력 파라미터=base_dt]",
    }


def test_the_multi_quote_takes_codes_joined_by_bars_up_to_100(kiwoom: Kiwoom) -> None:
    codes = list(kiwoom.sim.runtime.venue.market.listings)
    ok = kiwoom.call("stkinfo", "ka10095", {"stk_cd": "|".join(codes[:100])}).json()
    too_many = kiwoom.call("stkinfo", "ka10095", {"stk_cd": "|".join(codes[:101])}).json()

    assert len(ok["atn_stk_infr"]) == 100
    assert too_many["return_code"] == 5
    assert "[1634" in too_many["return_msg"]


def test_the_order_book_has_ten_levels_with_kiwoom_names(kiwoom: Kiwoom) -> None:
    body = kiwoom.call("mrkcond", "ka10004", {"stk_cd": "005930"}).json()

    assert SIGNED.match(body["sel_fpr_bid"])
    assert SIGNED.match(body["buy_10th_pre_bid"])
    assert "sel_2th_pre_req" in body
    assert int(body["sel_fpr_bid"].lstrip("+-")) > int(body["buy_fpr_bid"].lstrip("+-"))


def test_turnover_leaders_are_ranked_by_traded_value(kiwoom: Kiwoom) -> None:
    body = kiwoom.call(
        "rkinfo", "ka10032", {"mrkt_tp": "000", "mang_stk_incls": "0", "stex_tp": "3"}
    ).json()
    rows = body["trde_prica_upper"]

    assert [r["now_rank"] for r in rows[:3]] == ["1", "2", "3"]
    values = [int(r["trde_prica"]) for r in rows]
    assert values == sorted(values, reverse=True)


def test_volume_leaders_movers_and_surges_answer_their_list_keys(kiwoom: Kiwoom) -> None:
    volume = kiwoom.call(
        "rkinfo",
        "ka10030",
        {
            "mrkt_tp": "000",
            "sort_tp": "1",
            "mang_stk_incls": "0",
            "crd_tp": "0",
            "trde_qty_tp": "0",
            "pric_tp": "0",
            "trde_prica_tp": "0",
            "mrkt_open_tp": "0",
            "stex_tp": "3",
        },
    ).json()
    movers = kiwoom.call(
        "rkinfo",
        "ka10027",
        {
            "mrkt_tp": "000",
            "sort_tp": "1",
            "trde_qty_cnd": "0000",
            "stk_cnd": "0",
            "crd_cnd": "0",
            "updown_incls": "1",
            "pric_cnd": "0",
            "trde_prica_cnd": "0",
            "stex_tp": "3",
        },
    ).json()
    surges = kiwoom.call(
        "rkinfo",
        "ka10023",
        {
            "mrkt_tp": "000",
            "sort_tp": "2",
            "tm_tp": "2",
            "trde_qty_tp": "5",
            "tm": "",
            "stk_cnd": "0",
            "pric_tp": "0",
            "stex_tp": "3",
        },
    ).json()

    volumes = [int(r["trde_qty"]) for r in volume["tdy_trde_qty_upper"]]
    assert volumes == sorted(volumes, reverse=True)
    rates = [float(r["flu_rt"]) for r in movers["pred_pre_flu_rt_upper"]]
    assert rates == sorted(rates, reverse=True)
    assert surges["trde_qty_sdnin"]


def test_the_day_chart_starts_with_today_unsigned(kiwoom: Kiwoom) -> None:
    body = kiwoom.call(
        "chart", "ka10081", {"stk_cd": "005930", "base_dt": "20261124", "upd_stkpc_tp": "1"}
    ).json()
    rows = body["stk_dt_pole_chart_qry"]

    assert rows[0]["dt"] == "20261124"
    assert rows[1]["dt"] == "20261123"
    assert rows[0]["cur_prc"].isdigit()
    assert SIGNED.match(rows[0]["pred_pre"])


def test_the_vi_list_shows_the_day_s_interruptions(kiwoom: Kiwoom) -> None:
    body = kiwoom.call(
        "stkinfo",
        "ka10054",
        {
            "mrkt_tp": "000",
            "bf_mkrt_tp": "0",
            "stk_cd": "",
            "motn_tp": "0",
            "skip_stk": "000000000",
            "trde_qty_tp": "0",
            "min_trde_qty": "",
            "max_trde_qty": "",
            "trde_prica_tp": "0",
            "min_trde_prica": "",
            "max_trde_prica": "",
            "motn_drc": "0",
            "stex_tp": "1",
        },
    ).json()

    assert body["return_code"] == 0
    for row in body["motn_stk"]:
        assert row["viaplc_tp"] in ("정적", "동적")


def test_the_listing_list_gives_one_market_s_codes(kiwoom: Kiwoom) -> None:
    kospi = kiwoom.call("stkinfo", "ka10099", {"mrkt_tp": "0"}).json()["list"]
    kosdaq = kiwoom.call("stkinfo", "ka10099", {"mrkt_tp": "10"}).json()["list"]

    assert {r["marketCode"] for r in kospi} == {"0"}
    assert {r["marketCode"] for r in kosdaq} == {"10"}
    assert len(kospi) + len(kosdaq) == len(kiwoom.sim.runtime.venue.market.listings)
    samsung = next(r for r in kospi if r["code"] == "005930")
    assert samsung["name"] == "삼성전자"


def test_one_listing_is_answered_flat(kiwoom: Kiwoom) -> None:
    body = kiwoom.call("stkinfo", "ka10100", {"stk_cd": "000660"}).json()

    assert body["name"] == "SK하이닉스"
    assert body["return_code"] == 0


def test_daily_prices_run_newest_first_to_the_query_date(kiwoom: Kiwoom) -> None:
    body = kiwoom.call(
        "mrkcond", "ka10086", {"stk_cd": "005930", "qry_dt": "20261123", "indc_tp": "0"}
    ).json()
    rows = body["daly_stkpc"]

    assert rows[0]["date"] == "20261123"
    assert rows[1]["date"] == "20261120"
    assert SIGNED.match(rows[0]["close_pric"])


def test_volume_surges_against_minutes_ago_rank_by_rate(kiwoom: Kiwoom) -> None:
    body = kiwoom.call(
        "rkinfo",
        "ka10023",
        {
            "mrkt_tp": "000",
            "sort_tp": "2",
            "tm_tp": "1",
            "trde_qty_tp": "5",
            "tm": "5",
            "stk_cnd": "0",
            "pric_tp": "0",
            "stex_tp": "3",
        },
    ).json()
    rows = body["trde_qty_sdnin"]

    rates = [float(r["sdnin_rt"]) for r in rows]
    assert rates == sorted(rates, reverse=True)
    assert all(int(r["now_trde_qty"]) >= int(r["prev_trde_qty"]) for r in rows)
