"""The opening-leader entry rule: every condition checked, every outcome named.

:func:`evaluate_entry` checks, in this order: the strategy switch, the entry window, turnover
leadership (on the watch list), the news score, a price, the opening-range breakout, VWAP, volume
against the previous day, the change over the previous close, VI, and the position/one-entry-per-day
rule. Each rule adds one reason code, passed or failed; a rule whose settings switch is off adds
its ``*_NOT_REQUIRED`` code and passes. The answer is an :class:`~agent.domain.Intent` when
nothing failed, else a :class:`NoEntry` with all the reasons and the failed subset, so the UI and
the learning data see why.

Comparisons are exact integer arithmetic: price above VWAP means ``price * volume > turnover``,
not a comparison with a rounded VWAP. Strictly above: a price equal to the opening-range high or
the VWAP is not a breakout.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from msgspec import Struct

from agent.domain import Intent, OrderPurpose, Side
from agent.marketdata import figures
from agent.marketdata.state import StockState, StockView
from agent.marketdata.volume_ratio import DEFAULT_PROFILE, Profile
from agent.settings.components import StrategySettings
from agent.strategy.reasons import Reason
from agent.strategy.thresholds import Thresholds, in_window_at, thresholds, window_seconds

STRATEGY_TAG = "opening_leader"

_PASSING = frozenset(
    {
        Reason.IN_WINDOW,
        Reason.TURNOVER_TOP,
        Reason.NEWS_SCORE_OK,
        Reason.NEWS_NOT_REQUIRED,
        Reason.OR_BREAKOUT,
        Reason.BREAKOUT_NOT_REQUIRED,
        Reason.ABOVE_VWAP,
        Reason.VWAP_NOT_REQUIRED,
        Reason.VOLUME_RATIO_OK,
        Reason.CHANGE_OK,
        Reason.VI_CLEAR,
        Reason.NOT_HELD,
    }
)


class EntryContext(Struct, frozen=True, kw_only=True):
    """What the entry rule needs to know beyond the market data of the stock."""

    watch_rank: int | None
    """Position among the scanner's selected leaders (1 = best), as given by
    :meth:`~agent.strategy.scanner.WatchList.leader_rank`; None if not selected."""
    news_score: int | None
    """Latest StockNews score, 0-100; None if none yet."""
    holding: bool = False
    """A position in the stock is open (or an entry order is working)."""
    entries_today: int = 0
    """Entries already taken in this stock today."""
    max_entries_per_day: int = 1


class NoEntry(Struct, frozen=True, kw_only=True):
    """The entry rule said no for ``code`` at ``at``."""

    code: str
    at: datetime
    reasons: tuple[Reason, ...]
    """The outcome of every rule checked, in rule order."""
    failed: tuple[Reason, ...]
    """The failing subset of ``reasons``."""


def evaluate_entry(
    state: StockState,
    context: EntryContext,
    settings: StrategySettings | Thresholds,
    now: datetime,
    *,
    window_shift: timedelta = timedelta(0),
    profile: Profile = DEFAULT_PROFILE,
) -> Intent | NoEntry:
    """Return a buy :class:`Intent` at the last trade price if every rule passes, else NoEntry.

    ``settings`` may be pre-converted :class:`Thresholds` (saves the conversion on every tick);
    ``window_shift`` moves the window on late-opening days (:func:`window_shift_for`).
    """
    limits = thresholds(settings)
    if now.tzinfo is None:
        raise ValueError("market times must be timezone-aware")
    ts = now.timestamp()  # once: every time rule compares seconds
    window = in_window_at(limits, ts, window_shift.total_seconds())
    reasons = [
        *([] if limits.enabled else [Reason.STRATEGY_DISABLED]),
        Reason.IN_WINDOW if window else Reason.OUT_OF_WINDOW,
        Reason.TURNOVER_TOP if context.watch_rank is not None else Reason.NOT_WATCHED,
        news_rule(context.news_score, limits),
        *([] if state.last_price is not None else [Reason.NO_PRICE]),
        _breakout_rule_at(state, limits, ts),
        vwap_rule(state, limits),
        _volume_ratio_rule_at(state, limits, ts, profile),
        change_rule(state, limits),
        Reason.VI_ACTIVE if figures.in_vi(state) else Reason.VI_CLEAR,
        position_rule(context),
    ]
    failed = tuple(r for r in reasons if r not in _PASSING)
    if failed or state.last_price is None:
        return NoEntry(code=state.code, at=now, reasons=tuple(reasons), failed=failed)
    return Intent(
        code=state.code,
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=state.last_price,
        at=now,
        strategy_tag=STRATEGY_TAG,
        reasons=tuple(reasons),
        news_score=context.news_score,
        volume_rank=context.watch_rank,
    )


def entry_possible(
    state: StockView, limits: Thresholds, watch_rank: int | None, news_score: int | None
) -> bool:
    """Return False when :func:`evaluate_entry` is certain to say no, from the state alone.

    A necessary condition, cheap enough for every tick: no clock, no database, no allocation.
    It checks the rules that need only the last trade (switch, watch list, news score, breakout
    over the range high, VWAP, change, VI); the window, the range being complete, the volume
    ratio and the position are left to :func:`evaluate_entry`. True does not mean an entry, and
    False never hides one (a property test holds it to that).
    """
    price = state.last_price
    if not limits.enabled or watch_rank is None or price is None:
        return False
    if limits.require_news and (news_score is None or news_score < limits.news_threshold):
        return False
    if limits.require_breakout:
        high = state.opening_range.high
        if high is None or price <= high:
            return False
    if limits.require_vwap and price * state.volume <= state.turnover_won:
        return False
    prev_close = state.prev_close
    if not prev_close:  # change unknown
        return False
    diff = (price - prev_close) * figures.BP  # figures.change_within, inlined: every tick
    inside = limits.min_change_bps * prev_close <= diff <= limits.max_change_bps * prev_close
    return inside and not state.vi.active


def entry_timely(
    state: StockView,
    limits: Thresholds,
    ts: float,
    *,
    shift_s: float = 0.0,
    profile: Profile = DEFAULT_PROFILE,
) -> bool:
    """Return whether the rules that depend on the time pass at the POSIX timestamp ``ts``:
    the window, the opening range being complete, and the volume ratio."""
    return (
        _window_and_range(state, limits, ts, shift_s)
        and figures.meets_volume_ratio_at(state, ts, limits.min_volume_ratio_bp, profile) is True
    )


def _window_and_range(state: StockView, limits: Thresholds, ts: float, shift_s: float) -> bool:
    return in_window_at(limits, ts, shift_s) and (
        not limits.require_breakout or figures.opening_range_complete_at(state, ts)
    )


class TimelyRules:
    """:func:`entry_timely`, remembered for the minute: one per StockActor.

    The time rules change only at minute boundaries when the open, the range's end and the
    window's edges fall on whole minutes (they do on every KRX day: the settings are HH:MM),
    so within a minute only the volume comparison is redone. With any edge off the minute, or
    after the state's references or the thresholds changed, it recomputes; it always answers
    exactly what :func:`entry_timely` answers (a property test holds it to that).
    """

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._needed: int | None = None
        """``min_ratio_bp * expected volume`` while the window and the range pass, else None."""

    def __call__(
        self,
        state: StockView,
        limits: Thresholds,
        ts: float,
        shift_s: float = 0.0,
        profile: Profile = DEFAULT_PROFILE,
    ) -> bool:
        key = (ts // 60, limits, state.baseline, state.open_ts, state.or_end_ts, shift_s, profile)
        if key != self._key:
            if not _on_whole_minutes(state, limits, shift_s):
                self._key = None
                return entry_timely(state, limits, ts, shift_s=shift_s, profile=profile)
            self._key = key
            expected = figures.expected_volume_at(state, ts, profile)
            # meets_ratio with the volume left for every call; unknown (None) fails like False.
            if _window_and_range(state, limits, ts, shift_s) and expected and expected > 0:
                self._needed = limits.min_volume_ratio_bp * expected
            else:
                self._needed = None
        needed = self._needed
        if needed is None:
            return False
        volume, feed = state.volume, state.feed_volume  # figures.day_volume, inlined
        return (volume if volume >= feed else feed) * figures.BP >= needed


def _on_whole_minutes(state: StockView, limits: Thresholds, shift_s: float) -> bool:
    edges = (
        state.open_ts,
        state.or_end_ts,
        shift_s,
        window_seconds(limits.window_start),
        window_seconds(limits.window_end),
    )
    return all(edge % 60 == 0 for edge in edges)


def entry_ready(
    state: StockState,
    context: EntryContext,
    limits: Thresholds,
    ts: float,
    *,
    shift_s: float = 0.0,
    profile: Profile = DEFAULT_PROFILE,
) -> bool:
    """Return exactly whether :func:`evaluate_entry` would give an Intent at the timestamp ``ts``.

    The same rules, cheapest first and stopping at the first that fails, with no reasons
    collected: the per-tick path (a caller may run the three stages itself, building the
    context only when it is needed). A property test holds this equal to the rule.
    """
    return (
        entry_possible(state, limits, context.watch_rank, context.news_score)
        and entry_timely(state, limits, ts, shift_s=shift_s, profile=profile)
        and position_rule(context) is Reason.NOT_HELD
    )


def news_rule(score: int | None, limits: Thresholds) -> Reason:
    """Return the news rule's outcome: score at or over the threshold, when required."""
    if not limits.require_news:
        return Reason.NEWS_NOT_REQUIRED
    if score is None:
        return Reason.NEWS_MISSING
    return Reason.NEWS_SCORE_OK if score >= limits.news_threshold else Reason.NEWS_SCORE_LOW


