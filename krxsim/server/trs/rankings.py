"""Ranking TRs over the whole synthetic market: ka10032, ka10030, ka10023, ka10027, ka10029.

Each answers one page of ``ranking_rows`` rows (rows per page are unknown in the document).
``mrkt_tp`` filters 001 KOSPI / 101 KOSDAQ / 000 all; other filters are accepted and ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from krxsim.market.market import Quote
from krxsim.rules import Board
from krxsim.server.fields import diff, millions, plain_rate, rate, sign_code, signed
from krxsim.server.trs.base import TrContext, TrResult

_BOARDS = {"001": Board.KOSPI, "101": Board.KOSDAQ}


def _universe(ctx: TrContext) -> list[Quote]:
    market = ctx.venue.market
    board = _BOARDS.get(ctx.text("mrkt_tp", "000"))
    codes = [c for c, lst in market.listings.items() if board is None or lst.board is board]
    return [market.quote(code, ctx.now) for code in codes]


def _common(q: Quote) -> dict[str, str]:
    return {
        "stk_cd": q.code,
        "stk_nm": q.name,
        "cur_prc": signed(q.price, q.base),
        "pred_pre_sig": sign_code(q.price, q.base, q.upper, q.lower),
        "pred_pre": diff(q.price - q.base),
        "flu_rt": rate(q.price - q.base, q.base),
    }


def _top(ctx: TrContext, quotes: list[Quote], key: Callable[[Quote], float]) -> list[Quote]:
    ranked = sorted(quotes, key=lambda q: (-key(q), q.code))
    return ranked[: ctx.venue.config.ranking_rows]


def turnover_leaders(ctx: TrContext) -> TrResult:
    """ka10032 거래대금상위요청; ``pred_rank`` ranks the previous day's traded value.

    ``mang_stk_incls`` (관리종목 포함) is required but not applied: the backtest ranks the
    same market without it, and a 관리종목 stock among the leaders is what the agent must
    recognise by ka10100 itself.
    """
    ctx.required("mrkt_tp")
    ctx.required("mang_stk_incls")
    ctx.required("stex_tp")
    listings = ctx.venue.market.listings
    quotes = _universe(ctx)
    by_prev = sorted(quotes, key=lambda q: -listings[q.code].prev_volume * q.base)
    prev_rank = {q.code: i for i, q in enumerate(by_prev, start=1)}
    rows = []
    for rank, q in enumerate(_top(ctx, quotes, lambda q: q.value), start=1):
        book = ctx.venue.market.book(q.code, ctx.now)
        common = _common(q)
        rows.append(
            {
                "stk_cd": q.code,
                "now_rank": str(rank),
                "pred_rank": str(prev_rank[q.code]),
                "stk_nm": q.name,
                "cur_prc": common["cur_prc"],
                "pred_pre_sig": common["pred_pre_sig"],
                "pred_pre": common["pred_pre"],
                "flu_rt": common["flu_rt"],
                "sel_bid": signed(book.best_ask, q.base),
                "buy_bid": signed(book.best_bid, q.base),
                "now_trde_qty": str(q.volume),
                "pred_trde_qty": str(listings[q.code].prev_volume),
                "trde_prica": millions(q.value),
            }
        )
    return TrResult(body={"trde_prica_upper": rows})


def volume_leaders(ctx: TrContext) -> TrResult:
    """ka10030 당일거래량상위요청 (sort_tp 1 거래량, 2 회전율, 3 거래대금)."""
    ctx.required("mrkt_tp")
    sort_tp = ctx.required("sort_tp")
    listings = ctx.venue.market.listings

    def turnover_rate(q: Quote) -> float:
        return q.volume / max(listings[q.code].listed_shares, 1)

    keys: dict[str, Callable[[Quote], float]] = {
        "1": lambda q: q.volume,
        "2": turnover_rate,
        "3": lambda q: q.value,
    }
    rows = []
    for q in _top(ctx, _universe(ctx), keys.get(sort_tp, keys["1"])):
        prev = listings[q.code].prev_volume
        row = _common(q)
        row.update(
            {
                "trde_qty": str(q.volume),
                "pred_rt": plain_rate(q.volume, max(prev, 1)),
                "trde_tern_rt": plain_rate(q.volume, max(listings[q.code].listed_shares, 1)),
                "trde_amt": millions(q.value),
                "opmr_trde_qty": str(q.volume),
                "opmr_pred_rt": plain_rate(q.volume, max(prev, 1)),
                "opmr_trde_rt": plain_rate(q.volume, max(listings[q.code].listed_shares, 1)),
                "opmr_trde_amt": millions(q.value),
                "af_mkrt_trde_qty": "0",
                "af_mkrt_pred_rt": "0.00",
                "af_mkrt_trde_rt": "0.00",
                "af_mkrt_trde_amt": "0",
                "bf_mkrt_trde_qty": "0",
                "bf_mkrt_pred_rt": "0.00",
                "bf_mkrt_trde_rt": "0.00",
                "bf_mkrt_trde_amt": "0",
            }
        )
        rows.append(row)
    return TrResult(body={"tdy_trde_qty_upper": rows})


def volume_surges(ctx: TrContext) -> TrResult:
    """ka10023 거래량급증요청: against the previous day's volume pro rata to this time of day
    (tm_tp 2), or against the volume ``tm`` minutes ago (tm_tp 1); sort_tp 1 급증량, 2 급증률."""
    ctx.required("mrkt_tp")
    sort_tp = ctx.required("sort_tp")
    tm_tp = ctx.required("tm_tp")
    minutes = ctx.integer("tm", required=False) or 1
    market = ctx.venue.market
    elapsed = min(max(market.seconds(ctx.now), 1.0), 22_800.0) / 22_800.0
    before = ctx.now.replace(microsecond=0)
    rows_src: list[tuple[Quote, int]] = []
    for q in _universe(ctx):
        if tm_tp == "1":
            earlier = market.quote(q.code, before - timedelta(minutes=minutes)).volume
        else:
            earlier = int(market.listings[q.code].prev_volume * elapsed)
        rows_src.append((q, earlier))

    def amount(item: tuple[Quote, int]) -> float:
        return item[0].volume - item[1]

    def ratio(item: tuple[Quote, int]) -> float:
        return (item[0].volume - item[1]) / max(item[1], 1)

    ranked = sorted(
        rows_src, key=lambda i: (-(ratio(i) if sort_tp == "2" else amount(i)), i[0].code)
    )
    rows = []
    for q, earlier in ranked[: ctx.venue.config.ranking_rows]:
        row = _common(q)
        row.update(
            {
                "prev_trde_qty": str(earlier),
                "now_trde_qty": str(q.volume),
                "sdnin_qty": diff(q.volume - earlier),
                "sdnin_rt": rate(q.volume - earlier, max(earlier, 1)),
            }
        )
        rows.append(row)
    return TrResult(body={"trde_qty_sdnin": rows})


def movers(ctx: TrContext) -> TrResult:
    """ka10027 전일대비등락률상위요청 (sort_tp 1 상승률, 2 상승폭, 3 하락률, 4 하락폭, 5 보합)."""
    ctx.required("mrkt_tp")
    sort_tp = ctx.required("sort_tp")
    quotes = [q for q in _universe(ctx) if q.volume > 0]
    keys: dict[str, Callable[[Quote], float]] = {
        "1": lambda q: (q.price - q.base) / q.base,
        "2": lambda q: q.price - q.base,
        "3": lambda q: (q.base - q.price) / q.base,
        "4": lambda q: q.base - q.price,
        "5": lambda q: -abs(q.price - q.base),
    }
    rows = []
    for q in _top(ctx, quotes, keys.get(sort_tp, keys["1"])):
        book = ctx.venue.market.book(q.code, ctx.now)
        row = {"stk_cls": "0", **_common(q)}
        row.update(
            {
                "sel_req": str(book.asks[0][1] if book.asks else 0),
                "buy_req": str(book.bids[0][1] if book.bids else 0),
                "now_trde_qty": str(q.volume),
                "cntr_str": plain_rate(q.buy_volume, max(q.sell_volume, 1)),
                "cnt": "1",
            }
        )
        rows.append(row)
    return TrResult(body={"pred_pre_flu_rt_upper": rows})


def expected_movers(ctx: TrContext) -> TrResult:
    """ka10029 예상체결등락률상위요청: the opening auction's indicative prices (sort_tp 1)."""
    ctx.required("mrkt_tp")
    quotes = [q for q in _universe(ctx) if q.expected_price]
    rows = []
    for q in _top(ctx, quotes, lambda q: (q.expected_price - q.base) / q.base):
        book = ctx.venue.market.book(q.code, ctx.now)
        rows.append(
            {
                "stk_cd": q.code,
                "stk_nm": q.name,
                "exp_cntr_pric": signed(q.expected_price, q.base),
                "base_pric": str(q.base),
                "pred_pre_sig": sign_code(q.expected_price, q.base, q.upper, q.lower),
                "pred_pre": diff(q.expected_price - q.base),
                "flu_rt": rate(q.expected_price - q.base, q.base),
                "exp_cntr_qty": str(q.expected_qty),
                "sel_req": str(book.asks[0][1] if book.asks else 0),
                "sel_bid": signed(book.best_ask, q.base),
                "buy_bid": signed(book.best_bid, q.base),
                "buy_req": str(book.bids[0][1] if book.bids else 0),
            }
        )
    return TrResult(body={"exp_cntr_flu_rt_upper": rows})
