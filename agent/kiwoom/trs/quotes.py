"""Quotes: basic info (ka10001), multi-quote (ka10095), order book (ka10004), VI list (ka10054)."""

from __future__ import annotations

from datetime import date

import msgspec

from agent.broker.market import BookLevel, OrderBook, Quote, StockInfo, ViStock
from agent.kiwoom import codec
from agent.kiwoom.transport import KiwoomHttp

MAX_CODES_PER_QUOTE = 100


class CodeRequest(msgspec.Struct, frozen=True):
    stk_cd: str


class StockInfoWire(msgspec.Struct, frozen=True):
    stk_cd: str = ""
    stk_nm: str = ""
    cur_prc: str = ""
    pred_pre: str = ""
    flu_rt: str = ""
    trde_qty: str = ""
    open_pric: str = ""
    high_pric: str = ""
    low_pric: str = ""
    upl_pric: str = ""
    lst_pric: str = ""
    base_pric: str = ""
    exp_cntr_pric: str = ""
    exp_cntr_qty: str = ""


class QuoteRow(msgspec.Struct, frozen=True):
    stk_cd: str = ""
    stk_nm: str = ""
    cur_prc: str = ""
    base_pric: str = ""
    pred_pre: str = ""
    flu_rt: str = ""
    trde_qty: str = ""
    trde_prica: str = ""
    cntr_str: str = ""
    sel_bid: str = ""
    buy_bid: str = ""
    open_pric: str = ""
    high_pric: str = ""
    low_pric: str = ""
    exp_cntr_pric: str = ""
    exp_cntr_qty: str = ""
    upl_pric: str = ""
    lst_pric: str = ""


class QuotesWire(msgspec.Struct, frozen=True):
    atn_stk_infr: list[QuoteRow] = []


def _book_fields(side: str) -> list[tuple[str, str]]:
    """(price field, qty field) per level; level 1 is ``fpr``, then ``2th``...``10th``."""
    fields = [(f"{side}_fpr_bid", f"{side}_fpr_req")]
    fields += [(f"{side}_{n}th_pre_bid", f"{side}_{n}th_pre_req") for n in range(2, 11)]
    return fields


_ASK_FIELDS = _book_fields("sel")
_BID_FIELDS = _book_fields("buy")
OrderBookWire = msgspec.defstruct(
    "OrderBookWire",
    [(name, str, "") for pair in _ASK_FIELDS + _BID_FIELDS for name in pair]
    + [("bid_req_base_tm", str, ""), ("tot_sel_req", str, ""), ("tot_buy_req", str, "")],
    frozen=True,
)


class ViRequest(msgspec.Struct, frozen=True, kw_only=True):
    mrkt_tp: str = "000"
    bf_mkrt_tp: str = "0"
    stk_cd: str = ""
    motn_tp: str = "0"
    skip_stk: str = "000000000"
    trde_qty_tp: str = "0"
    min_trde_qty: str = ""
    max_trde_qty: str = ""
    trde_prica_tp: str = "0"
    min_trde_prica: str = ""
    max_trde_prica: str = ""
    motn_drc: str = "0"
    stex_tp: str = "1"


class ViRow(msgspec.Struct, frozen=True):
    stk_cd: str = ""
    stk_nm: str = ""
    acc_trde_qty: str = ""
    motn_pric: str = ""
    dynm_dispty_rt: str = ""
    trde_cntr_proc_time: str = ""
    virelis_time: str = ""
    viaplc_tp: str = ""
    dynm_stdpc: str = ""
    static_stdpc: str = ""
    static_dispty_rt: str = ""
    vimotn_cnt: str = ""


class ViWire(msgspec.Struct, frozen=True):
    motn_stk: list[ViRow] = []


async def stock_info(http: KiwoomHttp, code: str) -> StockInfo:
    """ka10001: basic information of ``code``."""
    w = await http.request("ka10001", CodeRequest(stk_cd=code), StockInfoWire)
    return StockInfo(
        code=codec.plain_code(w.stk_cd) or code,
        name=w.stk_nm.strip(),
        price=codec.magnitude(w.cur_prc),
        change=codec.signed_int(w.pred_pre),
        rate_bp=codec.basis_points(w.flu_rt),
        volume=codec.magnitude(w.trde_qty),
        open=codec.magnitude(w.open_pric),
        high=codec.magnitude(w.high_pric),
        low=codec.magnitude(w.low_pric),
        upper_limit=codec.magnitude(w.upl_pric),
        lower_limit=codec.magnitude(w.lst_pric),
        base_price=codec.magnitude(w.base_pric),
        expected_price=codec.magnitude(w.exp_cntr_pric),
        expected_qty=codec.magnitude(w.exp_cntr_qty),
    )


