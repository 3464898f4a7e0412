"""Order TRs kt10000-kt10003 (kiwoom-rest-api.md §4.2)."""

from __future__ import annotations

import logging

from agent.sim.exchange.orders import Side
from agent.sim.exchange.results import Accepted, Result
from agent.sim.exchange.rules import Rejection
from agent.sim.server import envelope
from agent.sim.server.fields import padded
from agent.sim.server.trs.base import TrContext, TrResult

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


def _new(ctx: TrContext, side: Side) -> TrResult:
    venue = _exchange(ctx)
    code = ctx.code()
    qty = ctx.integer("ord_qty")
    trade_type = ctx.required("trde_tp")
    raw_price = ctx.text("ord_uv").strip()
    price = 0
    if raw_price:
        try:
            price = int(raw_price)
        except ValueError:
            raise envelope.bad_value("ord_uv", raw_price) from None
    elif trade_type in ("0", "5", "10", "20", "62", "28"):
        raise envelope.missing("ord_uv")
    result = _accepted(ctx, ctx.venue.exchange.submit(ctx.now, side, code, qty, price, trade_type))
    message = "매수주문이 완료되었습니다." if side is Side.BUY else "매도주문이 완료되었습니다."
    return TrResult(body={"ord_no": result.order.ord_no, "dmst_stex_tp": venue}, message=message)


def buy(ctx: TrContext) -> TrResult:
    """kt10000 주식 매수주문."""
    return _new(ctx, Side.BUY)


def sell(ctx: TrContext) -> TrResult:
    """kt10001 주식 매도주문."""
    return _new(ctx, Side.SELL)


def modify(ctx: TrContext) -> TrResult:
    """kt10002 주식 정정주문 (``mdfy_qty`` "0" = all remaining)."""
    venue = _exchange(ctx)
    orig = ctx.required("orig_ord_no")
    code = ctx.code()
    qty = ctx.integer("mdfy_qty")
    price = ctx.integer("mdfy_uv")
    result = _accepted(ctx, ctx.venue.exchange.modify(ctx.now, orig.zfill(7), code, qty, price))
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
