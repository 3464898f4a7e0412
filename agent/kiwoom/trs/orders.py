"""Orders: buy (kt10000), sell (kt10001), modify (kt10002), cancel (kt10003).

An order is accepted only when ``return_code`` is 0 AND an ``ord_no`` came back. Any answer that
leaves the outcome open raises :class:`OrderOutcomeUnknown` carrying the domain request; nothing
here re-sends.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, TypeVar

import msgspec

from agent.kiwoom import codec
from agent.kiwoom.errors import OrderOutcomeUnknown, ProtocolError
from agent.kiwoom.models.trading import (
    CancelAck,
    CancelRequest,
    ModifyAck,
    ModifyRequest,
    OrderAck,
    OrderRequest,
    Side,
)
from agent.kiwoom.transport import KiwoomHttp


class _Numbered(Protocol):
    """Every order reply carries the broker's order number (empty when it gave none)."""

    @property
    def ord_no(self) -> str: ...


R = TypeVar("R", bound=_Numbered)

BUY_API_ID = "kt10000"
SELL_API_ID = "kt10001"
MODIFY_API_ID = "kt10002"
CANCEL_API_ID = "kt10003"


class OrderWire(msgspec.Struct, frozen=True, kw_only=True):
    dmst_stex_tp: str
    stk_cd: str
    ord_qty: str
    ord_uv: str
    trde_tp: str
    cond_uv: str


class OrderReply(msgspec.Struct, frozen=True):
    ord_no: str = ""
    dmst_stex_tp: str = ""
    return_msg: str = ""


class ModifyWire(msgspec.Struct, frozen=True, kw_only=True):
    dmst_stex_tp: str
    orig_ord_no: str
    stk_cd: str
    mdfy_qty: str
    mdfy_uv: str
    mdfy_cond_uv: str = ""


class ModifyReply(msgspec.Struct, frozen=True):
    ord_no: str = ""
    base_orig_ord_no: str = ""
    mdfy_qty: str = ""
    return_msg: str = ""


class CancelWire(msgspec.Struct, frozen=True, kw_only=True):
    dmst_stex_tp: str
    orig_ord_no: str
    stk_cd: str
    cncl_qty: str


class CancelReply(msgspec.Struct, frozen=True):
    ord_no: str = ""
    base_orig_ord_no: str = ""
    cncl_qty: str = ""
    return_msg: str = ""


def order_wire(request: OrderRequest) -> OrderWire:
    """The kt10000/kt10001 body; market-type orders send an empty ``ord_uv``."""
    return OrderWire(
        dmst_stex_tp=request.exchange,
        stk_cd=request.code,
        ord_qty=codec.format_int(request.qty),
        ord_uv=codec.format_int(request.price) if request.price is not None else "",
        trde_tp=request.trade_type.value,
        cond_uv=codec.format_int(request.stop_price) if request.stop_price else "",
    )


def _unknown(exc: OrderOutcomeUnknown, request: object) -> OrderOutcomeUnknown:
    return OrderOutcomeUnknown(
        exc.message,
        request=request,
        sent_at=exc.sent_at,
        code=exc.code,
        fine_code=exc.fine_code,
        api_id=exc.api_id,
        http_status=exc.http_status,
    )


def _no_order_no(api_id: str, request: object, sent_at: datetime) -> OrderOutcomeUnknown:
    return OrderOutcomeUnknown(
        "return_code 0 without ord_no", request=request, sent_at=sent_at, api_id=api_id
    )


async def _send(
    http: KiwoomHttp, api_id: str, wire: msgspec.Struct, reply_type: type[R], request: object
) -> tuple[R, datetime]:
    """Send an order TR once; every answer that leaves its fate open is OrderOutcomeUnknown."""
    sent_at = http.clock.now()
    try:
        reply = await http.request(api_id, wire, reply_type)
    except OrderOutcomeUnknown as exc:
        raise _unknown(exc, request) from exc
    except ProtocolError as exc:
        # The broker answered "success" in a shape we cannot read: it may hold the order.
        raise OrderOutcomeUnknown(
            exc.message, request=request, sent_at=sent_at, api_id=exc.api_id
        ) from exc
    if codec.no_order(reply.ord_no):
        raise _no_order_no(api_id, request, sent_at)
    return reply, sent_at


async def place_order(http: KiwoomHttp, request: OrderRequest) -> OrderAck:
    """Send a new buy or sell order once; raise if refused or if the outcome is unknown."""
    api_id = BUY_API_ID if request.side is Side.BUY else SELL_API_ID
    reply, sent_at = await _send(http, api_id, order_wire(request), OrderReply, request)
    return OrderAck(
        order_no=codec.order_no(reply.ord_no),
        exchange=reply.dmst_stex_tp or request.exchange,
        message=reply.return_msg.strip(),
        request=request,
        sent_at=sent_at,
    )


async def modify_order(http: KiwoomHttp, request: ModifyRequest) -> ModifyAck:
    """Re-price an open order (kt10002)."""
    wire = ModifyWire(
        dmst_stex_tp=request.exchange,
        orig_ord_no=request.orig_order_no,
        stk_cd=request.code,
        mdfy_qty=codec.format_int(request.qty),
        mdfy_uv=codec.format_int(request.price),
        mdfy_cond_uv=codec.format_int(request.stop_price) if request.stop_price else "",
    )
    reply, _ = await _send(http, MODIFY_API_ID, wire, ModifyReply, request)
    return ModifyAck(
        order_no=codec.order_no(reply.ord_no),
        orig_order_no=codec.order_no(reply.base_orig_ord_no) or request.orig_order_no,
        qty=codec.signed_int(reply.mdfy_qty),
        message=reply.return_msg.strip(),
    )


async def cancel_order(http: KiwoomHttp, request: CancelRequest) -> CancelAck:
    """Cancel an open order (kt10003); ``qty`` 0 cancels everything remaining."""
    wire = CancelWire(
        dmst_stex_tp=request.exchange,
        orig_ord_no=request.orig_order_no,
        stk_cd=request.code,
        cncl_qty=codec.format_int(request.qty),
    )
    reply, _ = await _send(http, CANCEL_API_ID, wire, CancelReply, request)
    return CancelAck(
        order_no=codec.order_no(reply.ord_no),
        orig_order_no=codec.order_no(reply.base_orig_ord_no) or request.orig_order_no,
        qty=codec.signed_int(reply.cncl_qty),
        message=reply.return_msg.strip(),
    )