def _quote(row: QuoteRow) -> Quote:
    return Quote(
        code=codec.plain_code(row.stk_cd),
        name=row.stk_nm.strip(),
        price=codec.magnitude(row.cur_prc),
        base_price=codec.magnitude(row.base_pric),
        change=codec.signed_int(row.pred_pre),
        rate_bp=codec.basis_points(row.flu_rt),
        volume=codec.magnitude(row.trde_qty),
        turnover_won=codec.won_from_millions(row.trde_prica),
        strength_bp=codec.basis_points(row.cntr_str),
        ask=codec.magnitude(row.sel_bid),
        bid=codec.magnitude(row.buy_bid),
        open=codec.magnitude(row.open_pric),
        high=codec.magnitude(row.high_pric),
        low=codec.magnitude(row.low_pric),
        upper_limit=codec.magnitude(row.upl_pric),
        lower_limit=codec.magnitude(row.lst_pric),
        expected_price=codec.magnitude(row.exp_cntr_pric),
        expected_qty=codec.magnitude(row.exp_cntr_qty),
    )


async def quotes(http: KiwoomHttp, codes: list[str]) -> list[Quote]:
    """ka10095: quotes of many codes, split into calls of at most 100 (Kiwoom refuses more)."""
    result: list[Quote] = []
    for start in range(0, len(codes), MAX_CODES_PER_QUOTE):
        batch = codes[start : start + MAX_CODES_PER_QUOTE]
        pages = await http.request_pages("ka10095", CodeRequest(stk_cd="|".join(batch)), QuotesWire)
        result += [_quote(row) for page in pages for row in page.atn_stk_infr]
    return result


def _field(wire: msgspec.Struct, name: str) -> str:
    return str(getattr(wire, name))


async def order_book(http: KiwoomHttp, code: str) -> OrderBook:
    """ka10004: ten-level order book of ``code``."""
    w = await http.request("ka10004", CodeRequest(stk_cd=code), OrderBookWire)

    def levels(fields: list[tuple[str, str]]) -> tuple[BookLevel, ...]:
        rows = (
            BookLevel(codec.magnitude(_field(w, price)), codec.magnitude(_field(w, qty)))
            for price, qty in fields
        )
        return tuple(level for level in rows if level.price > 0)

    return OrderBook(
        code=code,
        time=codec.on_day(http.today(), _field(w, "bid_req_base_tm")),
        asks=levels(_ASK_FIELDS),
        bids=levels(_BID_FIELDS),
        total_ask_qty=codec.magnitude(_field(w, "tot_sel_req")),
        total_bid_qty=codec.magnitude(_field(w, "tot_buy_req")),
    )


def _vi(row: ViRow, day: date) -> ViStock:
    return ViStock(
        code=codec.plain_code(row.stk_cd),
        name=row.stk_nm.strip(),
        cum_volume=codec.magnitude(row.acc_trde_qty),
        trigger_price=codec.magnitude(row.motn_pric),
        kind=row.viaplc_tp.strip(),
        triggered_at=codec.on_day(day, row.trde_cntr_proc_time),
        released_at=codec.on_day(day, row.virelis_time),
        dynamic_base_price=codec.magnitude(row.dynm_stdpc),
        static_base_price=codec.magnitude(row.static_stdpc),
        dynamic_gap_bp=codec.basis_points(row.dynm_dispty_rt),
        static_gap_bp=codec.basis_points(row.static_dispty_rt),
        count=codec.magnitude(row.vimotn_cnt),
    )


async def vi_stocks(http: KiwoomHttp, request: ViRequest | None = None) -> list[ViStock]:
    """ka10054: stocks with a triggered volatility interruption (default: whole market)."""
    pages = await http.request_pages("ka10054", request or ViRequest(), ViWire)
    day = http.today()
    return [_vi(row, day) for page in pages for row in page.motn_stk]
