"""The news desk: scores as of market time, and breaking items as they fall due."""

from __future__ import annotations

from datetime import datetime

from krxsim.market.listings import Listing
from krxsim.market.script import DayScript, NewsItem
from krxsim.news.shapes import BreakingNews, NewsScore, ScoresResponse


class NewsDesk:
    """Serve the day's scripted news; nothing is visible before it is published."""

    def __init__(self, script: DayScript, listings: dict[str, Listing]) -> None:
        self.listings = listings
        self._news = script.news
        self._published = 0

    def scores(self, codes: list[str], now: datetime) -> ScoresResponse:
        """Return each known code's latest published score at ``now``."""
        latest: dict[str, NewsItem] = {}
        for item in self._news:
            if item.published > now:
                break
            latest[item.code] = item
        out = []
        for code in codes:
            if code not in self.listings:
                continue
            found = latest.get(code)
            if found is None:
                out.append(
                    NewsScore(code=code, score=0, headline=None, source=None, published_at=None)
                )
            else:
                out.append(
                    NewsScore(
                        code=code,
                        score=found.score,
                        headline=found.headline,
                        source=found.source,
                        published_at=found.published.isoformat(),
                    )
                )
        return ScoresResponse(as_of=now.isoformat(), scores=out)

    def due(self, now: datetime) -> list[BreakingNews]:
        """Return breaking items published since the last call, oldest first."""
        out = []
        while self._published < len(self._news) and self._news[self._published].published <= now:
            item = self._news[self._published]
            self._published += 1
            if item.breaking:
                out.append(
                    BreakingNews(
                        code=item.code,
                        name=self.listings[item.code].name,
                        score=item.score,
                        headline=item.headline,
                        source=item.source,
                        published_at=item.published.isoformat(),
                    )
                )
        return out
