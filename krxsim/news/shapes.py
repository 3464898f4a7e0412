"""JSON shapes of the fake StockNews service, shared by its REST route and its publisher.

``GET /news/v1/scores?codes=005930,000660`` answers::

    {"as_of": "2026-11-24T09:12:00+09:00",
     "scores": [{"code": "005930", "score": 91, "headline": "...", "source": "연합뉴스",
                 "published_at": "2026-11-24T09:10:35+09:00"},
                {"code": "000660", "score": 0, "headline": null, "source": null,
                 "published_at": null}]}

``score`` is 0-100 (0 with null fields when the code has no news yet); unknown codes are left
out. Times are ISO 8601 in KST, market time.

Breaking news is published as one JSON object per message on the Redis channel
``news_breaking_kr`` (or handed to an in-process callback)::

    {"code": "005930", "name": "삼성전자", "score": 91, "headline": "...",
     "source": "연합뉴스", "published_at": "2026-11-24T09:10:35+09:00"}
"""

from __future__ import annotations

import msgspec

BREAKING_CHANNEL = "news_breaking_kr"


class NewsScore(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    score: int
    headline: str | None
    source: str | None
    published_at: str | None


class ScoresResponse(msgspec.Struct, frozen=True, kw_only=True):
    as_of: str
    scores: list[NewsScore]


class BreakingNews(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    name: str
    score: int
    headline: str
    source: str
    published_at: str
