"""Messages of the NewsListener: breaking news from the bus."""

from __future__ import annotations

from msgspec import Struct

from agent.news.contract import BreakingNews


class NewsArrived(Struct, frozen=True, kw_only=True):
    item: BreakingNews
