"""Account: open orders (ka10075), fills (ka10076), deposit (kt00001), balance (kt00018)."""

from __future__ import annotations

from datetime import date

import msgspec

from agent.broker.account import Balance, Deposit, Holding
from agent.broker.orders import FilledOrder, OpenOrder
from agent.kiwoom import codec
from agent.kiwoom.models.trading import Side
from agent.kiwoom.transport import KiwoomHttp

ORDER_NO_WIDTH = 7
"""Kiwoom order numbers are 7-digit, zero-padded strings."""


class OpenOrdersRequest(msgspec.Struct, frozen=True, kw_only=True):
    all_stk_tp: str = "0"
    trde_tp: str = "0"
    stk_cd: str = ""
    stex_tp: str = "0"


class OpenOrderRow(msgspec.Struct, frozen=True):
    ord_no: str = ""
    stk_cd: str = ""
    stk_nm: str = ""
    ord_stt: str = ""
    ord_qty: str = ""
    ord_pric: str = ""
    oso_qty: str = ""
    cntr_tot_amt: str = ""
    orig_ord_no: str = ""
    io_tp_nm: str = ""
    trde_tp: str = ""
    tm: str = ""
    stex_tp_txt: str = ""
    stop_pric: str = ""


class OpenOrdersWire(msgspec.Struct, frozen=True):
    oso: list[OpenOrderRow] = []


class FillsRequest(msgspec.Struct, frozen=True, kw_only=True):
    stk_cd: str = ""
    qry_tp: str = "0"
    sell_tp: str = "0"
    ord_no: str = ""
    stex_tp: str = "0"


class FillRow(msgspec.Struct, frozen=True):
    ord_no: str = ""
    stk_cd: str = ""
    stk_nm: str = ""
    io_tp_nm: str = ""
    ord_pric: str = ""
    ord_qty: str = ""
    cntr_pric: str = ""
    cntr_qty: str = ""
    oso_qty: str = ""
    tdy_trde_cmsn: str = ""
    tdy_trde_tax: str = ""
    ord_stt: str = ""
    trde_tp: str = ""
    orig_ord_no: str = ""
    ord_tm: str = ""
    stop_pric: str = ""


class FillsWire(msgspec.Struct, frozen=True):
    cntr: list[FillRow] = []


class DepositRequest(msgspec.Struct, frozen=True):
    qry_tp: str = "3"


class DepositWire(msgspec.Struct, frozen=True):
    entr: str = ""
    d1_entra: str = ""
    d2_entra: str = ""
    ord_alow_amt: str = ""
    pymn_alow_amt: str = ""
    # 증거금100% 주문가능금액; a Python name cannot start with a digit.
    full_margin_orderable: str = msgspec.field(default="", name="100stk_ord_alow_amt")


class BalanceRequest(msgspec.Struct, frozen=True, kw_only=True):
    qry_tp: str = "1"
    dmst_stex_tp: str = "KRX"


class HoldingRow(msgspec.Struct, frozen=True):
    stk_cd: str = ""
    stk_nm: str = ""
    evltv_prft: str = ""
    prft_rt: str = ""
    pur_pric: str = ""
    pred_close_pric: str = ""
    rmnd_qty: str = ""
    trde_able_qty: str = ""
    cur_prc: str = ""
    pur_amt: str = ""
    evlt_amt: str = ""
    tax: str = ""
    sum_cmsn: str = ""
    poss_rt: str = ""


class BalanceWire(msgspec.Struct, frozen=True):
    tot_pur_amt: str = ""
    tot_evlt_amt: str = ""
    tot_evlt_pl: str = ""
    tot_prft_rt: str = ""
    prsm_dpst_aset_amt: str = ""
    acnt_evlt_remn_indv_tot: list[HoldingRow] = []


def side_of(kind: str) -> Side | None:
    """``io_tp_nm`` (+매수, -매도정정, +매수신용...) -> side, matched by containment."""
    if "매수" in kind:
        return Side.BUY
    if "매도" in kind:
        return Side.SELL
    return None


def stop_price(row: OpenOrderRow | FillRow) -> int | None:
    """The stop (trigger) price of a 스톱지정가 row; None for every other order (sent empty).

    :class:`agent.broker.orders.OpenOrder` and ``FilledOrder`` have no field for it yet, so the
    rows' readers do not carry it; read the rows (``OpenOrdersWire``, ``FillsWire``) for it.
    """
    return codec.magnitude(row.stop_pric) or None


def _orig(raw: str) -> str | None:
    return None if codec.no_order(raw) else codec.order_no(raw)


def _open_order(row: OpenOrderRow, day: date) -> OpenOrder:
    return OpenOrder(
        order_no=codec.order_no(row.ord_no),
        code=codec.plain_code(row.stk_cd),
        name=row.stk_nm.strip(),
        side=side_of(row.io_tp_nm),
        action=codec.action_of(row.io_tp_nm),
        kind=row.io_tp_nm.strip(),
        status=row.ord_stt.strip(),
        trade_type=row.trde_tp.strip(),
        qty=codec.magnitude(row.ord_qty),
        price=codec.magnitude(row.ord_pric),
        open_qty=codec.magnitude(row.oso_qty),
        filled_amount=codec.magnitude(row.cntr_tot_amt),
        orig_order_no=_orig(row.orig_ord_no),
        time=codec.on_day(day, row.tm),
        exchange=row.stex_tp_txt.strip(),
    )


async def open_orders(http: KiwoomHttp, code: str | None = None) -> list[OpenOrder]:
    """ka10075: every open order, or those of ``code``."""
    request = OpenOrdersRequest(all_stk_tp="1" if code else "0", stk_cd=code or "")
    pages = await http.request_pages("ka10075", request, OpenOrdersWire)
    day = http.today()
    return [_open_order(row, day) for page in pages for row in page.oso]


