"""StockNews: the contract the agent consumes, a cached REST client, and the breaking-news bus.

``contract`` holds every shape (documented there and in README.md "StockNews contract");
``client.NewsClient`` looks scores up; ``bus.open_bus`` gives the Redis or in-process bus.
"""

from agent.news.bus import BreakingNewsBus, InProcessBus, RedisNewsBus, open_bus
from agent.news.client import NewsClient, NewsServiceError
from agent.news.contract import (
    BreakingNews,
    ContractError,
    NewsScore,
    ScoresResponse,
    decode_breaking,
    decode_scores,
)

__all__ = [
    "BreakingNews",
    "BreakingNewsBus",
    "ContractError",
    "InProcessBus",
    "NewsClient",
    "NewsScore",
    "NewsServiceError",
    "RedisNewsBus",
    "ScoresResponse",
    "decode_breaking",
    "decode_scores",
    "open_bus",
]
