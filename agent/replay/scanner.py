"""The scanner's poll, replayed on its journaled reads and checked against the ranks taken.

A StockActor takes its rank a moment after the poll (prints come in between), so the watch
cores go by the ranks the actors journaled taking; the poll the replay runs on the same reads
must have given each of them that rank, or the scanner decided otherwise: a difference.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from agent import journal
from agent.replay.sessions import Sessions
from agent.settings.components import StrategySettings
from agent.strategy.scanner_loop import poll

__all__ = ["RankCheck"]

Rank = tuple[int | None, int | None]


class RankCheck:
    """The ranks the last replayed poll gave, and where the actors took others."""

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions
        self._expected: dict[str, Rank] = {}
        self.differences: list[dict[str, Any]] = []

    def poll(
        self,
        rankings: journal.Rankings | journal.Ranks,
        now: datetime,
        strategy: StrategySettings,
        *,
        watched: set[str],
        pinned: set[str],
        news: Callable[[], dict[str, int | None]],
    ) -> None:
        """Run the scanner's poll at ``now`` on its journaled reads."""
        result = poll(
            now,
            self._sessions.phase(now),
            strategy=strategy,
            window_shift=self._sessions.shift(now),
            watched=watched,
            pinned=pinned,
            rankings=lambda: (rankings.turnover, rankings.surges, rankings.gainers),
            news_scores=lambda _codes: news(),
        )
        if result.watchlist is not None:
            stopped = set(result.stop)
            self._expected = {c: r for c, r in result.ranks.items() if c not in stopped}

    def took(self, code: str, rank: Rank, now: datetime) -> None:
        """A StockActor took ``rank``: the last poll must have given it."""
        expected = self._expected.pop(code, None)
        if expected is not None and expected != rank:
            self.differences.append(
                {
                    "kind": "rank",
                    "at": now.isoformat(timespec="seconds"),
                    "live": {"code": code, "rank": list(rank)},
                    "replayed": {"code": code, "rank": list(expected)},
                }
            )
