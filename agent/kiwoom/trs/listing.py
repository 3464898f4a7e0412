"""Listing information (ka10100 종목정보 조회): security kind, trading halt, designations.

ka10100 answers flat with the fields of a ka10099 row: ``code, name, listCount, auditInfo, regDay,
lastPrice, state, marketCode, marketName, upName, upSizeName, companyClassName, orderWarning,
nxtEnable``. The tables below are our reading of Kiwoom's ka10099/ka10100 field descriptions, and
the contract the simulator emits; they are the only place that reads these fields:

* ``state`` (종목상태): ``|``-separated flags, e.g. ``증거금20%|담보대출|신용가능``; ``거래정지``
  when trading is halted, ``관리종목``, ``정리매매`` (and possibly ``투자주의``, ``투자경고``,
  ``투자위험``, ``단기과열``, ``투자주의환기종목``) for designations.
* ``auditInfo`` (감리구분): ``정상``, or ``투자주의``, ``투자경고``, ``투자위험``,
  ``투자주의환기종목``.
* ``orderWarning`` (투자유의종목여부): ``0`` none, ``1`` ETF 투자주의요망, ``2`` 정리매매,
  ``3`` 단기과열, ``4`` 투자위험, ``5`` 투자경고.
* ``marketCode``: ``0`` KOSPI, ``10`` KOSDAQ, ``50`` KONEX (stock markets), ``8`` ETF, ``60`` ETN,
  ``3`` ELW, ``6`` REIT. On a stock market a six-character code not ending in ``0`` (005935
  삼성전자우) or a name ending in 우/우B/우C is a preferred share, and a name containing 스팩 is a
  SPAC.

A flag or audit value matches a designation by containment, the longest text first (투자주의환기
before 투자주의). Values none of the tables know are logged and otherwise ignored.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import msgspec

from agent.broker.market import Designation, Listed, ListingInfo, SecurityKind
from agent.kiwoom import codec

if TYPE_CHECKING:  # the wire reading needs no HTTP (the backtest reads rows too)
    from agent.kiwoom.transport import KiwoomHttp

log = logging.getLogger(__name__)

STATE_SEPARATOR = "|"
HALT_FLAG = "거래정지"
AUDIT_NORMAL = "정상"

# Longest text first: 투자주의환기종목 contains 투자주의.
DESIGNATION_TEXTS: tuple[tuple[str, Designation], ...] = (
    ("투자주의환기", Designation.CAUTION_ALERT),
    ("투자주의", Designation.CAUTION),
    ("투자경고", Designation.WARNING),
    ("투자위험", Designation.RISK),
    ("단기과열", Designation.OVERHEATED),
    ("관리종목", Designation.ADMINISTRATIVE),
    ("정리매매", Designation.LIQUIDATION),
)

ORDER_WARNINGS: dict[str, Designation | None] = {
    "0": None,
    "1": Designation.CAUTION,  # ETF 투자주의요망
    "2": Designation.LIQUIDATION,
    "3": Designation.OVERHEATED,
    "4": Designation.RISK,
    "5": Designation.WARNING,
}

STOCK_MARKETS = frozenset({"0", "10", "50"})  # KOSPI, KOSDAQ, KONEX
MARKET_KINDS: dict[str, SecurityKind] = {
    **dict.fromkeys(STOCK_MARKETS, SecurityKind.STOCK),
    "8": SecurityKind.ETF,
    "60": SecurityKind.ETN,
    "3": SecurityKind.ELW,
    "6": SecurityKind.REIT,
}
PREFERRED_NAME_ENDINGS = ("우", "우B", "우C")
SPAC_MARK = "스팩"


class ListingRequest(msgspec.Struct, frozen=True):
    stk_cd: str


class ListingWire(msgspec.Struct, frozen=True, rename="camel"):
    code: str = ""
    name: str = ""
    list_count: str = ""
    audit_info: str = ""
    state: str = ""
    market_code: str = ""
    market_name: str = ""
    order_warning: str = ""


class ListingListRequest(msgspec.Struct, frozen=True):
    mrkt_tp: str


class ListingListWire(msgspec.Struct, frozen=True):
    rows: list[ListingWire] = msgspec.field(default_factory=list, name="list")


def designation_in(text: str) -> Designation | None:
    """The designation a state flag or an auditInfo value names, if any."""
    for needle, designation in DESIGNATION_TEXTS:
        if needle in text:
            return designation
    return None


def kind_of(code: str, name: str, market_code: str) -> SecurityKind:
    """The security kind from the market code, refined by code and name on stock markets."""
    kind = MARKET_KINDS.get(market_code.strip(), SecurityKind.OTHER)
    if kind is not SecurityKind.STOCK:
        return kind
    if SPAC_MARK in name:
        return SecurityKind.SPAC
    if (len(code) == 6 and not code.endswith("0")) or name.endswith(PREFERRED_NAME_ENDINGS):
        return SecurityKind.PREFERRED
    return SecurityKind.STOCK


def listing_from_wire(w: ListingWire, code: str) -> ListingInfo:
    """Read one ka10099 row or ka10100 answer; ``code`` is the requested code."""
    plain = codec.plain_code(w.code) or code
    name = w.name.strip()
    flags = [flag.strip() for flag in w.state.split(STATE_SEPARATOR) if flag.strip()]
    found: set[Designation] = set()
    for flag in flags:
        designation = designation_in(flag)
        if designation is not None:
            found.add(designation)
    audit = w.audit_info.strip()
    if audit and audit != AUDIT_NORMAL:
        designation = designation_in(audit)
        if designation is None:
            log.warning("ka10100 %s: unknown auditInfo %r", plain, audit)
        else:
            found.add(designation)
    warning = w.order_warning.strip()
    if warning:
        if warning not in ORDER_WARNINGS:
            log.warning("ka10100 %s: unknown orderWarning %r", plain, warning)
        elif (designation := ORDER_WARNINGS[warning]) is not None:
            found.add(designation)
    return ListingInfo(
        code=plain,
        name=name,
        market=w.market_name.strip(),
        kind=kind_of(plain, name, w.market_code),
        halted=any(HALT_FLAG in flag for flag in flags),
        designations=tuple(d for d in Designation if d in found),
    )


async def listing_info(http: KiwoomHttp, code: str) -> ListingInfo:
    """ka10100: what ``code`` is, whether it is halted, and its designations."""
    w = await http.request("ka10100", ListingRequest(stk_cd=code), ListingWire)
    return listing_from_wire(w, code)


async def listings(http: KiwoomHttp, market_code: str) -> list[Listed]:
    """ka10099: every listing of one market (``0`` KOSPI, ``10`` KOSDAQ); rows of another
    market in the answer (Kiwoom mixes some in) are dropped."""
    pages = await http.request_pages(
        "ka10099", ListingListRequest(mrkt_tp=market_code), ListingListWire
    )
    return [
        Listed(
            info=listing_from_wire(row, row.code),
            market_code=market_code,
            listed_shares=codec.magnitude(row.list_count) if row.list_count.strip() else 0,
        )
        for page in pages
        for row in page.rows
        if row.market_code.strip() == market_code and codec.plain_code(row.code)
    ]
