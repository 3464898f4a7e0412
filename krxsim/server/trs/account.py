"""Account TRs: ka00001, kt00001 deposit, kt00018 holdings, ka10075 open orders, ka10076 fills.

Account amounts are zero-padded: 15 wide for money and quantities, 12 for per-share prices
(kiwoom-rest-api.md §3.4, §4.4). Codes carry the ``A`` prefix of shares.
"""

from __future__ import annotations

from krxsim.exchange.fees import commission, sell_tax
from krxsim.exchange.orders import Order, Side
from krxsim.server import envelope
from krxsim.server.fields import hhmmss, padded, plain_rate, signed
from krxsim.server.trs.base import TrContext, TrResult


def account_number(ctx: TrContext) -> TrResult:
    """ka00001 계좌번호조회."""
    return TrResult(body={"acctNo": ctx.venue.account.account_no})


def deposit(ctx: TrContext) -> TrResult:
    """kt00001 예수금상세현황요청; settlement is not modelled, so D+1 and D+2 equal today.

    ``ord_alow_amt`` is cash plus the 미수 room less what open buys hold; ``Nstk_ord_alow_amt``
    what a stock of margin rate N% may cost: at most the cash over the rate (the room allows
    no more), and for 100% (``100stk``) the cash alone. ``entr`` goes negative in 미수.
    """
    ctx.required("qry_tp")
    account = ctx.venue.account
    cash = account.cash
    orderable = account.orderable_cash
    cash_only = account.cash_orderable
    body: dict[str, object] = {
        "entr": padded(cash, 15),
        "profa_ch": padded(0, 15),
        "bncr_profa_ch": padded(0, 15),
        "nxdy_bncr_sell_exct": padded(0, 15),
        "uncl_stk_amt": padded(0, 15),
        "repl_amt": padded(0, 15),
        "pymn_alow_amt": padded(max(cash, 0), 15),
        "ord_alow_amt": padded(orderable, 15),
        "bncr_buy_alowa": padded(orderable, 15),
    }
    for share in (20, 30, 40, 50, 60, 100):
        on_margin = max(cash_only, 0) * 100 // share
        allowed = cash_only if share == 100 else min(orderable, max(on_margin, cash_only))
        body[f"{share}stk_ord_alow_amt"] = padded(allowed, 15)
    for day in ("d1", "d2"):
        body[f"{day}_entra"] = padded(cash, 15)
        body[f"{day}_slby_exct_amt"] = padded(0, 15)
        body[f"{day}_buy_exct_amt"] = padded(0, 15)
        body[f"{day}_sel_exct_amt"] = padded(0, 15)
        body[f"{day}_pymn_alow_amt"] = padded(max(cash, 0), 15)
    body["stk_entr_prst"] = []
    return TrResult(body=body)


