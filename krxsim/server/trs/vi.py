"""ka10054 변동성완화장치발동종목요청: VIs of the day so far, newest first."""

from __future__ import annotations

from krxsim.server.fields import rate
from krxsim.server.trs.base import TrContext, TrResult


def vi_list(ctx: TrContext) -> TrResult:
    """List VIs; ``stk_cd`` narrows to one code, ``motn_drc`` 1 up / 2 down."""
    ctx.required("mrkt_tp")
    market = ctx.venue.market
    only = ctx.text("stk_cd").strip()
    direction = ctx.text("motn_drc", "0")
    t = market.seconds(ctx.now)
    rows = []
    for event in reversed(market.vi_events(ctx.now)):
        if only and event.code != only[:6]:
            continue
        up = event.trigger_price >= event.dynamic_ref
        if (direction == "1" and not up) or (direction == "2" and up):
            continue
        listing = market.listings[event.code]
        q = market.quote(event.code, ctx.now)
        rows.append(
            {
                "stk_cd": event.code,
                "stk_nm": listing.name,
                "acc_trde_qty": str(q.volume),
                "motn_pric": str(event.trigger_price),
                "dynm_dispty_rt": rate(event.trigger_price - event.dynamic_ref, event.dynamic_ref),
                "trde_cntr_proc_time": market.at(event.start).strftime("%H%M%S"),
                "virelis_time": market.at(event.end).strftime("%H%M%S") if t >= event.end else "",
                "viaplc_tp": "동적" if event.dynamic else "정적",
                "dynm_stdpc": str(event.dynamic_ref),
                "static_stdpc": str(event.static_ref),
                "static_dispty_rt": rate(event.trigger_price - event.static_ref, event.static_ref),
                "open_pric_pre_flu_rt": rate(event.trigger_price - q.open, max(q.open, 1)),
                "vimotn_cnt": str(event.count),
                "stex_tp": "1",
            }
        )
    return TrResult(body={"motn_stk": rows})
