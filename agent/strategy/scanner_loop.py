"""The scanner's poll, for both drivers: rankings and news in, which codes to watch out.

The Scanner actor runs it every ``scan_interval_s`` against the broker's ranking TRs and the
StockNews scores; the backtest against its ranking tape and news desk. In the window (from a
minute before its start, both edges moved with a late open) a poll reads the three rankings,
looks up the news scores of every ranked code, ranks them with :func:`scan` and moves the
watched codes toward the result with :func:`watch_diff`'s hysteresis; pinned codes (the agent's
positions, the operator's picks) are never dropped. Outside the window every unpinned code
stops being watched, except in the opening auction. The driver carries the answer out: it
starts and stops watching, then hands every watched code its rank and news score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

from msgspec import Struct

from agent.market.sessions import Phase
from agent.settings.components import StrategySettings
from agent.settings.units import hhmm
from agent.strategy.scanner import RankEntry, WatchList, scan, watch_diff

__all__ = ["PRE_WINDOW", "Poll", "in_scan_window", "poll"]

PRE_WINDOW = timedelta(minutes=1)
"""Scanning starts this long before the window, so the first leaders are watched at its start."""

Rankings = tuple[Sequence[RankEntry], Sequence[RankEntry], Sequence[RankEntry]]
"""(turnover, volume surge, gainers), as the ranking TRs list them."""


class Poll(Struct, frozen=True, kw_only=True):
    """What one poll decided."""

    start: tuple[str, ...] = ()
    """Codes to start watching, best first."""
    stop: tuple[str, ...] = ()
    """Codes to stop watching."""
    watchlist: WatchList | None = None
    """The ranking (None: outside the window, nothing was read)."""
    ranks: Mapping[str, tuple[int | None, int | None]] = {}
    """Every code watched after the poll: (place on the watch list, place by turnover)."""
    news: Mapping[str, int | None] = {}
    """The news score of every ranked code that has one."""
    prev_volume: Mapping[str, int | None] = {}
    """The previous day's volume of the codes the turnover ranking lists (ka10032's
    ``pred_trde_qty``; the other rankings' figures are not the previous day's total)."""
    turnover: tuple[RankEntry, ...] = ()


def in_scan_window(now: datetime, strategy: StrategySettings, window_shift: timedelta) -> bool:
    """Tell whether ``now`` is in the scanner's window (a minute early, moved by the shift)."""

    def at(text: str) -> datetime:
        clock = hhmm(text)
        return now.replace(hour=clock.hour, minute=clock.minute, second=0, microsecond=0)

    start, end = at(strategy.window_start), at(strategy.window_end)
    return start + window_shift - PRE_WINDOW <= now < end + window_shift


def poll(
    now: datetime,
    phase: Phase,
    *,
    strategy: StrategySettings,
    window_shift: timedelta,
    watched: set[str],
    pinned: set[str],
    rankings: Callable[[], Rankings],
    news_scores: Callable[[list[str]], Mapping[str, int | None]],
) -> Poll:
    """Run one poll at ``now``; ``rankings`` and ``news_scores`` are read only in the window."""
    if not in_scan_window(now, strategy, window_shift):
        outside = watched - pinned
        if outside and phase is not Phase.OPENING_AUCTION:
            return Poll(stop=tuple(sorted(outside)))
        return Poll()
    turnover, surges, gainers = rankings()
    codes = sorted({e.code for e in (*turnover, *surges, *gainers)})
    news = dict(news_scores(codes))
    watchlist = scan(turnover, surges, gainers, news, strategy, now, window_shift=window_shift)
    start, stop = watch_diff(watched, watchlist, pinned=pinned)
    after = (watched - set(stop)) | set(start)
    volume_ranks = {e.code: i + 1 for i, e in enumerate(turnover)}
    return Poll(
        start=start,
        stop=stop,
        watchlist=watchlist,
        ranks={c: (watchlist.leader_rank(c), volume_ranks.get(c)) for c in sorted(after)},
        news=news,
        prev_volume={e.code: e.prev_volume for e in turnover},
        turnover=tuple(turnover),
    )
