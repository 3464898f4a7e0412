"""A stock's standing as ka10099/ka10100 report it: the one place for those fields' values.

The agent's client parses exactly this contract:

* ``state``: flags joined by ``|``, e.g. ``증거금20%|담보대출|신용가능``; ``거래정지`` when trading
  is halted, ``관리종목`` when designated administrative, ``정리매매`` for liquidation trading.
* ``auditInfo`` (감리구분): ``정상`` | ``투자주의`` | ``투자경고`` | ``투자위험`` |
  ``투자주의환기종목``.
* ``orderWarning``: ``0`` none, ``1`` ETF 투자주의요망, ``2`` 정리매매, ``3`` 단기과열,
  ``4`` 투자위험, ``5`` 투자경고.
* ``marketCode``: ``0`` KOSPI, ``10`` KOSDAQ, ``8`` ETF, ``60`` ETN, ``3`` ELW.

A designated or halted stock needs full margin and gets no credit (KRX and brokers require
100% margin for them), so its margin flags differ from a plain listing's.
"""

from __future__ import annotations

from enum import Enum

import msgspec

from krxsim.rules import Board

HALTED = "거래정지"
ADMINISTRATIVE = "관리종목"
LIQUIDATION = "정리매매"
PLAIN_FLAGS = ("증거금20%", "담보대출", "신용가능")
FULL_MARGIN_FLAGS = ("증거금100%",)

AUDIT_NORMAL = "정상"
ORDER_WARNING_NONE = "0"

MARKET_CODES: dict[Board, tuple[str, str]] = {
    Board.KOSPI: ("0", "거래소"),
    Board.KOSDAQ: ("10", "코스닥"),
    Board.FUND: ("8", "ETF"),
    Board.KONEX: ("50", "코넥스"),  # not in the contract; our listings have no KONEX names
}
ETN_MARKET_CODE = "60"
ELW_MARKET_CODE = "3"


class Designation(Enum):
    """KRX designations a stock can carry for the day."""

    CAUTION = "투자주의"
    WARNING = "투자경고"
    DANGER = "투자위험"
    CAUTION_ALERT = "투자주의환기종목"
    ADMINISTRATIVE = "관리종목"
    LIQUIDATION = "정리매매"
    OVERHEATED = "단기과열"


# Designation -> (auditInfo, orderWarning, extra state flag or "").
_FIELDS: dict[Designation, tuple[str, str, str]] = {
    Designation.CAUTION: ("투자주의", ORDER_WARNING_NONE, ""),
    Designation.WARNING: ("투자경고", "5", ""),
    Designation.DANGER: ("투자위험", "4", ""),
    Designation.CAUTION_ALERT: ("투자주의환기종목", ORDER_WARNING_NONE, ""),
    Designation.ADMINISTRATIVE: (AUDIT_NORMAL, ORDER_WARNING_NONE, ADMINISTRATIVE),
    Designation.LIQUIDATION: (AUDIT_NORMAL, "2", LIQUIDATION),
    Designation.OVERHEATED: (AUDIT_NORMAL, "3", ""),
}


class StockStatus(msgspec.Struct, frozen=True, kw_only=True):
    """What ka10099/ka10100 say about one stock at one moment."""

    state: str
    audit_info: str
    order_warning: str


def stock_status(designation: Designation | None, halted: bool) -> StockStatus:
    """Return the ``state``/``auditInfo``/``orderWarning`` of a stock."""
    audit, warning, flag = (
        _FIELDS[designation] if designation is not None else (AUDIT_NORMAL, ORDER_WARNING_NONE, "")
    )
    plain = designation is None and not halted
    flags = list(PLAIN_FLAGS if plain else FULL_MARGIN_FLAGS)
    if halted:
        flags.append(HALTED)
    if flag:
        flags.append(flag)
    return StockStatus(state="|".join(flags), audit_info=audit, order_warning=warning)
