"""Quote TRs: ka10001 (basic info), ka10095 (several codes), ka10004 (order book)."""

from __future__ import annotations

from krxsim.market.market import Quote
from krxsim.rules import round_down
from krxsim.server import envelope
from krxsim.server.fields import diff, hhmmss, millions, plain_rate, rate, sign_code, signed
from krxsim.server.trs.base import TrContext, TrResult


def _price_fields(q: Quote) -> dict[str, str]:
    return {
        "cur_prc": signed(q.price, q.base),
        "pred_pre": diff(q.price - q.base),
        "flu_rt": rate(q.price - q.base, q.base),
        "trde_qty": str(q.volume),
        "open_pric": signed(q.open, q.base),
        "high_pric": signed(q.high, q.base),
        "low_pric": signed(q.low, q.base),
        "upl_pric": signed(q.upper, q.base),
        "lst_pric": signed(q.lower, q.base),
        "base_pric": str(q.base),
        "exp_cntr_pric": signed(q.expected_price, q.base),
        "exp_cntr_qty": str(q.expected_qty),
    }


def basic_info(ctx: TrContext) -> TrResult:
    """ka10001 주식기본정보요청."""
    code = ctx.code()
    q = ctx.venue.market.quote(code, ctx.now)
    listing = ctx.venue.market.listings[code]
    cap = listing.listed_shares * q.price // 100_000_000
    year_high = round_down(q.base * 13 // 10, listing.board)
    year_low = round_down(q.base * 7 // 10, listing.board)
    body: dict[str, str] = {
        "stk_cd": ctx.text("stk_cd"),
        "stk_nm": listing.name,
        "setl_mm": "12",
        "fav": "100",
        "cap": str(listing.listed_shares * 100 // 100_000_000),
        "flo_stk": str(listing.listed_shares // 1000),
        "crd_rt": "+0.10",
        "oyr_hgst": signed(year_high, q.base),
        "oyr_lwst": signed(year_low, q.base),
        "mac": str(cap),
        "mac_wght": "",
        "for_exh_rt": "+12.30",
        "repl_pric": str(q.base * 7 // 10),
        "per": "12.50",
        "eps": str(q.base // 12),
        "roe": "8.10",
        "pbr": "1.10",
        "ev": "6.40",
        "bps": str(q.base * 10 // 11),
        "sale_amt": "0",
        "bus_pro": "0",
        "cup_nga": "0",
        "250hgst": signed(year_high, q.base),
        "250lwst": signed(year_low, q.base),
        "250hgst_pric_dt": ctx.now.strftime("%Y0102"),
        "250hgst_pric_pre_rt": rate(q.price - year_high, year_high),
        "250lwst_pric_dt": ctx.now.strftime("%Y0105"),
        "250lwst_pric_pre_rt": rate(q.price - year_low, year_low),
        "pre_sig": sign_code(q.price, q.base, q.upper, q.lower),
        "trde_pre": rate(q.volume - listing.prev_volume, max(listing.prev_volume, 1)),
        "fav_unit": "원",
        "dstr_stk": str(listing.listed_shares // 1000),
        "dstr_rt": "100.00",
    }
    body.update(_price_fields(q))
    return TrResult(body=body)


def multi_quote(ctx: TrContext) -> TrResult:
    """ka10095 관심종목정보요청: codes joined by ``|``."""
    raw = [c for c in ctx.required("stk_cd").split("|") if c.strip()]
    if len(raw) > ctx.venue.config.multi_quote_max:
        raise envelope.too_many_codes(ctx.venue.config.multi_quote_max)
    rows: list[dict[str, str]] = []
    for item in raw:
        code = ctx.listed(item)
        q = ctx.venue.market.quote(code, ctx.now)
        book = ctx.venue.market.book(code, ctx.now)
        row = {
            "stk_cd": item.strip(),
            "stk_nm": q.name,
            "pred_pre_sig": sign_code(q.price, q.base, q.upper, q.lower),
            "trde_prica": millions(q.value),
            "cntr_str": plain_rate(q.buy_volume, max(q.sell_volume, 1)),
            "sel_bid": signed(book.best_ask, q.base),
            "buy_bid": signed(book.best_bid, q.base),
            "close_pric": signed(q.price, q.base),
        }
        row.update(_price_fields(q))
        rows.append(row)
    return TrResult(body={"atn_stk_infr": rows})


def order_book(ctx: TrContext) -> TrResult:
    """ka10004 주식호가요청: ten levels a side, with Kiwoom's field names (``2th``, ``3th`` …)."""
    code = ctx.code()
    q = ctx.venue.market.quote(code, ctx.now)
    book = ctx.venue.market.book(code, ctx.now)
    body: dict[str, str] = {"bid_req_base_tm": hhmmss(ctx.now)}
    for side, levels in (("sel", book.asks), ("buy", book.bids)):
        for i in range(10):
            price, size = levels[i] if i < len(levels) else (0, 0)
            if i == 0:
                body[f"{side}_fpr_bid"] = signed(price, q.base)
                body[f"{side}_fpr_req"] = str(size)
                body[f"{side}_1th_pre_req_pre"] = "0"
            else:
                stem = f"{side}_{i + 1}th_pre"
                body[f"{stem}_bid"] = signed(price, q.base)
                body[f"{stem}_req"] = str(size)
                body[f"{stem}_req_pre"] = "0"
    body["tot_sel_req"] = str(sum(s for _, s in book.asks))
    body["tot_buy_req"] = str(sum(s for _, s in book.bids))
    body["tot_sel_req_jub_pre"] = "0"
    body["tot_buy_req_jub_pre"] = "0"
    body["ovt_sel_req"] = "0"
    body["ovt_buy_req"] = "0"
    return TrResult(body=body)