def holdings(ctx: TrContext) -> TrResult:
    """kt00018 계좌평가잔고내역요청."""
    ctx.required("qry_tp")
    ctx.required("dmst_stex_tp")
    venue = ctx.venue
    rules = venue.exchange.rules
    rows: list[dict[str, str]] = []
    totals = {"pur": 0, "evlt": 0, "pl": 0}
    held = [h for h in venue.account.holdings.values() if h.qty > 0]
    evaluations = {h.code: venue.market.quote(h.code, ctx.now) for h in held}
    grand = sum(q.price * h.qty for h, q in zip(held, evaluations.values(), strict=True))
    for h in sorted(held, key=lambda h: h.code):
        q = evaluations[h.code]
        evlt = q.price * h.qty
        pur_cmsn = commission(h.cost, rules.commission_rate, rules.commission_unit)
        sell_cmsn = commission(evlt, rules.commission_rate, rules.commission_unit)
        tax = sell_tax(evlt, rules.sell_tax_rate)
        profit = evlt - h.cost - pur_cmsn - sell_cmsn - tax
        totals["pur"] += h.cost
        totals["evlt"] += evlt
        totals["pl"] += profit
        rows.append(
            {
                "stk_cd": "A" + h.code,
                "stk_nm": venue.market.listings[h.code].name,
                "evltv_prft": padded(profit, 15),
                "prft_rt": plain_rate(profit, max(h.cost, 1)),
                "pur_pric": padded(h.avg_price, 15),
                "pred_close_pric": padded(q.base, 12),
                "rmnd_qty": padded(h.qty, 15),
                "trde_able_qty": padded(venue.account.sellable(h.code), 15),
                "cur_prc": padded(q.price, 12),
                "pred_buyq": padded(0, 15),
                "pred_sellq": padded(0, 15),
                "tdy_buyq": padded(h.today_bought, 15),
                "tdy_sellq": padded(h.today_sold, 15),
                "pur_amt": padded(h.cost, 15),
                "pur_cmsn": padded(pur_cmsn, 15),
                "evlt_amt": padded(evlt, 15),
                "sell_cmsn": padded(sell_cmsn, 15),
                "tax": padded(tax, 15),
                "sum_cmsn": padded(pur_cmsn + sell_cmsn, 15),
                "poss_rt": plain_rate(evlt, max(grand, 1)),
                "crd_tp": "00",
                "crd_tp_nm": "",
                "crd_loan_dt": "",
            }
        )
    body: dict[str, object] = {
        "tot_pur_amt": padded(totals["pur"], 15),
        "tot_evlt_amt": padded(totals["evlt"], 15),
        "tot_evlt_pl": padded(totals["pl"], 15),
        "tot_prft_rt": plain_rate(totals["pl"], max(totals["pur"], 1)),
        "prsm_dpst_aset_amt": padded(venue.account.cash + totals["evlt"], 15),
        "tot_loan_amt": padded(0, 15),
        "tot_crd_loan_amt": padded(0, 15),
        "tot_crd_ls_amt": padded(0, 15),
        "acnt_evlt_remn_indv_tot": rows,
    }
    return TrResult(body=body)


def evaluation(ctx: TrContext) -> TrResult:
    """kt00004 계좌평가현황요청: amounts 12 wide (kiwoom-rest-api.md §3.4)."""
    ctx.required("qry_tp")
    venue = ctx.venue
    account = venue.account
    rows = []
    total_pur = total_evlt = 0
    for h in sorted((h for h in account.holdings.values() if h.qty > 0), key=lambda h: h.code):
        q = venue.market.quote(h.code, ctx.now)
        evlt = q.price * h.qty
        total_pur += h.cost
        total_evlt += evlt
        rows.append(
            {
                "stk_cd": "A" + h.code,
                "stk_nm": q.name,
                "rmnd_qty": padded(h.qty, 12),
                "avg_prc": padded(h.avg_price, 12),
                "cur_prc": padded(q.price, 12),
                "evlt_amt": padded(evlt, 12),
                "pl_amt": padded(evlt - h.cost, 12),
                "pl_rt": plain_rate(evlt - h.cost, max(h.cost, 1)),
                "pur_amt": padded(h.cost, 12),
                "setl_remn": padded(h.qty, 12),
                "tdy_buyq": padded(h.today_bought, 12),
                "tdy_sellq": padded(h.today_sold, 12),
            }
        )
    realized = sum(h.realized for h in account.holdings.values())
    body: dict[str, object] = {
        "acnt_nm": "모의투자",
        "brch_nm": "키움은행",
        "entr": padded(account.cash, 12),
        "d2_entra": padded(account.cash, 12),
        "tot_est_amt": padded(total_evlt, 12),
        "aset_evlt_amt": padded(account.cash + total_evlt, 12),
        "tot_pur_amt": padded(total_pur, 12),
        "prsm_dpst_aset_amt": padded(account.cash + total_evlt, 12),
        "tdy_lspft": padded(realized, 12),
        "tdy_lspft_rt": plain_rate(realized, max(account.initial_cash, 1)),
        "stk_acnt_evlt_prst": rows,
    }
    return TrResult(body=body)


