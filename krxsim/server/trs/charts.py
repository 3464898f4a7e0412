"""Chart TRs: ka10080 minute bars (900 a page, newest first) and ka10081 daily bars."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from krxsim.market.history import DailyBar, previous_weekdays
from krxsim.server import envelope
from krxsim.server.fields import diff, millions, plain_rate, rate, sign_code, signed
from krxsim.server.trs.base import TrContext, TrResult
from krxsim.venue import Venue

TIC_SCOPES = {"1", "3", "5", "10", "15", "30", "45", "60"}

# (start of bar, open, high, low, close, volume, base price of its day)
Bar = tuple[datetime, int, int, int, int, int, int]


def _today(venue: Venue, code: str, now: datetime) -> list[Bar]:
    market = venue.market
    day = market.day(code)
    base = market.listings[code].prev_close
    out: list[Bar] = []
    for minute, o, h, low, c, v in day.minute_bars(market.index(code, now)):
        start = market.open_at + timedelta(minutes=minute)
        out.append((start, o, h, low, c, v, base))
    return out


def _history(venue: Venue, code: str) -> list[DailyBar]:
    return venue.past.daily(code, venue.market.trading_date, venue.config.daily_history_days)


def _pinned_day(venue: Venue) -> date:
    """The day before the simulated one: its bar ends at the simulated day's base."""
    return previous_weekdays(venue.market.trading_date, 1)[0]


def _before(venue: Venue, code: str, until: str, count: int) -> list[DailyBar] | None:
    """``count`` daily bars up to ``until`` (YYYYMMDD) when that is before the pinned day
    (each day its own, whatever day is simulated); None otherwise."""
    if not until:
        return None
    try:
        day = datetime.strptime(until, "%Y%m%d").date()
    except ValueError:
        raise envelope.bad_value("base_dt", until) from None
    if day >= _pinned_day(venue):
        return None
    return venue.past.daily(code, day + timedelta(days=1), count, pinned=False)


def _days(venue: Venue, code: str, now: datetime) -> list[DailyBar]:
    """Return daily bars newest first: today's (once it has traded) and the history."""
    bars = _history(venue, code)
    q = venue.market.quote(code, now)
    if not q.volume:
        return bars
    today = DailyBar(
        day=venue.market.trading_date,
        open=q.open,
        high=q.high,
        low=q.low,
        close=q.price,
        volume=q.volume,
        value=q.value,
        prev_close=q.base,
    )
    return [today, *bars]


def _earlier_minutes(venue: Venue, code: str, until: str) -> list[Bar]:
    """Minute bars of the ``minute_history_days`` days before today, or of those ending on
    ``until`` (YYYYMMDD) when it is an earlier day: any past day's bars can be read."""
    out: list[Bar] = []
    days = venue.config.minute_history_days
    earlier = _before(venue, code, until, days)
    pinned = None if earlier is not None else _pinned_day(venue)
    history = earlier or [
        b for b in _history(venue, code) if not until or b.day.strftime("%Y%m%d") <= until
    ]
    for bar in reversed(history[:days]):
        opening = datetime.combine(bar.day, time(9, 0), venue.market.open_at.tzinfo)
        for minute, o, h, low, c, v in venue.past.minutes(code, bar, pinned):
            out.append((opening + timedelta(minutes=minute), o, h, low, c, v, bar.prev_close))
    return out


def _aggregate(bars: list[Bar], scope: int) -> list[Bar]:
    if scope == 1:
        return bars
    out: list[Bar] = []
    for bar in bars:
        start = bar[0]
        minutes = start.hour * 60 + start.minute - 540
        bucket = start - timedelta(minutes=minutes % scope)
        if out and out[-1][0] == bucket:
            prev = out[-1]
            out[-1] = (
                bucket,
                prev[1],
                max(prev[2], bar[2]),
                min(prev[3], bar[3]),
                bar[4],
                prev[5] + bar[5],
                prev[6],
            )
        else:
            out.append((bucket, *bar[1:]))
    return out


