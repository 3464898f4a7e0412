from __future__ import annotations

from datetime import date, datetime

import pytest

from agent.broker.market import BookLevel
from agent.clock import KST
from agent.kiwoom.client import KiwoomClient

from .conftest import FakeKiwoom, ok, reply

pytestmark = pytest.mark.anyio


async def test_stock_info_converts_signed_prices_and_rates(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "ka10001",
        reply(
            ok(
                stk_cd="005930",
                stk_nm="삼성전자",
                cur_prc="-152000",
                pred_pre="-100",
                flu_rt="-0.07",
                trde_qty="34954641",
                open_pric="+152500",
                high_pric="+153000",
                low_pric="-151000",
                upl_pric="+197600",
                lst_pric="-106400",
                base_pric="152100",
                exp_cntr_pric="0",
                exp_cntr_qty="0",
            )
        ),
    )

    info = await client.stock_info("005930")

    assert (info.price, info.change, info.rate_bp) == (152000, -100, -7)
    assert (info.upper_limit, info.lower_limit, info.low) == (197600, 106400, 151000)


async def test_multi_quote_joins_codes_with_a_bar_and_splits_above_100(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    codes = [f"{n:06d}" for n in range(250)]

    def answer(request: object) -> object:
        return reply(
            ok(
                atn_stk_infr=[
                    {
                        "stk_cd": "005930",
                        "cur_prc": "+74800",
                        "trde_prica": "648525",
                        "cntr_str": "98.92",
                    }
                ]
            )
        )

    kiwoom.script("ka10095", *[lambda r: answer(r) for _ in range(3)])  # type: ignore[misc]

    rows = await client.quotes(codes)

    sent = [body["stk_cd"].split("|") for body in kiwoom.bodies("ka10095")]
    assert [len(batch) for batch in sent] == [100, 100, 50]
    assert [code for batch in sent for code in batch] == codes
    assert len(rows) == 3
    assert (rows[0].price, rows[0].turnover_won, rows[0].strength_bp) == (
        74800,
        648_525_000_000,
        9892,
    )


async def test_order_book_reads_ten_levels_with_the_odd_field_spelling(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    fields = {
        "bid_req_base_tm": "090105",
        "sel_fpr_bid": "+74900",
        "sel_fpr_req": "1200",
        "buy_fpr_bid": "+74800",
        "buy_fpr_req": "800",
        "tot_sel_req": "50000",
        "tot_buy_req": "40000",
    }
    for n in range(2, 11):
        fields[f"sel_{n}th_pre_bid"] = f"+{74900 + 100 * (n - 1)}"
        fields[f"sel_{n}th_pre_req"] = str(n)
        fields[f"buy_{n}th_pre_bid"] = (
            f"-{74800 - 100 * (n - 1)}" if n > 5 else f"+{74800 - 100 * (n - 1)}"
        )
        fields[f"buy_{n}th_pre_req"] = str(10 * n)
    kiwoom.script("ka10004", reply(ok(**fields)))

    book = await client.order_book("005930")

    assert book.asks[0] == BookLevel(74900, 1200)
    assert book.asks[2] == BookLevel(75100, 3)
    assert book.bids[9] == BookLevel(73900, 100)
    assert len(book.asks) == len(book.bids) == 10
    assert book.time == datetime(2026, 3, 3, 9, 1, 5, tzinfo=KST)
    assert (book.total_ask_qty, book.total_bid_qty) == (50000, 40000)
    assert kiwoom.calls("ka10004")[0].url.path == "/api/dostk/mrkcond"


async def test_minute_bars_are_unsigned_and_dated_in_korea_time(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    row = {
        "cur_prc": "-78800",
        "trde_qty": "7913",
        "cntr_tm": "20250917132000",
        "open_pric": "-78850",
        "high_pric": "-78900",
        "low_pric": "-78800",
        "acc_trde_qty": "14947571",
        "pred_pre": "-600",
        "pred_pre_sig": "5",
    }
    kiwoom.script("ka10080", reply(ok(stk_cd="005930", stk_min_pole_chart_qry=[row])))

    (bar,) = await client.minute_bars("005930", 1)

    assert bar.time == datetime(2025, 9, 17, 13, 20, tzinfo=KST)
    assert (bar.open, bar.high, bar.low, bar.close, bar.volume) == (
        78850,
        78900,
        78800,
        78800,
        7913,
    )
    assert kiwoom.bodies("ka10080") == [{"stk_cd": "005930", "tic_scope": "1", "upd_stkpc_tp": "1"}]


async def test_daily_bars_send_a_base_date_and_read_turnover_in_millions(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    row = {
        "cur_prc": "70100",
        "trde_qty": "9263135",
        "trde_prica": "648525",
        "dt": "20250908",
        "open_pric": "69800",
        "high_pric": "70500",
        "low_pric": "69600",
        "pred_pre": "+600",
        "pred_pre_sig": "2",
        "trde_tern_rt": "+0.16",
    }
    kiwoom.script("ka10081", reply(ok(stk_cd="005930", stk_dt_pole_chart_qry=[row])))

    (bar,) = await client.daily_bars("005930")

    assert kiwoom.bodies("ka10081")[0]["base_dt"] == "20260303"
    assert (bar.day, bar.close, bar.change) == (date(2025, 9, 8), 70100, 600)
    assert bar.turnover_won == 648_525_000_000


async def test_turnover_ranking_reads_rank_and_turnover(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    row = {
        "stk_cd": "005930",
        "now_rank": "1",
        "pred_rank": "1",
        "stk_nm": "삼성전자",
        "cur_prc": "-152000",
        "pred_pre_sig": "5",
        "pred_pre": "-100",
        "flu_rt": "-0.07",
        "sel_bid": "-152000",
        "buy_bid": "-150000",
        "now_trde_qty": "34954641",
        "pred_trde_qty": "22532511",
        "trde_prica": "5308092",
    }
    kiwoom.script("ka10032", reply(ok(trde_prica_upper=[row])))

    (top,) = await client.turnover_leaders()

    assert (top.rank, top.code, top.price, top.rate_bp) == (1, "005930", 152000, -7)
    assert top.turnover_won == 5_308_092_000_000
    assert top.volume == 34954641
    assert kiwoom.bodies("ka10032") == [{"mrkt_tp": "000", "mang_stk_incls": "0", "stex_tp": "1"}]


async def test_gainers_surges_and_volume_rankings_use_their_list_keys(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    base = {
        "stk_cd": "000660",
        "stk_nm": "SK하이닉스",
        "cur_prc": "+200000",
        "pred_pre": "+5000",
        "flu_rt": "+2.56",
    }
    kiwoom.script(
        "ka10027",
        reply(ok(pred_pre_flu_rt_upper=[{**base, "cntr_str": "120.50", "now_trde_qty": "100"}])),
    )
    kiwoom.script(
        "ka10023",
        reply(
            ok(
                trde_qty_sdnin=[
                    {
                        **base,
                        "prev_trde_qty": "10",
                        "now_trde_qty": "110",
                        "sdnin_qty": "+100",
                        "sdnin_rt": "+1000.00",
                    }
                ]
            )
        ),
    )
    kiwoom.script(
        "ka10030", reply(ok(tdy_trde_qty_upper=[{**base, "trde_qty": "555", "trde_amt": "12"}]))
    )

    (gainer,) = await client.top_gainers()
    (surge,) = await client.volume_surges()
    (volume,) = await client.volume_leaders()

    assert (gainer.rank, gainer.strength_bp, gainer.volume) == (1, 12050, 100)
    assert (surge.surge_qty, surge.surge_rate_bp, surge.prev_volume) == (100, 100000, 10)
    assert (volume.volume, volume.turnover_won) == (555, 12_000_000)
    assert kiwoom.bodies("ka10027")[0]["trde_qty_cnd"] == "0000"


async def test_vi_list_reads_trigger_and_release_times(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    row = {
        "stk_cd": "005930",
        "stk_nm": "삼성전자",
        "acc_trde_qty": "1000",
        "motn_pric": "+81000",
        "dynm_dispty_rt": "+3.05",
        "trde_cntr_proc_time": "091500",
        "virelis_time": "091700",
        "viaplc_tp": "동적",
        "dynm_stdpc": "78600",
        "static_stdpc": "0",
        "static_dispty_rt": "0.00",
        "vimotn_cnt": "1",
    }
    kiwoom.script("ka10054", reply(ok(motn_stk=[row])))

    (vi,) = await client.vi_stocks()

    assert (vi.trigger_price, vi.dynamic_gap_bp, vi.kind, vi.count) == (81000, 305, "동적", 1)
    assert vi.triggered_at == datetime(2026, 3, 3, 9, 15, tzinfo=KST)
    assert vi.released_at == datetime(2026, 3, 3, 9, 17, tzinfo=KST)
