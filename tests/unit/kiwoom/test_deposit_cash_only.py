"""kt00001: what can be bought with cash alone (증거금100% 주문가능금액), apart from 미수 room."""

from __future__ import annotations

from typing import Any

import pytest

from agent.kiwoom.client import KiwoomClient

from .conftest import FakeKiwoom, ok, reply

pytestmark = pytest.mark.anyio


def deposit_body(**fields: Any) -> dict[str, Any]:
    base = {
        "entr": "000000001000000",
        "d1_entra": "000000001000000",
        "d2_entra": "000000001000000",
        "ord_alow_amt": "000000003000000",
        "pymn_alow_amt": "000000001000000",
        "stk_entr_prst": [],
    }
    return ok(**{**base, **fields})


async def test_cash_only_orderable_is_read_from_the_full_margin_field(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("kt00001", reply(deposit_body(**{"100stk_ord_alow_amt": "000000000950000"})))

    deposit = await client.deposit()

    assert deposit.orderable_cash_only == 950_000
    assert deposit.orderable == 3_000_000  # ord_alow_amt, 미수 room included


@pytest.mark.parametrize("raw", [None, "", "   "])
async def test_without_the_full_margin_field_cash_only_is_capped_by_the_deposit(
    client: KiwoomClient, kiwoom: FakeKiwoom, raw: str | None
) -> None:
    extra = {} if raw is None else {"100stk_ord_alow_amt": raw}
    kiwoom.script("kt00001", reply(deposit_body(**extra)))

    deposit = await client.deposit()

    assert deposit.orderable_cash_only == 1_000_000  # min(ord_alow_amt 3,000,000, entr 1,000,000)


async def test_the_fallback_never_exceeds_what_kiwoom_calls_orderable(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("kt00001", reply(deposit_body(ord_alow_amt="000000000400000")))

    deposit = await client.deposit()

    assert deposit.orderable_cash_only == 400_000
