"""Listing TRs: ka10099 (종목정보 리스트, one market at a time) and ka10100 (one code).

``state``, ``auditInfo``, ``orderWarning`` and ``marketCode`` follow the listing's standing at
the market time of the call (halts, designations): the values are those of
``krxsim/market/status.py``.
"""

from __future__ import annotations

from datetime import datetime

from krxsim.market.market import SyntheticMarket
from krxsim.market.status import MARKET_CODES
from krxsim.rules import Board
from krxsim.server.trs.base import TrContext, TrResult

_MARKETS = {code: board for board, (code, _) in MARKET_CODES.items()}
REG_DAY = "20100104"


def listing_row(market: SyntheticMarket, code: str, now: datetime) -> dict[str, str]:
    """Return the ka10099/ka10100 row of ``code`` at ``now``, as the wire carries it."""
    listing = market.listings[code]
    market_code, market_name = MARKET_CODES[listing.board]
    status = market.status(code, now)
    return {
        "code": listing.code,
        "name": listing.name,
        "listCount": str(listing.listed_shares).zfill(16),
        "auditInfo": status.audit_info,
        "regDay": REG_DAY,
        "lastPrice": str(listing.prev_close).zfill(8),
        "state": status.state,
        "marketCode": market_code,
        "marketName": market_name,
        "upName": "",
        "upSizeName": "대형주" if listing.kospi200 else "중소형주",
        "companyClassName": "",
        "orderWarning": status.order_warning,
        "nxtEnable": "Y" if listing.kospi200 else "N",
    }


def listing_list(ctx: TrContext) -> TrResult:
    """ka10099: every listing of ``mrkt_tp`` (0 코스피, 10 코스닥, 8 ETF) in one page."""
    board: Board | None = _MARKETS.get(ctx.required("mrkt_tp"))
    market = ctx.venue.market
    rows = [
        listing_row(market, code, ctx.now)
        for code, listing in sorted(market.listings.items())
        if board is not None and listing.board is board
    ]
    return TrResult(body={"list": rows})


def listing_info(ctx: TrContext) -> TrResult:
    """ka10100: one listing, flat."""
    code = ctx.code()
    return TrResult(body=listing_row(ctx.venue.market, code, ctx.now))
