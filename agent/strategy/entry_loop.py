"""The per-stock entry loop: when a watched code's picture says "enter", once, both drivers.

The StockActor runs it on every print of its code (live), the backtest on its tape (virtual
time): one loop, so a change to when an intent goes to the risk governor is made once. It holds
what the loop remembers between prints (the code's rank and news score, when the last intent
went, the time rules cached for the minute, the reasons of the last full evaluation) and asks
its driver, through callables, only for what costs a read: whether the agent holds the code
and how many entries it made in it today. No clock, thread, I/O or database of its own.

The stages, cheapest first (:mod:`agent.strategy.entry`): the rules that need only the last
trade; a retry wait after an intent; the time rules; the position rule; then the full rule with
its reasons. An intent is remembered even when it is not sent (an entry already made today), so
the database is read at most once per :data:`RETRY_ENTRY_AFTER_S`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from msgspec import structs

from agent.clock import KST
from agent.domain import Intent
from agent.marketdata.state import StockState, StockView
from agent.strategy.entry import (
    EntryContext,
    NoEntry,
    TimelyRules,
    entry_possible,
    evaluate_entry,
    position_rule,
)
from agent.strategy.reasons import Reason
from agent.strategy.thresholds import Thresholds

__all__ = ["RETRY_ENTRY_AFTER_S", "EntryLoop"]

log = logging.getLogger(__name__)

RETRY_ENTRY_AFTER_S = 300.0
"""After an intent, the next one for the code waits this long (market seconds): the governor's
verdict and the order's fate come first."""


class EntryLoop:
    """The entry decisions of one watched code."""

    def __init__(
        self, code: str, limits: Thresholds, *, window_shift: timedelta = timedelta(0)
    ) -> None:
        self.code = code
        self.limits = limits
        """The strategy's thresholds; a driver replaces them when the operator changes them."""
        self.rank: int | None = None
        """The code's place on the watch list (None: not on it, no entry)."""
        self.volume_rank: int | None = None
        """Its place in the turnover ranking, carried on the intent for the learning data."""
        self.news: int | None = None
        self.last_reasons: tuple[str, ...] = ()
        """The reasons of the last full evaluation, for the dashboard."""
        self.reasons_due = False
        """A cheap stage said no since the last full evaluation: its reasons are stale."""
        self._shift = window_shift
        self._shift_s = window_shift.total_seconds()
        self._last_intent_ts: float | None = None
        self._timely = TimelyRules()

    @property
    def window_shift(self) -> timedelta:
        return self._shift

    def ranked(self, rank: int | None, volume_rank: int | None) -> None:
        self.rank, self.volume_rank = rank, volume_rank

    def scored(self, news: int | None) -> None:
        self.news = news

    def new_day(self, window_shift: timedelta) -> None:
        """Forget the day: its rank, news, last intent and cached time rules."""
        self.rank = self.volume_rank = self.news = None
        self.last_reasons, self.reasons_due = (), False
        self._shift, self._shift_s = window_shift, window_shift.total_seconds()
        self._last_intent_ts = None
        self._timely = TimelyRules()

    def consider(
        self,
        market: StockView,
        timestamp: Callable[[], float],
        *,
        frozen: Callable[[], StockState],
        holding: Callable[[], bool],
        entries_today: Callable[[], int],
    ) -> Intent | None:
        """Return the intent to send to the risk governor now, if any.

        ``market`` is the code's picture (a :class:`~agent.marketdata.live.LiveState` folded in
        place, or a :class:`StockState`); ``frozen`` returns it as a StockState for the full
        rule. The rest is asked only once the stage before passed, the per-tick path being what
        it is: ``timestamp`` (POSIX seconds, market time) once the last trade alone allows an
        entry, ``holding`` and ``entries_today`` once the time rules pass too.
        """
        rank = self.rank
        if rank is None:
            return None
        limits = self.limits
        if not entry_possible(market, limits, rank, self.news):
            self.reasons_due = True  # certain to say no: the reasons wait for a snapshot
            return None
        ts = timestamp()
        last = self._last_intent_ts
        if last is not None and ts - last < RETRY_ENTRY_AFTER_S:
            return None
        if not self._timely(market, limits, ts, self._shift_s):
            self.reasons_due = True
            return None
        context = EntryContext(watch_rank=rank, news_score=self.news, holding=holding())
        if position_rule(context) is not Reason.NOT_HELD:
            self.reasons_due = True
            return None
        decision = self.explain(frozen(), datetime.fromtimestamp(ts, KST), context)
        if not isinstance(decision, Intent):  # cannot happen: a property test holds the stages
            log.error("entry rules disagree for %s: %s", self.code, decision.reasons)
            return None
        self._last_intent_ts = ts
        if entries_today() > 0:
            return None
        if self.volume_rank is not None:
            decision = structs.replace(decision, volume_rank=self.volume_rank)
        return decision

    def explain(
        self, state: StockState, now: datetime, context: EntryContext | None = None
    ) -> Intent | NoEntry:
        """Run the full rule with its reasons (remembered in :attr:`last_reasons`)."""
        if context is None:
            context = EntryContext(watch_rank=self.rank, news_score=self.news, holding=False)
        decision = evaluate_entry(state, context, self.limits, now, window_shift=self._shift)
        self.last_reasons, self.reasons_due = decision.reasons, False
        return decision
