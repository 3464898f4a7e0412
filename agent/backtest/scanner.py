"""The backtest's driver of the scanner's poll (:mod:`agent.strategy.scanner_loop`, which the
Scanner actor runs too): its ranking tape and news desk in, :class:`Watcher` objects out. New
codes start watching with the previous volume the rankings gave, exactly as the scanner hands
it to a StockActor.
"""

from __future__ import annotations

from datetime import datetime

from agent.backtest.rankings import RankingTape
from agent.backtest.watch import Watcher, start_watching
from agent.market.sessions import Phase
from agent.settings.components import StrategySettings
from agent.strategy.scanner import WatchList
from agent.strategy.scanner_loop import poll
from agent.strategy.thresholds import thresholds, window_shift_for
from krxsim.market.market import SyntheticMarket
from krxsim.news.desk import NewsDesk


class ScannerLoop:
    """The watch list and the watchers it started."""

    def __init__(
        self,
        market: SyntheticMarket,
        tape: RankingTape,
        news: NewsDesk | None,
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

    def poll(self, now: datetime, phase: Phase, *, pinned: set[str]) -> None:
        """Run one poll at ``now``, as the Scanner actor does."""
        self._ensure(pinned, now)

        def news_scores(codes: list[str]) -> dict[str, int | None]:
            if self.news is None:  # a fetched day: no news is known
                return dict.fromkeys(codes)
            return {s.code: s.score for s in self.news.scores(codes, now).scores}

        result = poll(
            now,
            phase,
            strategy=self.strategy,
            window_shift=self.window_shift,
            watched=set(self.watched),
            pinned=pinned,
            rankings=lambda: self.tape.rankings(now),
            news_scores=news_scores,
        )
        self._stop(set(result.stop))
        self._ensure(set(result.start), now, dict(result.prev_volume))
        if result.watchlist is None:
            return
        self.polls += 1
        self.last = result.watchlist
        for code in sorted(self.watched):
            watcher = self.watched[code]
            watcher.entries.ranked(*result.ranks.get(code, (None, None)))
            if code in result.news:
                watcher.entries.scored(result.news[code])

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
            )

    def _stop(self, codes: set[str]) -> None:
        for code in sorted(codes):
            self.watched.pop(code, None)