def _breakout_rule_at(state: StockState, limits: Thresholds, ts: float) -> Reason:
    if not limits.require_breakout:
        return Reason.BREAKOUT_NOT_REQUIRED
    high = state.opening_range.high
    if not figures.opening_range_complete_at(state, ts) or high is None:
        return Reason.OR_INCOMPLETE
    if state.last_price is not None and state.last_price > high:
        return Reason.OR_BREAKOUT
    return Reason.OR_NOT_BROKEN


def vwap_rule(state: StockState, limits: Thresholds) -> Reason:
    """Return the VWAP rule's outcome: last price strictly above today's VWAP."""
    if not limits.require_vwap:
        return Reason.VWAP_NOT_REQUIRED
    sign = figures.price_vs_vwap(state)
    if sign is None:
        return Reason.VWAP_UNKNOWN
    return Reason.ABOVE_VWAP if sign > 0 else Reason.BELOW_VWAP


def _volume_ratio_rule_at(
    state: StockState, limits: Thresholds, ts: float, profile: Profile
) -> Reason:
    meets = figures.meets_volume_ratio_at(state, ts, limits.min_volume_ratio_bp, profile)
    if meets is None:
        return Reason.VOLUME_RATIO_UNKNOWN
    return Reason.VOLUME_RATIO_OK if meets else Reason.VOLUME_RATIO_LOW


def change_rule(state: StockState, limits: Thresholds) -> Reason:
    """Return the change rule's outcome: change over the previous close within the range."""
    where = figures.change_within(state, limits.min_change_bps, limits.max_change_bps)
    if where is None:
        return Reason.CHANGE_UNKNOWN
    return {-1: Reason.CHANGE_TOO_LOW, 0: Reason.CHANGE_OK, 1: Reason.CHANGE_TOO_HIGH}[where]


def position_rule(context: EntryContext) -> Reason:
    """Return the position rule's outcome: nothing held and entries left for today."""
    if context.holding:
        return Reason.ALREADY_HELD
    if context.entries_today >= context.max_entries_per_day:
        return Reason.ALREADY_ENTERED
    return Reason.NOT_HELD
