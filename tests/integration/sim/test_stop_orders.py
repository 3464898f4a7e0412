"""스톱지정가 (trde_tp 28) over Kiwoom's wire: cond_uv checks, ka10075 rows, the shares an armed
stop holds in kt00018, kt10002 mdfy_cond_uv and kt10003."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from agent.clock import ManualClock
from agent.market.tick_size import ticks_away
from krxsim.config import StartingHolding
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config

CODE = "005930"
OPEN_ORDERS = {"all_stk_tp": "0", "trde_tp": "0", "stk_cd": "", "stex_tp": "0"}
BALANCE = {"qry_tp": "1", "dmst_stex_tp": "KRX"}


@pytest.fixture
def holder(clock: ManualClock) -> Iterator[Kiwoom]:
    held = (StartingHolding(code=CODE, qty=10, avg_price=60_000),)
    with RunningSimulator(config(holdings=held), clock=clock) as sim:
        client = Kiwoom(sim)
        client.login()
        yield client
        client.close()


def sell(kiwoom: Kiwoom, qty: int, price: str, trde_tp: str, cond_uv: str) -> dict[str, Any]:
    body = {
        "dmst_stex_tp": "KRX",
        "stk_cd": CODE,
        "ord_qty": str(qty),
        "ord_uv": price,
        "trde_tp": trde_tp,
        "cond_uv": cond_uv,
    }
    answer: dict[str, Any] = kiwoom.call("ordr", "kt10001", body).json()
    return answer


def lower_limit(kiwoom: Kiwoom) -> int:
    return kiwoom.sim.runtime.venue.market.quote(CODE, kiwoom.sim.clock.now()).lower


def open_rows(kiwoom: Kiwoom) -> dict[str, dict[str, str]]:
    return {row["ord_no"]: row for row in kiwoom.call("acnt", "ka10075", OPEN_ORDERS).json()["oso"]}


def sellable(kiwoom: Kiwoom) -> int:
    [row] = kiwoom.call("acnt", "kt00018", BALANCE).json()["acnt_evlt_remn_indv_tot"]
    return int(row["trde_able_qty"])


@pytest.mark.parametrize("cond_uv", ["", "  "])
def test_a_stop_order_without_cond_uv_is_rc2_1511_naming_it(holder: Kiwoom, cond_uv: str) -> None:
    answer = sell(holder, 1, str(lower_limit(holder)), "28", cond_uv)

    assert answer == {
        "return_code": 2,
        "return_msg": "입력 값 오류입니다[1511:필수 입력 값에 값이 존재하지 않습니다. "
        "필수입력 파라미터=cond_uv]",
    }


def test_a_stop_off_the_tick_grid_is_rc4003_and_other_types_ignore_cond_uv(
    holder: Kiwoom,
) -> None:
    floor = str(lower_limit(holder))

    off_tick = sell(holder, 1, floor, "28", "70050")
    plain = sell(holder, 1, floor, "0", "70050")

    assert off_tick == {
        "return_code": 20,
        "return_msg": "[2000](RC4003:모의투자 호가단위 오류입니다.)",
    }
    assert plain["return_code"] == 0


def test_an_armed_stop_is_listed_with_its_stop_and_holds_its_shares_until_cancelled(
    holder: Kiwoom,
) -> None:
    floor = lower_limit(holder)
    stop = ticks_away(floor, 2)
    ord_no = sell(holder, 6, str(floor), "28", str(stop))["ord_no"]
    limit_no = sell(holder, 1, str(ticks_away(floor, 400)), "0", "")["ord_no"]

    rows = open_rows(holder)
    held_while_armed = sellable(holder)
    too_many = sell(holder, 4, "", "3", "")
    holder.call(
        "ordr",
        "kt10003",
        {"dmst_stex_tp": "KRX", "orig_ord_no": ord_no, "stk_cd": CODE, "cncl_qty": "0"},
    )

    row = rows[ord_no]
    assert (row["trde_tp"], row["stop_pric"], row["ord_pric"]) == (
        "스톱지정가",
        str(stop),
        str(floor),
    )
    assert (row["ord_stt"], row["oso_qty"], row["io_tp_nm"]) == ("접수", "6", "-매도")
    assert rows[limit_no]["stop_pric"] == ""
    assert held_while_armed == 3
    assert too_many == {
        "return_code": 20,
        "return_msg": "[2000](RC4032:모의투자 매도가능수량이 부족합니다.)",
    }
    assert sellable(holder) == 9
    assert ord_no not in open_rows(holder)


def test_kt10002_mdfy_cond_uv_moves_an_armed_stop_under_a_new_number(holder: Kiwoom) -> None:
    floor = lower_limit(holder)
    ord_no = sell(holder, 5, str(floor), "28", str(floor))["ord_no"]
    higher = ticks_away(floor, 3)

    modified = holder.call(
        "ordr",
        "kt10002",
        {
            "dmst_stex_tp": "KRX",
            "orig_ord_no": ord_no,
            "stk_cd": CODE,
            "mdfy_qty": "0",
            "mdfy_uv": str(floor),
            "mdfy_cond_uv": str(higher),
        },
    ).json()

    rows = open_rows(holder)
    assert modified["return_code"] == 0
    assert list(rows) == [modified["ord_no"]]
    row = rows[modified["ord_no"]]
    assert (row["stop_pric"], row["orig_ord_no"], row["io_tp_nm"]) == (
        str(higher),
        ord_no,
        "-매도정정",
    )
    sim_orders = httpx.get(holder.sim.base_url + "/sim/orders").json()["orders"]
    assert [o["armed"] for o in sim_orders if o["ord_no"] == modified["ord_no"]] == [True]
