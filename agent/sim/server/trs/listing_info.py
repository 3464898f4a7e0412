"""Listing TRs: ka10099 (종목정보 리스트, one market at a time) and ka10100 (one code)."""

from __future__ import annotations

from agent.market.tick_size import Board
from agent.sim.market.listings import Listing
from agent.sim.server.trs.base import TrContext, TrResult

_MARKETS = {"0": Board.KOSPI, "10": Board.KOSDAQ}
_MARKET_CODE = {
    Board.KOSPI: ("0", "거래소"),
    Board.KOSDAQ: ("10", "코스닥"),
    Board.FUND: ("8", "ETF"),
}


def _row(listing: Listing, regday: str) -> dict[str, str]:
    code, name = _MARKET_CODE[listing.board]
    return {
        "code": listing.code,
        "name": listing.name,
        "listCount": str(listing.listed_shares).zfill(16),
        "auditInfo": "정상",
        "regDay": regday,
        "lastPrice": str(listing.prev_close).zfill(8),
        "state": "증거금20%|담보대출|신용가능",
        "marketCode": code,
        "marketName": name,
        "upName": "",
        "upSizeName": "대형주" if listing.kospi200 else "중소형주",
        "companyClassName": "",
        "orderWarning": "0",
        "nxtEnable": "Y" if listing.kospi200 else "N",
    }


def listing_list(ctx: TrContext) -> TrResult:
    """ka10099: every listing of ``mrkt_tp`` (0 코스피, 10 코스닥) in one page."""
    board = _MARKETS.get(ctx.required("mrkt_tp"))
    rows = [
        _row(listing, "20100104")
        for code, listing in sorted(ctx.venue.market.listings.items())
        if board is not None and listing.board is board
    ]
    return TrResult(body={"list": rows})


def listing_info(ctx: TrContext) -> TrResult:
    """ka10100: one listing, flat."""
    code = ctx.code()
    return TrResult(body=_row(ctx.venue.market.listings[code], "20100104"))