def _fill(row: FillRow, day: date) -> FilledOrder:
    return FilledOrder(
        order_no=codec.order_no(row.ord_no),
        code=codec.plain_code(row.stk_cd),
        name=row.stk_nm.strip(),
        side=side_of(row.io_tp_nm),
        action=codec.action_of(row.io_tp_nm),
        kind=row.io_tp_nm.strip(),
        status=row.ord_stt.strip(),
        trade_type=row.trde_tp.strip(),
        order_qty=codec.magnitude(row.ord_qty),
        order_price=codec.magnitude(row.ord_pric),
        fill_qty=codec.magnitude(row.cntr_qty),
        fill_price=codec.magnitude(row.cntr_pric),
        open_qty=codec.magnitude(row.oso_qty),
        fee=codec.magnitude(row.tdy_trde_cmsn),
        tax=codec.magnitude(row.tdy_trde_tax),
        orig_order_no=_orig(row.orig_ord_no),
        time=codec.on_day(day, row.ord_tm),
    )


def fills_search_base(order_no: str) -> str:
    """The ka10076 ``ord_no`` to send for the fills of ``order_no``: the next order number.

    ``ord_no`` is a search base, not a filter. Kiwoom's field description reads
    "검색 기준 값으로 입력한 주문번호 보다 과거에 체결된 내역이 조회됩니다" (the executions older
    than the order number given as the base): "below", and silent on the base itself.
    Sending the order's successor puts the order inside the window under either reading ("below"
    or "at or below"); :func:`fills` keeps only the exact order's rows. A number that is not all
    digits is sent unchanged.
    """
    text = order_no.strip()
    if not text.isdigit():
        return text
    return str(int(text) + 1).zfill(max(len(text), ORDER_NO_WIDTH))


def _order_key(order_no: str) -> str:
    """Compare order numbers without their zero padding ("37" is "0000037")."""
    text = order_no.strip()
    return (text.lstrip("0") or "0") if text.isdigit() else text


async def fills(
    http: KiwoomHttp, code: str | None = None, *, order_no: str | None = None
) -> list[FilledOrder]:
    """ka10076: today's executions, optionally of one code or of exactly one order."""
    base = fills_search_base(order_no) if order_no else ""
    request = FillsRequest(stk_cd=code or "", qry_tp="1" if code else "0", ord_no=base)
    pages = await http.request_pages("ka10076", request, FillsWire)
    day = http.today()
    rows = [_fill(row, day) for page in pages for row in page.cntr]
    if order_no:
        wanted = _order_key(order_no)
        rows = [fill for fill in rows if _order_key(fill.order_no) == wanted]
    return rows


def _cash_only(w: DepositWire) -> int:
    """What can be bought with cash alone: ``100stk_ord_alow_amt`` (증거금100% 주문가능금액).

    When the field is absent or empty, fall back to min(ord_alow_amt, entr): ord_alow_amt may
    include 미수 (credit) room on a margin account, so it is capped by the cash deposit. The
    fallback can understate (unsettled sale proceeds are orderable but not yet in ``entr``); it
    never overstates, which is the side to err on with real money.
    """
    if w.full_margin_orderable.strip():
        return codec.signed_int(w.full_margin_orderable)
    return min(codec.signed_int(w.ord_alow_amt), codec.signed_int(w.entr))


async def deposit(http: KiwoomHttp) -> Deposit:
    """kt00001: cash, settlement balances and orderable amounts (estimated query)."""
    w = await http.request("kt00001", DepositRequest(), DepositWire)
    return Deposit(
        cash=codec.signed_int(w.entr),
        d1=codec.signed_int(w.d1_entra),
        d2=codec.signed_int(w.d2_entra),
        orderable=codec.signed_int(w.ord_alow_amt),
        withdrawable=codec.signed_int(w.pymn_alow_amt),
        orderable_cash_only=_cash_only(w),
    )


def _holding(row: HoldingRow) -> Holding:
    return Holding(
        code=codec.plain_code(row.stk_cd),
        name=row.stk_nm.strip(),
        qty=codec.signed_int(row.rmnd_qty),
        sellable_qty=codec.signed_int(row.trde_able_qty),
        avg_price=codec.magnitude(row.pur_pric),
        price=codec.magnitude(row.cur_prc),
        prev_close=codec.magnitude(row.pred_close_pric),
        purchase_amount=codec.signed_int(row.pur_amt),
        eval_amount=codec.signed_int(row.evlt_amt),
        pnl=codec.signed_int(row.evltv_prft),
        rate_bp=codec.basis_points(row.prft_rt),
        fees=codec.signed_int(row.sum_cmsn),
        tax=codec.signed_int(row.tax),
        weight_bp=codec.basis_points(row.poss_rt),
    )


async def balance(http: KiwoomHttp, exchange: str = "KRX") -> Balance:
    """kt00018: account totals and every holding (all continuation pages)."""
    pages = await http.request_pages("kt00018", BalanceRequest(dmst_stex_tp=exchange), BalanceWire)
    first = pages[0]
    return Balance(
        total_purchase=codec.signed_int(first.tot_pur_amt),
        total_eval=codec.signed_int(first.tot_evlt_amt),
        total_pnl=codec.signed_int(first.tot_evlt_pl),
        total_rate_bp=codec.basis_points(first.tot_prft_rt),
        estimated_assets=codec.signed_int(first.prsm_dpst_aset_amt),
        holdings=tuple(_holding(row) for page in pages for row in page.acnt_evlt_remn_indv_tot),
    )
