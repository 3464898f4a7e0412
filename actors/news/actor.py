"""The NewsListener: breaking news (Redis ``news_breaking_kr`` or the in-process bus) to the
stock actors, the board and the database. Scores for the scanner come from the StockNews REST
client behind ``services.news_scores`` (cached with a TTL).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from actors import ids
from actors.board.events import LiveNews
from actors.news.messages import NewsArrived
from actors.runtime.services import Services
from actors.stock.messages import NewsScoreChanged
from actors.supervision import ChildLink, SupervisedActor
from agent import journal
from agent.news.contract import BreakingNews
from agent.store.models import NewsChannel, NewsEvent

log = logging.getLogger(__name__)


class NewsListener(SupervisedActor):
    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._unsubscribe: Callable[[], None] | None = None

    def on_start(self) -> None:
        bus = self._services.news_bus
        if bus is not None:
            self._unsubscribe = bus.subscribe(self._deliver)

    def on_stop(self) -> None:
        self._leave()

    def on_failure(self, *_: Any) -> None:
        self._leave()

    def _leave(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _deliver(self, item: BreakingNews) -> None:
        """Bus thread: hand the item to this actor's mailbox and return at once."""
        try:
            self.actor_ref.tell(NewsArrived(item=item))
        except Exception:  # stopping: the next incarnation subscribes again
            log.debug("news listener gone: dropped %s", item.code)

    def on_receive(self, message: Any) -> Any:
        if not isinstance(message, NewsArrived):
            raise TypeError(f"news listener got an unknown message {type(message).__name__}")
        item = message.item
        now = self._services.clock.now()
        with self._services.sessions() as session:
            session.add(
                NewsEvent(
                    code=item.code,
                    channel=NewsChannel.BREAKING,
                    score=item.score,
                    headline=item.headline,
                    source=item.source,
                    published_at=item.published_at,
                    received_at=now,
                )
            )
            session.commit()
        self._services.record(journal.Breaking(code=item.code, score=item.score))
        self._services.tell(
            ids.stock_id(item.code), NewsScoreChanged(score=item.score, headline=item.headline)
        )
        self._services.board.publish(LiveNews, ids.NEWS, item, code=item.code)
        return None
