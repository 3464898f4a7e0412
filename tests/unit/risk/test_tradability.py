"""Entry tradability: halted, designated or not-allowed listings are never entered."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from agent.broker.market import Designation, ListingInfo, SecurityKind
from agent.risk.reasons import RejectReason
from agent.risk.tradability import entry_blocks

STOCKS_ONLY: frozenset[SecurityKind] = frozenset()


def listing(**changes: Any) -> ListingInfo:
    plain = ListingInfo(
        code="005930",
        name="삼성전자",
        market="거래소",
        kind=SecurityKind.STOCK,
        halted=False,
        designations=(),
    )
    return msgspec.structs.replace(plain, **changes)


def test_an_ordinary_stock_is_tradable() -> None:
    assert entry_blocks(listing(), allowed_kinds=STOCKS_ONLY) == ()


def test_a_halted_stock_is_not_entered() -> None:
    blocks = entry_blocks(listing(halted=True), allowed_kinds=STOCKS_ONLY)

    assert blocks == (RejectReason.HALTED.value,)
    assert blocks == ("HALTED",)


@pytest.mark.parametrize("designation", list(Designation))
def test_every_designation_blocks_an_entry(designation: Designation) -> None:
    blocks = entry_blocks(listing(designations=(designation,)), allowed_kinds=STOCKS_ONLY)

    assert blocks == (f"DESIGNATED_{designation.name}",)


def test_the_reason_codes_name_the_designations() -> None:
    info = listing(designations=(Designation.ADMINISTRATIVE, Designation.CAUTION_ALERT))

    assert entry_blocks(info, allowed_kinds=STOCKS_ONLY) == (
        "DESIGNATED_ADMINISTRATIVE",
        "DESIGNATED_CAUTION_ALERT",
    )


@pytest.mark.parametrize("kind", [k for k in SecurityKind if k is not SecurityKind.STOCK])
def test_a_kind_not_allowed_is_not_entered(kind: SecurityKind) -> None:
    assert entry_blocks(listing(kind=kind), allowed_kinds=STOCKS_ONLY) == (
        f"SECURITY_KIND_{kind.name}",
    )


def test_an_allowed_kind_is_tradable() -> None:
    allowed = frozenset({SecurityKind.ETF, SecurityKind.PREFERRED})

    assert entry_blocks(listing(kind=SecurityKind.ETF), allowed_kinds=allowed) == ()
    assert entry_blocks(listing(kind=SecurityKind.SPAC), allowed_kinds=allowed) == (
        "SECURITY_KIND_SPAC",
    )


def test_a_stock_is_allowed_even_when_the_allowed_kinds_leave_it_out() -> None:
    only_etfs = frozenset({SecurityKind.ETF})

    assert entry_blocks(listing(), allowed_kinds=only_etfs) == ()


def test_every_reason_is_reported_at_once() -> None:
    info = listing(
        halted=True,
        kind=SecurityKind.ETN,
        designations=(Designation.WARNING, Designation.LIQUIDATION),
    )

    assert entry_blocks(info, allowed_kinds=STOCKS_ONLY) == (
        "HALTED",
        "DESIGNATED_WARNING",
        "DESIGNATED_LIQUIDATION",
        "SECURITY_KIND_ETN",
    )
