"""The tick fold in place, for the one owner of a stock's picture that applies every trade.

:func:`~agent.marketdata.state.apply_tick` returns a new frozen :class:`StockState` and a new
:class:`Bar` per trade: right for replay and tests, and half of a StockActor's work per tick at
the opening's peak. :class:`LiveState` applies the same trades to plain attributes instead, and
:meth:`LiveState.state` returns the frozen state, equal to folding the same ticks with
``apply_tick`` (a property test holds it to that), to publish, record or judge in full. The
rules' cheap gates read a :class:`LiveState` directly: it has the attributes of the
:class:`~agent.marketdata.state.MarketView` they read.

Rare changes (VI events, a quiet bar's close, the references) go through the pure functions on
:meth:`state` and come back through :meth:`load`, so there is one definition of each.
"""

from __future__ import annotations

from datetime import datetime

from agent.marketdata.bars import Bar, minute_start
from agent.marketdata.events import Tick
from agent.marketdata.opening_range import OpeningRange, widen
from agent.marketdata.state import StockState, check_tick
from agent.marketdata.vi import ViState
from agent.marketdata.volume_ratio import VolumeBaseline


class LiveState:
    """A :class:`StockState` folded in place; owned by one thread, never shared.

    Readers elsewhere get :meth:`state`, a frozen copy that later trades do not change.
    """

    __slots__ = (
        "_frozen",
        "_seen_at",
        "_seen_key",
        "_seen_ts",
        "bar_close",
        "bar_high",
        "bar_key",
        "bar_low",
        "bar_open",
        "bar_start",
        "bar_trades",
        "bar_turnover",
        "bar_volume",
        "bars",
        "baseline",
        "buy_volume",
        "code",
        "day_high",
        "day_low",
        "day_open",
        "feed_volume",
        "last_at",
        "last_price",
        "last_ts",
        "late_ticks",
        "open_at",
        "open_ts",
        "opening_range",
        "or_end_ts",
        "pre_open_ticks",
        "prev_close",
        "sell_volume",
        "ticks",
        "turnover_won",
        "vi",
        "volume",
    )

    code: str
    open_at: datetime
    prev_close: int | None
    baseline: VolumeBaseline | None
    opening_range: OpeningRange
    last_price: int | None
    last_at: datetime | None
    day_open: int | None
    day_high: int | None
    day_low: int | None
    volume: int
    turnover_won: int
    feed_volume: int
    buy_volume: int
    sell_volume: int
    bars: tuple[Bar, ...]
    vi: ViState
    ticks: int
    late_ticks: int
    pre_open_ticks: int
    open_ts: float
    or_end_ts: float
    bar_key: int
    last_ts: float
    bar_start: datetime | None
    """Start of the bar in progress; None when there is none (the other ``bar_`` fields are
    then meaningless)."""
    bar_open: int
    bar_high: int
    bar_low: int
    bar_close: int
    bar_volume: int
    bar_turnover: int
    bar_trades: int
    _frozen: StockState | None
    _seen_at: datetime | None
    """The last trade time converted, with its timestamp and minute key."""
    _seen_ts: float
    _seen_key: int

    def __init__(self, state: StockState) -> None:
        self.load(state)

    def load(self, state: StockState) -> None:
        """Take every field of ``state``: what the pure functions returned for a rare change."""
        bar = state.bar
        if bar is not None and not _inside_day(bar, state):  # checked before anything changes
            raise ValueError(f"the bar in progress of {state.code} is outside the day's range")
        self.code, self.open_at = state.code, state.open_at
        self.prev_close, self.baseline = state.prev_close, state.baseline
        self.opening_range, self.vi = state.opening_range, state.vi
        self.last_price, self.last_at, self.last_ts = state.last_price, state.last_at, state.last_ts
        self.day_open, self.day_high, self.day_low = state.day_open, state.day_high, state.day_low
        self.volume, self.turnover_won = state.volume, state.turnover_won
        self.feed_volume = state.feed_volume
        self.buy_volume, self.sell_volume = state.buy_volume, state.sell_volume
        self.bars, self.bar_key = state.bars, state.bar_key
        self.ticks, self.late_ticks = state.ticks, state.late_ticks
        self.pre_open_ticks = state.pre_open_ticks
        self.open_ts, self.or_end_ts = state.open_ts, state.or_end_ts
        if bar is None:
            self.bar_start = None
            self.bar_open = self.bar_high = self.bar_low = self.bar_close = 0
            self.bar_volume = self.bar_turnover = self.bar_trades = 0
        else:
            self.bar_start = bar.start
            self.bar_open, self.bar_high, self.bar_low = bar.open, bar.high, bar.low
            self.bar_close, self.bar_volume = bar.close, bar.volume
            self.bar_turnover, self.bar_trades = bar.turnover_won, bar.trades
        self._frozen = state
        self._seen_at, self._seen_ts, self._seen_key = None, 0.0, 0

    @property
    def bar(self) -> Bar | None:
        """The bar in progress, as :class:`StockState` holds it."""
        return None if self.bar_start is None else self._bar_from(self.bar_start)

    def _bar_from(self, start: datetime) -> Bar:
        return Bar(
            code=self.code,
            start=start,
            open=self.bar_open,
            high=self.bar_high,
            low=self.bar_low,
            close=self.bar_close,
            volume=self.bar_volume,
            turnover_won=self.bar_turnover,
            trades=self.bar_trades,
        )

    def state(self) -> StockState:
        """Return the frozen state: equal to ``apply_tick`` over the same ticks."""
        frozen = self._frozen
        if frozen is None:
            frozen = self._frozen = StockState(
                code=self.code,
                open_at=self.open_at,
                prev_close=self.prev_close,
                baseline=self.baseline,
                opening_range=self.opening_range,
                last_price=self.last_price,
                last_at=self.last_at,
                day_open=self.day_open,
                day_high=self.day_high,
                day_low=self.day_low,
                volume=self.volume,
                turnover_won=self.turnover_won,
                feed_volume=self.feed_volume,
                buy_volume=self.buy_volume,
                sell_volume=self.sell_volume,
                bar=self.bar,
                bars=self.bars,
                vi=self.vi,
                ticks=self.ticks,
                late_ticks=self.late_ticks,
                pre_open_ticks=self.pre_open_ticks,
                open_ts=self.open_ts,
                or_end_ts=self.or_end_ts,
                bar_key=self.bar_key,
                last_ts=self.last_ts,
            )
        return frozen

    def apply(self, tick: Tick) -> bool:
        """Apply ``tick`` as :func:`~agent.marketdata.state.apply_tick` would; True when it
        closed the bar in progress (it is then ``bars[-1]``)."""
        check_tick(tick, self.code)
        if tick.ts is not None and tick.at != self._seen_at:
            self._seen(tick.at, tick.ts)
        return self.trade(tick.at, tick.price, tick.quantity, tick.cum_volume, tick.side_known)

    def _seen(self, at: datetime, ts: float) -> None:
        self._seen_at, self._seen_ts, self._seen_key = at, ts, int(ts // 60)

    def trade(
        self, at: datetime, price: int, quantity: int, cum_volume: int | None, side_known: bool
    ) -> bool:
        """Apply a trade of ``quantity`` (signed by the aggressor; ``side_known`` False for an
        unsigned print) at ``price``, at ``at``: :meth:`apply` without building a
        :class:`Tick`, for a caller that checked the price is positive and ``at`` is
        timezone-aware. The per-tick path: written for speed, held to ``apply_tick`` by tests.
        """
        self._frozen = None
        if at == self._seen_at:  # feed times are whole seconds: convert each second once
            ts, key = self._seen_ts, self._seen_key
        else:
            ts = at.timestamp()
            key = int(ts // 60)
            self._seen_at, self._seen_ts, self._seen_key = at, ts, key
        if ts < self.open_ts:
            self.pre_open_ticks += 1
            return False
        qty = -quantity if quantity < 0 else quantity
        turnover = price * qty
        self.volume += qty
        self.turnover_won += turnover
        self.ticks += 1
        if side_known:
            if quantity > 0:
                self.buy_volume += qty
            else:
                self.sell_volume += qty
        if cum_volume is not None and cum_volume > self.feed_volume:
            self.feed_volume = cum_volume
        is_latest = ts >= self.last_ts
        if is_latest:
            self.last_price, self.last_at, self.last_ts = price, at, ts
        if ts < self.or_end_ts:
            self.opening_range = widen(self.opening_range, price)
        if key == self.bar_key and self.bar_start is not None:  # most trades: this minute's bar
            if is_latest:
                self.bar_close = price
            self.bar_volume += qty
            self.bar_turnover += turnover
            self.bar_trades += 1
            # The bar's range lies inside the day's (load() holds it): only a new bar high
            # or low can be a new day high or low.
            if price > self.bar_high:
                self.bar_high = price
                high = self.day_high
                if high is None or price > high:
                    self.day_high = price
            elif price < self.bar_low:
                self.bar_low = price
                low = self.day_low
                if low is None or price < low:
                    self.day_low = price
            return False
        closed = False
        if key > self.bar_key:
            if self.bar_start is not None:
                self.bars = (*self.bars, self._bar_from(self.bar_start))
                closed = True
            self.bar_start, self.bar_key = minute_start(key), key
            self.bar_open = self.bar_high = self.bar_low = self.bar_close = price
            self.bar_volume, self.bar_turnover, self.bar_trades = qty, turnover, 1
        else:
            self.late_ticks += 1
        if self.day_open is None:
            self.day_open = price
        high = self.day_high
        if high is None or price > high:
            self.day_high = price
        low = self.day_low
        if low is None or price < low:
            self.day_low = price
        return closed


def _inside_day(bar: Bar, state: StockState) -> bool:
    high, low = state.day_high, state.day_low
    if state.day_open is None or high is None or low is None:
        return False
    return low <= bar.low and bar.high <= high
