"""Bars: minute (ka10080) and daily (ka10081); Kiwoom lists them newest first."""

from __future__ import annotations

from datetime import date

import msgspec

from agent.broker.market import Bar, DailyBar
from agent.kiwoom import codec
from agent.kiwoom.transport import KiwoomHttp

MINUTE_SCOPES = frozenset({1, 3, 5, 10, 15, 30, 45, 60})


class MinuteBarsRequest(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    stk_cd: str
    tic_scope: str
    upd_stkpc_tp: str
    base_dt: str = ""
    """Optional; omitted from the body when empty."""


class MinuteRow(msgspec.Struct, frozen=True):
    cur_prc: str = ""
    trde_qty: str = ""
    cntr_tm: str = ""
    open_pric: str = ""
    high_pric: str = ""
    low_pric: str = ""


class MinuteBarsWire(msgspec.Struct, frozen=True):
    stk_cd: str = ""
    stk_min_pole_chart_qry: list[MinuteRow] = []


class DailyBarsRequest(msgspec.Struct, frozen=True, kw_only=True):
    stk_cd: str
    base_dt: str
    upd_stkpc_tp: str = "1"


class DailyRow(msgspec.Struct, frozen=True):
    cur_prc: str = ""
    trde_qty: str = ""
    trde_prica: str = ""
    dt: str = ""
    open_pric: str = ""
    high_pric: str = ""
    low_pric: str = ""
    pred_pre: str = ""


class DailyBarsWire(msgspec.Struct, frozen=True):
    stk_cd: str = ""
    stk_dt_pole_chart_qry: list[DailyRow] = []


async def minute_bars(
    http: KiwoomHttp,
    code: str,
    minutes: int = 1,
    *,
    adjusted: bool = True,
    base_date: date | None = None,
    max_pages: int = 1,
) -> list[Bar]:
    """ka10080: minute bars of ``code``, newest first (900 per page)."""
    if minutes not in MINUTE_SCOPES:
        raise ValueError(f"minutes must be one of {sorted(MINUTE_SCOPES)}")
    request = MinuteBarsRequest(
        stk_cd=code,
        tic_scope=str(minutes),
        upd_stkpc_tp="1" if adjusted else "0",
        base_dt=codec.format_date(base_date) if base_date else "",
    )
    pages = await http.request_pages("ka10080", request, MinuteBarsWire, max_pages=max_pages)
    return [
        Bar(
            code=code,
            time=codec.kst_datetime(row.cntr_tm),
            open=codec.magnitude(row.open_pric),
            high=codec.magnitude(row.high_pric),
            low=codec.magnitude(row.low_pric),
            close=codec.magnitude(row.cur_prc),
            volume=codec.magnitude(row.trde_qty),
        )
        for page in pages
        for row in page.stk_min_pole_chart_qry
    ]


async def daily_bars(
    http: KiwoomHttp,
    code: str,
    *,
    base_date: date | None = None,
    adjusted: bool = True,
    max_pages: int = 1,
) -> list[DailyBar]:
    """ka10081: daily bars of ``code`` up to ``base_date`` (default today), newest first."""
    request = DailyBarsRequest(
        stk_cd=code,
        base_dt=codec.format_date(base_date or http.today()),
        upd_stkpc_tp="1" if adjusted else "0",
    )
    pages = await http.request_pages("ka10081", request, DailyBarsWire, max_pages=max_pages)
    return [
        DailyBar(
            code=code,
            day=codec.kst_date(row.dt),
            open=codec.magnitude(row.open_pric),
            high=codec.magnitude(row.high_pric),
            low=codec.magnitude(row.low_pric),
            close=codec.magnitude(row.cur_prc),
            volume=codec.magnitude(row.trde_qty),
            turnover_won=codec.won_from_millions(row.trde_prica),
            change=codec.signed_int(row.pred_pre),
        )
        for page in pages
        for row in page.stk_dt_pole_chart_qry
    ]
