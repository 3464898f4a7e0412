"""Rankings: turnover (ka10032), volume (ka10030), volume surge (ka10023), gainers (ka10027).

Request enum values are strings with the documented leading zeros (``mrkt_tp "000"``). Defaults
ask for the whole market on KRX (``stex_tp "1"``): Kiwoom's mock server supports KRX only.
"""

from __future__ import annotations

import msgspec

from agent.broker.market import RankedStock
from agent.kiwoom import codec
from agent.kiwoom.transport import KiwoomHttp


class TurnoverRankRequest(msgspec.Struct, frozen=True, kw_only=True):
    mrkt_tp: str = "000"
    mang_stk_incls: str = "0"
    stex_tp: str = "1"


class VolumeRankRequest(msgspec.Struct, frozen=True, kw_only=True):
    mrkt_tp: str = "000"
    sort_tp: str = "1"
    mang_stk_incls: str = "0"
    crd_tp: str = "0"
    trde_qty_tp: str = "0"
    pric_tp: str = "0"
    trde_prica_tp: str = "0"
    mrkt_open_tp: str = "0"
    stex_tp: str = "1"


class SurgeRankRequest(msgspec.Struct, frozen=True, kw_only=True):
    mrkt_tp: str = "000"
    sort_tp: str = "1"
    tm_tp: str = "2"
    """2: against the previous day (pro rata to the time of day), the strategy's surge; 1:
    against the volume ``tm`` minutes ago."""
    trde_qty_tp: str = "0"
    tm: str = "5"
    stk_cnd: str = "0"
    pric_tp: str = "0"
    stex_tp: str = "1"


class GainersRankRequest(msgspec.Struct, frozen=True, kw_only=True):
    mrkt_tp: str = "000"
    sort_tp: str = "1"
    trde_qty_cnd: str = "0000"
    stk_cnd: str = "0"
    crd_cnd: str = "0"
    updown_incls: str = "1"
    pric_cnd: str = "0"
    trde_prica_cnd: str = "0"
    stex_tp: str = "1"


class RankRow(msgspec.Struct, frozen=True):
    """The union of the ranking rows' fields (each TR fills its own subset)."""

    stk_cd: str = ""
    stk_nm: str = ""
    now_rank: str = ""
    cur_prc: str = ""
    pred_pre: str = ""
    flu_rt: str = ""
    trde_qty: str = ""
    now_trde_qty: str = ""
    pred_trde_qty: str = ""
    prev_trde_qty: str = ""
    trde_prica: str = ""
    trde_amt: str = ""
    sdnin_qty: str = ""
    sdnin_rt: str = ""
    cntr_str: str = ""


class TurnoverWire(msgspec.Struct, frozen=True):
    trde_prica_upper: list[RankRow] = []


class VolumeWire(msgspec.Struct, frozen=True):
    tdy_trde_qty_upper: list[RankRow] = []


class SurgeWire(msgspec.Struct, frozen=True):
    trde_qty_sdnin: list[RankRow] = []


class GainersWire(msgspec.Struct, frozen=True):
    pred_pre_flu_rt_upper: list[RankRow] = []


def _ranked(rank: int, row: RankRow, **extra: int | None) -> RankedStock:
    return RankedStock(
        rank=codec.magnitude(row.now_rank) or rank,
        code=codec.plain_code(row.stk_cd),
        name=row.stk_nm.strip(),
        price=codec.magnitude(row.cur_prc),
        change=codec.signed_int(row.pred_pre),
        rate_bp=codec.basis_points(row.flu_rt),
        volume=codec.magnitude(row.now_trde_qty or row.trde_qty),
        **extra,
    )


async def turnover_leaders(
    http: KiwoomHttp, request: TurnoverRankRequest | None = None, *, max_pages: int = 1
) -> list[RankedStock]:
    """ka10032: stocks ranked by today's turnover (won)."""
    pages = await http.request_pages(
        "ka10032", request or TurnoverRankRequest(), TurnoverWire, max_pages=max_pages
    )
    rows = [row for page in pages for row in page.trde_prica_upper]
    return [
        _ranked(
            i,
            row,
            turnover_won=codec.won_from_millions(row.trde_prica),
            prev_volume=codec.magnitude(row.pred_trde_qty),
        )
        for i, row in enumerate(rows, 1)
    ]


async def volume_leaders(
    http: KiwoomHttp, request: VolumeRankRequest | None = None, *, max_pages: int = 1
) -> list[RankedStock]:
    """ka10030: stocks ranked by today's volume."""
    pages = await http.request_pages(
        "ka10030", request or VolumeRankRequest(), VolumeWire, max_pages=max_pages
    )
    rows = [row for page in pages for row in page.tdy_trde_qty_upper]
    return [
        _ranked(i, row, turnover_won=codec.won_from_millions(row.trde_amt))
        for i, row in enumerate(rows, 1)
    ]


async def volume_surges(
    http: KiwoomHttp, request: SurgeRankRequest | None = None, *, max_pages: int = 1
) -> list[RankedStock]:
    """ka10023: stocks whose volume surged against the reference period."""
    pages = await http.request_pages(
        "ka10023", request or SurgeRankRequest(), SurgeWire, max_pages=max_pages
    )
    rows = [row for page in pages for row in page.trde_qty_sdnin]
    return [
        _ranked(
            i,
            row,
            prev_volume=codec.magnitude(row.prev_trde_qty),
            surge_qty=codec.signed_int(row.sdnin_qty),
            surge_rate_bp=codec.basis_points(row.sdnin_rt),
        )
        for i, row in enumerate(rows, 1)
    ]


async def top_gainers(
    http: KiwoomHttp, request: GainersRankRequest | None = None, *, max_pages: int = 1
) -> list[RankedStock]:
    """ka10027: stocks ranked by change against the previous close."""
    pages = await http.request_pages(
        "ka10027", request or GainersRankRequest(), GainersWire, max_pages=max_pages
    )
    rows = [row for page in pages for row in page.pred_pre_flu_rt_upper]
    return [
        _ranked(i, row, strength_bp=codec.basis_points(row.cntr_str))
        for i, row in enumerate(rows, 1)
    ]