def minute_chart(ctx: TrContext) -> TrResult:
    """ka10080 주식분봉차트조회요청."""
    code = ctx.code()
    scope = ctx.required("tic_scope")
    if scope not in TIC_SCOPES:
        raise envelope.bad_value("tic_scope", scope)
    ctx.required("upd_stkpc_tp")
    base_dt = ctx.text("base_dt").strip()
    bars = _aggregate(
        _earlier_minutes(ctx.venue, code, base_dt) + _today(ctx.venue, code, ctx.now), int(scope)
    )
    if base_dt:
        bars = [b for b in bars if b[0].strftime("%Y%m%d") <= base_dt]
    rows: list[dict[str, str]] = []
    day_volume: dict[date, int] = {}
    running: list[int] = []
    for bar in bars:
        acc = day_volume.get(bar[0].date(), 0) + bar[5]
        day_volume[bar[0].date()] = acc
        running.append(acc)
    for bar, acc in zip(reversed(bars), reversed(running), strict=True):
        start, o, h, low, c, v, base = bar
        rows.append(
            {
                "cur_prc": signed(c, base),
                "trde_qty": str(v),
                "cntr_tm": start.strftime("%Y%m%d%H%M%S"),
                "open_pric": signed(o, base),
                "high_pric": signed(h, base),
                "low_pric": signed(low, base),
                "acc_trde_qty": str(acc),
                "pred_pre": diff(c - base),
                "pred_pre_sig": sign_code(c, base, base * 13 // 10, base * 7 // 10),
            }
        )
    page = ctx.page(rows, ctx.venue.config.minute_rows_per_page, "stk_min_pole_chart_qry")
    page.body = {"stk_cd": ctx.text("stk_cd"), **page.body}
    return page


def daily_chart(ctx: TrContext) -> TrResult:
    """ka10081 주식일봉차트조회요청 (``base_dt`` required)."""
    code = ctx.code()
    base_dt = ctx.required("base_dt")
    ctx.required("upd_stkpc_tp")
    listing = ctx.venue.market.listings[code]
    earlier = _before(ctx.venue, code, base_dt, ctx.venue.config.daily_history_days)
    bars = earlier if earlier is not None else _days(ctx.venue, code, ctx.now)
    rows = [
        {
            "cur_prc": str(b.close),
            "trde_qty": str(b.volume),
            "trde_prica": millions(b.value),
            "dt": b.day.strftime("%Y%m%d"),
            "open_pric": str(b.open),
            "high_pric": str(b.high),
            "low_pric": str(b.low),
            "pred_pre": diff(b.close - b.prev_close),
            "pred_pre_sig": sign_code(
                b.close, b.prev_close, b.prev_close * 13 // 10, b.prev_close * 7 // 10
            ),
            "trde_tern_rt": "+" + plain_rate(b.volume, max(listing.listed_shares, 1)),
        }
        for b in bars
        if b.day.strftime("%Y%m%d") <= base_dt
    ]
    page = ctx.page(rows, ctx.venue.config.daily_rows_per_page, "stk_dt_pole_chart_qry")
    page.body = {"stk_cd": ctx.text("stk_cd"), **page.body}
    return page


def daily_prices(ctx: TrContext) -> TrResult:
    """ka10086 일별주가요청: days up to ``qry_dt``, newest first (``indc_tp`` accepted, ignored)."""
    code = ctx.code()
    until = ctx.required("qry_dt")
    ctx.required("indc_tp")
    bars = _days(ctx.venue, code, ctx.now)
    rows = [
        {
            "date": b.day.strftime("%Y%m%d"),
            "open_pric": signed(b.open, b.prev_close),
            "high_pric": signed(b.high, b.prev_close),
            "low_pric": signed(b.low, b.prev_close),
            "close_pric": signed(b.close, b.prev_close),
            "pred_rt": diff(b.close - b.prev_close),
            "flu_rt": rate(b.close - b.prev_close, b.prev_close),
            "trde_qty": str(b.volume),
            "amt_mn": millions(b.value),
        }
        for b in bars
        if b.day.strftime("%Y%m%d") <= until
    ]
    return ctx.page(rows, ctx.venue.config.daily_rows_per_page, "daly_stkpc")
