"""The market picture of one stock today, folded from ticks and VI events by pure functions.

:func:`apply_tick` and :func:`apply_vi` return a new :class:`StockState`; nothing is mutated, so
any state can be published as a snapshot and a replay of the same events gives the same states.
(A StockActor folds its ticks in place with :class:`~agent.marketdata.live.LiveState`, the same
fold held equal to :func:`apply_tick` by tests, and publishes frozen states.) Derived figures
(VWAP, volume ratio, strength, change) are functions of a state and, where time matters, of
``now`` passed in; nothing here reads a clock.

Ordering rules (ticks arrive late or out of order now and then):

* Day totals (volume, turnover, VWAP, buy/sell volume, high/low) and the opening range take every
  regular-session tick whatever its order: they are sums, maxima and minima.
* The last price, a bar's close and the day's last-trade time follow the latest trade *time*; on a
  tie, the later arrival wins. Opens (day and bar) are the first trade to arrive.
* A tick for a minute whose bar is already closed is counted in the totals and in ``late_ticks``
  but changes no bar: closed bars have been published and recorded and stay as they were.
* Ticks before the session open (pre-market off-hours trades at the previous close) are ignored
  and counted in ``pre_open_ticks``; the feed adapter keeps after-hours trades out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from msgspec import Struct, structs

from agent.marketdata.bars import Bar, extend_bar, minute_key, open_bar
from agent.marketdata.events import Tick, ViEvent
from agent.marketdata.opening_range import OpeningRange, new_opening_range, widen
from agent.marketdata.vi import ViState, apply_vi_event
from agent.marketdata.volume_ratio import VolumeBaseline

_NO_TIME = float("-inf")


class StockState(Struct, frozen=True, kw_only=True):
    """Everything known about ``code`` today from its trades and VI events."""

    code: str
    open_at: datetime
    """Session open this state counts from (09:00 KST on a regular day, 10:00 on late days)."""
    prev_close: int | None = None
    """Previous close (the base price), for the change rate; None if not known yet."""
    baseline: VolumeBaseline | None = None
    opening_range: OpeningRange
    last_price: int | None = None
    last_at: datetime | None = None
    day_open: int | None = None
    day_high: int | None = None
    day_low: int | None = None
    volume: int = 0
    """Shares traded in the ticks seen (the VWAP's denominator)."""
    turnover_won: int = 0
    """Sum of price x quantity over the ticks seen, in won (the VWAP's numerator)."""
    feed_volume: int = 0
    """Largest cumulative volume the feed reported (covers ticks missed before a restart)."""
    buy_volume: int = 0
    sell_volume: int = 0
    bar: Bar | None = None
    """The bar being built (its minute has not ended as far as this state knows)."""
    bars: tuple[Bar, ...] = ()
    """Closed bars, oldest first."""
    vi: ViState = ViState()
    ticks: int = 0
    late_ticks: int = 0
    pre_open_ticks: int = 0
    open_ts: float
    or_end_ts: float
    bar_key: int = -1
    last_ts: float = _NO_TIME


class StockView(Protocol):
    """What the per-tick gates of the entry rule read: a :class:`StockState`, or the
    :class:`~agent.marketdata.live.LiveState` a StockActor folds in place."""

    @property
    def prev_close(self) -> int | None: ...
    @property
    def baseline(self) -> VolumeBaseline | None: ...
    @property
    def opening_range(self) -> OpeningRange: ...
    @property
    def last_price(self) -> int | None: ...
    @property
    def volume(self) -> int: ...
    @property
    def turnover_won(self) -> int: ...
    @property
    def feed_volume(self) -> int: ...
    @property
    def vi(self) -> ViState: ...
    @property
    def open_ts(self) -> float: ...
    @property
    def or_end_ts(self) -> float: ...


def new_stock_state(
    code: str,
    *,
    open_at: datetime,
    opening_range_minutes: int,
    prev_close: int | None = None,
    baseline: VolumeBaseline | None = None,
) -> StockState:
    """Return the state of ``code`` before its first trade of the session opening at ``open_at``."""
    if open_at.tzinfo is None:
        raise ValueError("market times must be timezone-aware")
    rng = new_opening_range(open_at, opening_range_minutes)
    return StockState(
        code=code,
        open_at=open_at,
        prev_close=prev_close,
        baseline=baseline,
        opening_range=rng,
        open_ts=open_at.timestamp(),
        or_end_ts=rng.end.timestamp(),
    )


def check_tick(tick: Tick, code: str) -> None:
    """Raise ValueError unless ``tick`` is a trade of ``code`` the fold can take."""
    if tick.code != code:
        raise ValueError(f"tick for {tick.code} applied to the state of {code}")
    if tick.price <= 0:
        raise ValueError(f"non-positive trade price {tick.price} for {tick.code}")
    if tick.at.tzinfo is None:
        raise ValueError("market times must be timezone-aware")


def apply_tick(state: StockState, tick: Tick) -> StockState:
    """Return ``state`` after the trade ``tick`` (see the module docstring for ordering rules)."""
    check_tick(tick, state.code)
    ts = tick.at.timestamp() if tick.ts is None else tick.ts
    key = int(ts // 60)  # == minute_key(tick.at), without a second timestamp() call
    if ts < state.open_ts:
        return structs.replace(state, pre_open_ticks=state.pre_open_ticks + 1)
    price = tick.price
    qty = -tick.quantity if tick.quantity < 0 else tick.quantity
    is_latest = ts >= state.last_ts

    # Only the fields this trade changes are passed on: a typical tick changes eight of them.
    changes: dict[str, object] = {
        "volume": state.volume + qty,
        "turnover_won": state.turnover_won + price * qty,
        "ticks": state.ticks + 1,
    }
    bar, bar_key = state.bar, state.bar_key
    if key > bar_key:
        if bar is not None:
            changes["bars"] = (*state.bars, bar)
        changes["bar"] = open_bar(state.code, key, price, qty)
        changes["bar_key"] = key
    elif key == bar_key and bar is not None:
        changes["bar"] = extend_bar(bar, price, qty, is_latest=is_latest)
    else:
        changes["late_ticks"] = state.late_ticks + 1
    if is_latest:
        changes["last_price"], changes["last_at"], changes["last_ts"] = price, tick.at, ts
    if ts < state.or_end_ts:
        changes["opening_range"] = widen(state.opening_range, price)
    if state.day_open is None:
        changes["day_open"] = price
    high, low = state.day_high, state.day_low
    if high is None or price > high:
        changes["day_high"] = price
    if low is None or price < low:
        changes["day_low"] = price
    if tick.cum_volume is not None and tick.cum_volume > state.feed_volume:
        changes["feed_volume"] = tick.cum_volume
    if tick.side_known and tick.quantity > 0:
        changes["buy_volume"] = state.buy_volume + qty
    elif tick.side_known and tick.quantity < 0:
        changes["sell_volume"] = state.sell_volume + qty
    return structs.replace(state, **changes)


def close_bar(state: StockState, now: datetime) -> StockState:
    """Return ``state`` with the bar in progress closed if its minute has ended at ``now``.

    Ticks close bars as they arrive; this is for a quiet stock, called from a timer, so its last
    bar is published without waiting for the next trade.
    """
    if state.bar is None or minute_key(now) <= state.bar_key:
        return state
    return structs.replace(state, bar=None, bars=(*state.bars, state.bar))


def bars_closed_between(before: StockState, after: StockState) -> tuple[Bar, ...]:
    """Return the bars ``after`` closed that ``before`` had not (to publish ``BarClosed``)."""
    return after.bars[len(before.bars) :]


def apply_vi(state: StockState, event: ViEvent) -> StockState:
    """Return ``state`` after the VI ``event`` (see :mod:`agent.marketdata.vi`)."""
    if event.code != state.code:
        raise ValueError(f"VI event for {event.code} applied to the state of {state.code}")
    vi = apply_vi_event(state.vi, event)
    return state if vi is state.vi else structs.replace(state, vi=vi)


def with_reference(
    state: StockState, *, prev_close: int | None = None, baseline: VolumeBaseline | None = None
) -> StockState:
    """Return ``state`` with the previous close and/or volume baseline, once they are fetched."""
    return structs.replace(
        state,
        prev_close=state.prev_close if prev_close is None else prev_close,
        baseline=state.baseline if baseline is None else baseline,
    )
