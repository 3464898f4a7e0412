from __future__ import annotations

from datetime import datetime

import msgspec
import pytest

from agent.broker.orders import OrderAction
from agent.clock import KST
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.models import Side
from agent.kiwoom.trs.account import FillsWire, OpenOrdersWire, stop_price

from .conftest import FakeKiwoom, reply

pytestmark = pytest.mark.anyio


async def test_open_orders_read_the_official_example(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "ka10075",
        reply(
            {
                "oso": [
                    {
                        "acnt_no": "1234567890",
                        "ord_no": "0000069",
                        "stk_cd": "005930",
                        "ord_stt": "접수",
                        "stk_nm": "삼성전자",
                        "ord_qty": "1",
                        "ord_pric": "0",
                        "oso_qty": "1",
                        "cntr_tot_amt": "0",
                        "orig_ord_no": "0000000",
                        "io_tp_nm": "+매수",
                        "trde_tp": "시장가",
                        "tm": "154113",
                        "cntr_pric": "0",
                        "cntr_qty": "0",
                        "cur_prc": "+74100",
                        "sel_bid": "0",
                        "buy_bid": "+74100",
                        "tdy_trde_cmsn": "0",
                        "tdy_trde_tax": "0",
                        "stex_tp": "1",
                        "stex_tp_txt": "KRX",
                        "sor_yn": "N",
                    }
                ],
                "return_code": 0,
                "return_msg": " 조회가 완료되었습니다.",
            }
        ),
    )

    (order,) = await client.open_orders("005930")

    assert (order.order_no, order.side, order.qty, order.open_qty) == ("0000069", Side.BUY, 1, 1)
    assert (order.action, order.kind, order.orig_order_no) == (OrderAction.NEW, "+매수", None)
    assert order.time == datetime(2026, 3, 3, 15, 41, 13, tzinfo=KST)
    assert kiwoom.bodies("ka10075") == [
        {"all_stk_tp": "1", "trde_tp": "0", "stk_cd": "005930", "stex_tp": "0"}
    ]
    assert kiwoom.calls("ka10075")[0].url.path == "/api/dostk/acnt"


def test_ka10075_and_ka10076_rows_carry_the_stop_price_of_a_stop_order_only() -> None:
    oso = msgspec.json.decode(
        '{"oso":[{"ord_no":"0000012","trde_tp":"스톱지정가","stop_pric":"69500"},'
        '{"ord_no":"0000013","trde_tp":"보통","stop_pric":""},{"ord_no":"0000014"}]}',
        type=OpenOrdersWire,
    ).oso
    (cntr,) = msgspec.json.decode(
        '{"cntr":[{"ord_no":"0000012","stop_pric":"69500"}]}', type=FillsWire
    ).cntr

    assert [stop_price(row) for row in oso] == [69500, None, None]
    assert stop_price(cntr) == 69500


async def test_fills_read_fees_and_taxes(client: KiwoomClient, kiwoom: FakeKiwoom) -> None:
    kiwoom.script(
        "ka10076",
        reply(
            {
                "cntr": [
                    {
                        "ord_no": "0000037",
                        "stk_cd": "005930",
                        "io_tp_nm": "-매도",
                        "ord_pric": "158200",
                        "ord_qty": "1",
                        "cntr_pric": "158200",
                        "cntr_qty": "1",
                        "oso_qty": "0",
                        "tdy_trde_cmsn": "310",
                        "tdy_trde_tax": "284",
                        "ord_stt": "체결",
                        "trde_tp": "보통",
                        "orig_ord_no": "0000000",
                        "ord_tm": "153815",
                    }
                ],
                "return_code": 0,
                "return_msg": "ok",
            }
        ),
    )

    (fill,) = await client.fills()

    assert fill.action is OrderAction.NEW
    assert (fill.side, fill.fill_price, fill.fill_qty, fill.fee, fill.tax) == (
        Side.SELL,
        158200,
        1,
        310,
        284,
    )


async def test_deposit_reads_zero_padded_and_negative_amounts(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "kt00001",
        reply(
            {
                "entr": "000000000017534",
                "d1_entra": "-00000000000084",
                "d2_entra": "000000000012550",
                "ord_alow_amt": "000000000085341",
                "pymn_alow_amt": "000000000000000",
                "stk_entr_prst": [],
                "return_code": 0,
                "return_msg": "ok",
            }
        ),
    )

    deposit = await client.deposit()

    assert (deposit.cash, deposit.d1, deposit.d2, deposit.orderable) == (17534, -84, 12550, 85341)
    assert kiwoom.bodies("kt00001") == [{"qry_tp": "3"}]


async def test_balance_reads_totals_and_a_prefixed_holdings(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "kt00018",
        reply(
            {
                "tot_pur_amt": "000000017598258",
                "tot_evlt_amt": "000000025789890",
                "tot_evlt_pl": "000000008138825",
                "tot_prft_rt": "46.25",
                "prsm_dpst_aset_amt": "000001012632507",
                "acnt_evlt_remn_indv_tot": [
                    {
                        "stk_cd": "A005930",
                        "stk_nm": "삼성전자",
                        "evltv_prft": "-00000000196888",
                        "prft_rt": "-52.71",
                        "pur_pric": "000000000124500",
                        "pred_close_pric": "000000045400",
                        "rmnd_qty": "000000000000003",
                        "trde_able_qty": "000000000000003",
                        "cur_prc": "000000059000",
                        "pur_amt": "000000000373500",
                        "evlt_amt": "000000000177000",
                        "tax": "000000000000318",
                        "sum_cmsn": "000000000000070",
                        "poss_rt": "2.12",
                        "crd_tp": "00",
                    }
                ],
                "return_code": 0,
                "return_msg": "조회가 완료되었습니다",
            }
        ),
    )

    balance = await client.balance()

    assert (balance.total_purchase, balance.total_rate_bp) == (17598258, 4625)
    assert balance.estimated_assets == 1012632507
    (holding,) = balance.holdings
    assert (holding.code, holding.qty, holding.avg_price, holding.price) == (
        "005930",
        3,
        124500,
        59000,
    )
    assert (holding.pnl, holding.rate_bp, holding.tax, holding.fees) == (-196888, -5271, 318, 70)
    assert kiwoom.bodies("kt00018") == [{"qry_tp": "1", "dmst_stex_tp": "KRX"}]


async def test_an_empty_account_still_has_zero_totals(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    zero = "000000000000000"
    kiwoom.script(
        "kt00018",
        reply(
            {
                "tot_pur_amt": zero,
                "tot_evlt_amt": zero,
                "tot_evlt_pl": zero,
                "tot_prft_rt": "0.00",
                "prsm_dpst_aset_amt": zero,
                "acnt_evlt_remn_indv_tot": [],
                "return_code": 0,
                "return_msg": "ok",
            }
        ),
    )

    balance = await client.balance()

    assert balance.holdings == ()
    assert balance.total_eval == 0
