"""Halted, designated and limit-down stocks as the agent meets them over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

import httpx
import pytest

from agent.clock import KST, ManualClock
from krxsim.config import StartingHolding
from krxsim.market.specials import Designated, Halt, LimitDown
from krxsim.market.status import Designation
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config

SPECIALS = {
    "halts": (Halt(code="035720", at=time(9, 15)),),
    "designated": (
        Designated(code="000660", designation=Designation.WARNING, surge_at=time(9, 40)),
        Designated(code="005380", designation=Designation.ADMINISTRATIVE),
    ),
    "limit_down": (LimitDown(code="005930", at=time(9, 45)),),
}
RANKING = {"mrkt_tp": "000", "mang_stk_incls": "0", "stex_tp": "1"}


@pytest.fixture
def special(clock: ManualClock) -> Iterator[Kiwoom]:
    held = (StartingHolding(code="005930", qty=300, avg_price=70_000),)
    with RunningSimulator(config(holdings=held, **SPECIALS), clock=clock) as sim:
        client = Kiwoom(sim)
        client.login()
        yield client
        client.close()


def info(kiwoom: Kiwoom, code: str) -> dict[str, Any]:
    body: dict[str, Any] = kiwoom.call("stkinfo", "ka10100", {"stk_cd": code}).json()
    return body


def sell(kiwoom: Kiwoom, code: str, qty: int, price: str = "", trde_tp: str = "3") -> Any:
    body = {
        "dmst_stex_tp": "KRX",
        "stk_cd": code,
        "ord_qty": str(qty),
        "ord_uv": price,
        "trde_tp": trde_tp,
        "cond_uv": "",
    }
    return kiwoom.call("ordr", "kt10001", body).json()


def test_a_halted_stock_says_so_and_its_orders_are_refused_with_rc20(special: Kiwoom) -> None:
    body = info(special, "035720")
    refused = special.buy("035720", 1).json()
    listed = special.call("stkinfo", "ka10099", {"mrkt_tp": "0"}).json()["list"]

    assert "거래정지" in body["state"].split("|")
    assert body["return_code"] == 0
    assert refused["return_code"] == 20
    assert refused["return_msg"].startswith("[2000](RC4")
    assert refused["return_msg"].endswith(":매매거래정지 종목입니다.)")
    assert "ord_no" not in refused
    assert "거래정지" in next(r for r in listed if r["code"] == "035720")["state"]


def test_before_its_halt_a_stock_trades_normally() -> None:
    clock = ManualClock(datetime(2026, 11, 24, 9, 10, tzinfo=KST))
    with RunningSimulator(config(**SPECIALS), clock=clock) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        state = info(kiwoom, "035720")["state"]
        bought = kiwoom.buy("035720", 1).json()
        kiwoom.close()

    assert "거래정지" not in state
    assert bought["return_code"] == 0


def test_the_warning_stock_carries_order_warning_5_and_still_trades(special: Kiwoom) -> None:
    body = info(special, "000660")

    assert body["orderWarning"] == "5"
    assert body["auditInfo"] == "투자경고"
    assert body["marketCode"] == "0"
    assert special.buy("000660", 1).json()["return_code"] == 0


def test_the_administrative_stock_says_so_in_its_state_and_still_trades(special: Kiwoom) -> None:
    body = info(special, "005380")

    assert "관리종목" in body["state"].split("|")
    assert body["orderWarning"] == "0"
    assert special.buy("005380", 1).json()["return_code"] == 0


def test_a_plain_stock_keeps_the_plain_flags(special: Kiwoom) -> None:
    body = info(special, "105560")

    assert (body["state"], body["auditInfo"], body["orderWarning"]) == (
        "증거금20%|담보대출|신용가능",
        "정상",
        "0",
    )


def test_a_held_stock_locked_at_its_lower_limit_cannot_be_sold(
    special: Kiwoom, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 11, 24, 10, 15, tzinfo=KST))
    quote = special.call("stkinfo", "ka10001", {"stk_cd": "005930"}).json()
    lower = quote["lst_pric"].lstrip("+-")
    assert quote["cur_prc"].lstrip("+-") == lower
    assert quote["pre_sig"] == "4"

    limit = sell(special, "005930", 200, price=lower, trde_tp="0")
    at_market = sell(special, "005930", 100)
    clock.set(datetime(2026, 11, 24, 15, 40, tzinfo=KST))
    fills = special.call(
        "acnt",
        "ka10076",
        {"qry_tp": "0", "sell_tp": "1", "stk_cd": "", "ord_no": "", "stex_tp": "0"},
    ).json()["cntr"]
    held = special.call("acnt", "kt00018", {"qry_tp": "1", "dmst_stex_tp": "KRX"}).json()

    assert limit["return_code"] == at_market["return_code"] == 0
    assert fills == []
    assert held["acnt_evlt_remn_indv_tot"][0]["rmnd_qty"] == "000000000000300"
    assert held["acnt_evlt_remn_indv_tot"][0]["trde_able_qty"] == "000000000000000"


def test_the_seeded_day_lists_its_special_stocks_and_the_halted_one_leads_the_open() -> None:
    clock = ManualClock(datetime(2026, 11, 24, 9, 10, tzinfo=KST))
    with RunningSimulator(config(listed_codes=2000, seed=7), clock=clock) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        specials = httpx.get(sim.base_url + "/sim/specials").json()
        halted = specials["halts"][0]["code"]
        clock.set(datetime.combine(clock.now().date(), time.fromisoformat("09:30"), KST))
        leaders = kiwoom.call("rkinfo", "ka10032", RANKING).json()["trde_prica_upper"]
        warning = next(d for d in specials["designated"] if d["designation"] == "투자경고")
        warning_info = info(kiwoom, warning["code"])
        kiwoom.close()

    assert [s["at"] for s in specials["halts"]] == ["09:05:40"]
    assert sorted(d["designation"] for d in specials["designated"]) == ["관리종목", "투자경고"]
    assert len(specials["limit_down"]) == 1
    assert halted in [row["stk_cd"] for row in leaders[:10]]
    assert warning_info["orderWarning"] == "5"
