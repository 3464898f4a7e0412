"""The StockNews contract: the only shapes the agent accepts from the news service.

Scores, over REST::

    GET {stocknews_url}/news/v1/scores?codes=005930,000660

    200 {"as_of": "2026-11-24T09:12:00+09:00",
         "scores": [{"code": "005930", "score": 91, "headline": "...", "source": "연합뉴스",
                     "published_at": "2026-11-24T09:10:35+09:00", "url": "https://..."},
                    {"code": "000660", "score": 0, "headline": null, "source": null,
                     "published_at": null}]}

* ``code``: six characters, digits or capital letters (``005930``, ``0001A0``).
* ``score``: integer 0-100. A code without news yet has ``score`` 0 and null ``headline``,
  ``source`` and ``published_at``; :attr:`NewsScore.has_news` tells the two apart.
* A code the service does not know is left out of ``scores``; the client reports it as ``None``.
* ``url`` is optional (the simulator does not send it).

Breaking news, one JSON object per message on the Redis channel (``news_breaking_kr`` by
default, ``[news] channel``) or handed to the in-process bus::

    {"code": "005930", "name": "삼성전자", "score": 91, "headline": "...",
     "source": "연합뉴스", "published_at": "2026-11-24T09:10:35+09:00", "url": "https://..."}

Every field but ``url`` is required.

Rules for both: times are ISO 8601 *with* an offset (the service sends KST; a time without an
offset is rejected rather than guessed); numbers are JSON integers, not strings or floats;
unknown fields are ignored, so the service may add fields without breaking the agent; anything
else is a :class:`ContractError` naming the offending field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, TypeVar

import msgspec
from msgspec import Meta, Struct

from agent.formats import STOCK_CODE

SCORES_PATH = "/news/v1/scores"
"""Path of the scores endpoint, relative to ``[news] stocknews_url``."""

Code = Annotated[str, Meta(pattern=STOCK_CODE)]
Score = Annotated[int, Meta(ge=0, le=100)]
AwareTime = Annotated[datetime, Meta(tz=True)]


class NewsScore(Struct, frozen=True, kw_only=True):
    """The news score of one stock as of the response's ``as_of``."""

    code: Code
    score: Score
    """0-100; how strongly the latest news supports a move (0 with no news)."""
    headline: str | None = None
    source: str | None = None
    published_at: AwareTime | None = None
    """When the scored article was published; None when there is no news yet."""
    url: str | None = None

    @property
    def has_news(self) -> bool:
        """Return whether an article stands behind this score."""
        return self.published_at is not None


class ScoresResponse(Struct, frozen=True, kw_only=True):
    """Body of ``GET /news/v1/scores``."""

    as_of: AwareTime
    scores: tuple[NewsScore, ...]


class BreakingNews(Struct, frozen=True, kw_only=True):
    """One breaking article, pushed as it is published."""

    code: Code
    name: str
    score: Score
    headline: str
    source: str
    published_at: AwareTime
    url: str | None = None


class ContractError(ValueError):
    """A StockNews payload that does not follow the contract (log it and skip it)."""


_T = TypeVar("_T")
_SCORES = msgspec.json.Decoder(ScoresResponse)
_BREAKING = msgspec.json.Decoder(BreakingNews)


def _decode(decoder: msgspec.json.Decoder[_T], raw: bytes | str, what: str) -> _T:
    try:
        return decoder.decode(raw)
    except msgspec.ValidationError as exc:
        raise ContractError(f"malformed {what}: {exc}") from None
    except msgspec.DecodeError as exc:
        raise ContractError(f"malformed {what}: not JSON ({exc})") from None


def decode_scores(raw: bytes | str) -> ScoresResponse:
    """Decode a scores response body; raise :class:`ContractError` if it breaks the contract."""
    return _decode(_SCORES, raw, "StockNews scores response")


def decode_breaking(raw: bytes | str) -> BreakingNews:
    """Decode one breaking-news message; raise :class:`ContractError` if it breaks the contract."""
    return _decode(_BREAKING, raw, "StockNews breaking-news message")


def encode(message: BreakingNews | ScoresResponse) -> bytes:
    """Encode a message as the service sends it (for publishers and tests)."""
    return msgspec.json.encode(message)
