from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from agent.clock import KST, ManualClock
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config


@pytest.fixture
def early() -> ManualClock:
    return ManualClock(datetime(2026, 11, 24, 8, 50, tzinfo=KST))


@pytest.fixture
def kiwoom(early: ManualClock) -> Iterator[Kiwoom]:
    with RunningSimulator(config(), clock=early) as sim:
        client = Kiwoom(sim)
        client.login()
        yield client
        client.close()


def test_before_the_open_quotes_show_the_expected_uncross(kiwoom: Kiwoom) -> None:
    body = kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930"}).json()

    assert body["cur_prc"] == body["base_pric"]
    assert body["trde_qty"] == "0"
    assert body["exp_cntr_pric"] != "0"
    assert int(body["exp_cntr_qty"]) > 0


def test_expected_movers_rank_the_opening_auction(kiwoom: Kiwoom) -> None:
    body = kiwoom.call(
        "rkinfo",
        "ka10029",
        {
            "mrkt_tp": "000",
            "sort_tp": "1",
            "trde_qty_cnd": "0",
            "stk_cnd": "0",
            "crd_cnd": "0",
            "pric_cnd": "0",
            "stex_tp": "1",
        },
    ).json()
    rates = [float(r["flu_rt"]) for r in body["exp_cntr_flu_rt_upper"]]

    assert rates
    assert rates == sorted(rates, reverse=True)


def test_an_order_in_the_auction_fills_at_the_open(kiwoom: Kiwoom, early: ManualClock) -> None:
    ord_no = kiwoom.buy("005930", 3).json()["ord_no"]
    assert (
        kiwoom.call(
            "acnt",
            "ka10076",
            {"qry_tp": "0", "sell_tp": "0", "stk_cd": "", "ord_no": "", "stex_tp": "0"},
        ).json()["cntr"]
        == []
    )

    early.set(datetime(2026, 11, 24, 9, 0, 1, tzinfo=KST))
    fills = kiwoom.call(
        "acnt",
        "ka10076",
        {"qry_tp": "0", "sell_tp": "0", "stk_cd": "", "ord_no": "", "stex_tp": "0"},
    ).json()["cntr"]
    opening = kiwoom.call("stkinfo", "ka10001", {"stk_cd": "005930"}).json()["open_pric"]

    assert [f["ord_no"] for f in fills] == [ord_no]
    assert fills[0]["cntr_pric"] == opening.lstrip("+-")
