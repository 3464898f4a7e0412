"""Order TRs kt10000-kt10003 (kiwoom-rest-api.md §4.2)."""

from __future__ import annotations

import logging

from krxsim.exchange.orders import TRADE_TYPES, Side
from krxsim.exchange.results import Accepted, Result
from krxsim.exchange.rules import Rejection
from krxsim.server import envelope
from krxsim.server.fields import padded
from krxsim.server.trs.base import TrContext, TrResult

log = logging.getLogger(__name__)


def _exchange(ctx: TrContext) -> str:
    venue = ctx.required("dmst_stex_tp")
    if venue not in ("KRX", "NXT", "SOR"):
        raise envelope.bad_value("dmst_stex_tp", venue)
    return venue


def _accepted(ctx: TrContext, result: Result) -> Accepted:
    if isinstance(result, Rejection):
        log.info("%s refused: %s %s", ctx.api_id, result.code, result.text)
        raise envelope.rejected(result)
    order = result.order
    log.info(
        "%s %s %s %s x%d @%d filled %d",
        ctx.api_id,
        order.ord_no,
        order.code,
        order.io_label,
        order.qty,
        order.price,
        order.filled,
    )
    ctx.venue.publish(result.events)
    return result


def _price(ctx: TrContext, name: str, *, required: bool) -> int:
    """Return the price field ``name``; empty is 0, or missing (rc 2, 1511) if ``required``."""
    raw = ctx.text(name).strip()
    if not raw:
        if required:
            raise envelope.missing(name)
        return 0
    try:
        return int(raw)
    except ValueError:
        raise envelope.bad_value(name, raw) from None


def _new(ctx: TrContext, side: Side) -> TrResult:
    venue = _exchange(ctx)
    code = ctx.code()
    qty = ctx.integer("ord_qty")
    trade_type = ctx.required("trde_tp")
    price = _price(ctx, "ord_uv", required=trade_type in ("0", "5", "10", "20", "62", "28"))
    # cond_uv is the stop of a stop order; every other trade type ignores it.
    kind = TRADE_TYPES.get(trade_type)
    stop = _price(ctx, "cond_uv", required=True) if kind is not None and kind.stop else 0
    result = _accepted(
        ctx, ctx.venue.exchange.submit(ctx.now, side, code, qty, price, trade_type, stop)
    )
    message = "매수주문이 완료되었습니다." if side is Side.BUY else "매도주문이 완료되었습니다."
    return TrResult(body={"ord_no": result.order.ord_no, "dmst_stex_tp": venue}, message=message)


def buy(ctx: TrContext) -> TrResult:
    """kt10000 주식 매수주문."""
    return _new(ctx, Side.BUY)


def sell(ctx: TrContext) -> TrResult:
    """kt10001 주식 매도주문."""
    return _new(ctx, Side.SELL)


def modify(ctx: TrContext) -> TrResult:
    """kt10002 주식 정정주문 (``mdfy_qty`` "0" = all remaining; ``mdfy_cond_uv`` moves an armed
    stop's stop, empty keeps it)."""
    venue = _exchange(ctx)
    orig = ctx.required("orig_ord_no")
    code = ctx.code()
    qty = ctx.integer("mdfy_qty")
    price = ctx.integer("mdfy_uv")
    stop = _price(ctx, "mdfy_cond_uv", required=False)
    result = _accepted(
        ctx, ctx.venue.exchange.modify(ctx.now, orig.zfill(7), code, qty, price, stop)
    )
    side = "매수" if result.order.side is Side.BUY else "매도"
    return TrResult(
        body={
            "ord_no": result.order.ord_no,
            "base_orig_ord_no": orig.zfill(7),
            "mdfy_qty": padded(result.order.qty, 12),
            "dmst_stex_tp": venue,
        },
        message=f"{side}정정 주문입력이 완료되었습니다",
    )


def cancel(ctx: TrContext) -> TrResult:
    """kt10003 주식 취소주문 (``cncl_qty`` "0" = all remaining)."""
    _exchange(ctx)
    orig = ctx.required("orig_ord_no")
    code = ctx.code()
    qty = ctx.integer("cncl_qty")
    result = _accepted(ctx, ctx.venue.exchange.cancel(ctx.now, orig.zfill(7), code, qty))
    side = "매수" if result.order.side is Side.BUY else "매도"
    return TrResult(
        body={
            "ord_no": result.order.ord_no,
            "base_orig_ord_no": orig.zfill(7),
            "cncl_qty": padded(result.order.qty, 12),
        },
        message=f"{side}취소 주문입력이 완료되었습니다",
    )
