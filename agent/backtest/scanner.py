"""The scanner's poll, as ``actors/scanner`` runs it: rankings and news -> the watch list.

In the window (from a minute before its start) every poll reads the three rankings, looks up
the news scores of every ranked code, ranks them with :func:`agent.strategy.scanner.scan` and
moves the watched codes toward the result with :func:`watch_diff`'s hysteresis; held codes are
pinned. Outside the window every unpinned code stops being watched (except in the opening
auction). New codes start watching with the previous volume the rankings gave, exactly as the
scanner hands it to a StockActor.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.backtest.rankings import RankingTape
from agent.backtest.watch import Watcher, start_watching
from agent.market.sessions import Phase
from agent.settings.components import StrategySettings
from agent.sim.market.market import SyntheticMarket
from agent.sim.news.desk import NewsDesk
from agent.strategy.scanner import WatchList, scan, watch_diff
from agent.strategy.thresholds import thresholds, window_shift_for

PRE_WINDOW = timedelta(minutes=1)
"""``actors.scanner.actor.PRE_WINDOW``."""


class ScannerLoop:
    """The watch list and the watchers it started."""

    def __init__(
        self,
        market: SyntheticMarket,
        tape: RankingTape,
        news: NewsDesk,
        strategy: StrategySettings,
        *,
        open_at: datetime,
    ) -> None:
        self.market = market
        self.tape = tape
        self.news = news
        self.strategy = strategy
        self.open_at = open_at
        self.thresholds = thresholds(strategy)
        self.window_shift = window_shift_for(open_at)
        self.watched: dict[str, Watcher] = {}
        self.last: WatchList | None = None
        self.polls = 0

    def _in_window(self, now: datetime) -> bool:
        def at(hhmm: str) -> datetime:
            hh, mm = hhmm.split(":")
            return now.replace(hour=int(hh), minute=int(mm), second=0, microsecond=0)

        start, end = at(self.strategy.window_start), at(self.strategy.window_end)
        return start - PRE_WINDOW <= now < end

    def poll(self, now: datetime, phase: Phase, *, pinned: set[str]) -> None:
        """Run one poll at ``now``."""
        self._ensure(pinned, now)
        if not self._in_window(now):
            outside = set(self.watched) - pinned
            if outside and phase is not Phase.OPENING_AUCTION:
                self._stop(outside)
            return
        self.polls += 1
        turnover, surges, gainers = self.tape.rankings(now)
        codes = sorted({e.code for e in (*turnover, *surges, *gainers)})
        news: dict[str, int | None] = {s.code: s.score for s in self.news.scores(codes, now).scores}
        watchlist = scan(turnover, surges, gainers, news, self.strategy, now)
        self.last = watchlist
        to_start, to_stop = watch_diff(set(self.watched), watchlist, pinned=pinned)
        self._stop(set(to_stop))
        # As the scanner builds it: the last list naming a code wins (a gainer row has none).
        previous_volume = {e.code: e.prev_volume for e in turnover}  # as the scanner actor
        self._ensure(set(to_start), now, previous_volume)
        volume_ranks = {e.code: i + 1 for i, e in enumerate(turnover)}
        for code in sorted(self.watched):
            watcher = self.watched[code]
            watcher.entries.ranked(watchlist.leader_rank(code), volume_ranks.get(code))
            if code in news:
                watcher.entries.scored(news[code])

    def _ensure(
        self, codes: set[str], now: datetime, prev_volume: dict[str, int | None] | None = None
    ) -> None:
        for code in sorted(codes - set(self.watched)):
            self.watched[code] = start_watching(
                self.market,
                code,
                now,
                open_at=self.open_at,
                opening_range_minutes=self.strategy.opening_range_minutes,
                prev_volume=(prev_volume or {}).get(code),
                limits=self.thresholds,
                window_shift=self.window_shift,
            )

    def _stop(self, codes: set[str]) -> None:
        for code in sorted(codes):
            self.watched.pop(code, None)
