"""ka10076 ``ord_no`` is a search base: one order's fills are filtered out of the answer locally."""

from __future__ import annotations

from typing import Any

import pytest

from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.trs.account import fills_search_base

from .conftest import FakeKiwoom, ok, reply

pytestmark = pytest.mark.anyio


def fill_row(order_no: str, qty: str = "1") -> dict[str, Any]:
    return {
        "ord_no": order_no,
        "stk_cd": "005930",
        "stk_nm": "삼성전자",
        "io_tp_nm": "+매수",
        "ord_pric": "70000",
        "ord_qty": qty,
        "cntr_pric": "70000",
        "cntr_qty": qty,
        "oso_qty": "0",
        "ord_stt": "체결",
        "trde_tp": "보통",
        "orig_ord_no": "0000000",
        "ord_tm": "091500",
    }


async def test_fills_of_one_order_never_include_other_orders_rows(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    # What a search base answers: the order asked for and the orders around it.
    rows = [fill_row("0000043", "4"), fill_row("0000042", "2"), fill_row("0000041", "1")]
    kiwoom.script("ka10076", reply(ok(cntr=rows)))

    fills = await client.fills(order_no="0000042")

    assert [(f.order_no, f.fill_qty) for f in fills] == [("0000042", 2)]


async def test_the_order_asked_for_is_inside_the_search_window_either_way(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("ka10076", reply(ok(cntr=[fill_row("0000042")])))

    await client.fills("005930", order_no="0000042")

    (body,) = kiwoom.bodies("ka10076")
    assert body["ord_no"] == "0000043"  # the successor: "below" and "at or below" both hold 42
    assert (body["stk_cd"], body["qry_tp"]) == ("005930", "1")


async def test_fills_of_one_order_follow_continuation_pages(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script(
        "ka10076",
        reply(ok(cntr=[fill_row("0000043")]), headers={"cont-yn": "Y", "next-key": "k1"}),
        reply(ok(cntr=[fill_row("0000042", "3"), fill_row("0000040")])),
    )

    fills = await client.fills(order_no="42")

    assert [(f.order_no, f.fill_qty) for f in fills] == [("0000042", 3)]


async def test_without_an_order_number_every_fill_is_returned_and_no_base_sent(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("ka10076", reply(ok(cntr=[fill_row("0000043"), fill_row("0000042")])))

    fills = await client.fills()

    assert [f.order_no for f in fills] == ["0000043", "0000042"]
    assert kiwoom.bodies("ka10076")[0]["ord_no"] == ""


@pytest.mark.parametrize(
    ("order_no", "base"),
    [("0000042", "0000043"), ("0000099", "0000100"), ("42", "0000043"), ("9999999", "10000000")],
)
def test_the_search_base_is_the_next_order_number_zero_padded(order_no: str, base: str) -> None:
    assert fills_search_base(order_no) == base