def _order_row(ctx: TrContext, order: Order) -> dict[str, str]:
    q = ctx.venue.market.quote(order.code, ctx.now)
    last = order.fills[-1] if order.fills else None
    return {
        "ord_no": order.ord_no,
        "stk_cd": order.code,
        "stk_nm": q.name,
        "ord_stt": order.status.value,
        "io_tp_nm": order.io_label,
        "trde_tp": order.kind.label,
        "ord_qty": str(order.qty),
        "ord_pric": str(order.price),
        "cntr_tot_amt": str(order.filled_value),
        "cntr_pric": str(last.price if last else 0),
        "cntr_qty": str(order.filled),
        "oso_qty": str(max(order.remaining, 0) if order.live else 0),
        "orig_ord_no": order.orig_ord_no,
        "tdy_trde_cmsn": str(order.commission),
        "tdy_trde_tax": str(order.tax),
        "stex_tp": "1",
        "stex_tp_txt": "KRX",
        "sor_yn": "N",
        "stop_pric": str(order.stop_price) if order.stop_price else "",
    }


def _selected(ctx: TrContext, code_flag: str, side_field: str) -> list[Order]:
    only = ctx.text("stk_cd").strip()[:6] if ctx.text(code_flag, "0") == "1" else ""
    side = ctx.text(side_field, "0")
    out = []
    for order in sorted(ctx.venue.exchange.orders.values(), key=lambda o: o.ord_no, reverse=True):
        if only and order.code != only:
            continue
        if side == "1" and order.side is not Side.SELL:
            continue
        if side == "2" and order.side is not Side.BUY:
            continue
        out.append(order)
    return out


def open_orders(ctx: TrContext) -> TrResult:
    """ka10075 미체결요청."""
    ctx.required("all_stk_tp")
    ctx.required("trde_tp")
    ctx.required("stex_tp")
    account_no = ctx.venue.account.account_no
    rows = []
    for order in _selected(ctx, "all_stk_tp", "trde_tp"):
        if not order.is_open:
            continue
        q = ctx.venue.market.quote(order.code, ctx.now)
        book = ctx.venue.market.book(order.code, ctx.now)
        row = {"acnt_no": account_no, **_order_row(ctx, order)}
        row.update(
            {
                "tm": hhmmss(order.at),
                "cntr_no": order.fills[-1].fill_no if order.fills else "",
                "cur_prc": signed(q.price, q.base),
                "sel_bid": signed(book.best_ask, q.base),
                "buy_bid": signed(book.best_bid, q.base),
            }
        )
        rows.append(row)
    return TrResult(body={"oso": rows}, message=" 조회가 완료되었습니다.")


def before_base(ord_no: str, base: str) -> bool:
    """Tell whether ``ord_no`` is listed by ka10076 for the ``ord_no`` request field ``base``.

    The field is a search base, not a filter: Kiwoom lists "입력한 주문번호 보다 과거에 체결된
    내역", the executions of orders numbered strictly below it; empty lists them all.
    """
    return not base or int(ord_no) < int(base)


def fills(ctx: TrContext) -> TrResult:
    """ka10076 체결요청: orders with at least one fill, below the ``ord_no`` base if given."""
    ctx.required("qry_tp")
    ctx.required("sell_tp")
    ctx.required("stex_tp")
    base = ctx.text("ord_no").strip()
    if base and not base.isdigit():
        raise envelope.bad_value("ord_no", base)
    rows = []
    for order in _selected(ctx, "qry_tp", "sell_tp"):
        if not order.fills or not before_base(order.ord_no, base):
            continue
        row = _order_row(ctx, order)
        row["ord_tm"] = hhmmss(order.at)
        row["cntr_pric"] = str(order.filled_value // max(order.filled, 1))
        rows.append(row)
    return TrResult(body={"cntr": rows})
