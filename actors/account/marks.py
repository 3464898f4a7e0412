"""The previous close a lot carried into today is marked from, for the agent's day P&L."""

from __future__ import annotations

import logging
from datetime import date

from actors.runtime.services import Services
from agent.broker.account import Holding
from agent.broker.errors import BrokerError

log = logging.getLogger(__name__)


class PreviousCloses:
    """The previous close per (day, code): kt00018's, else the quote's base price; cached
    once known."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._marks: dict[tuple[date, str], int] = {}

    def get(self, day: date, code: str, holding: Holding | None) -> int:
        """Return the previous close of ``code`` on ``day``; 0 when unknown (the lot's cost
        then stands in, and the next call asks again)."""
        key = (day, code)
        if key not in self._marks:
            mark = holding.prev_close if holding is not None else 0
            if mark <= 0:
                try:
                    info = self._services.broker.current().stock_info(code)
                    mark = info.base_price or info.price
                except BrokerError as exc:
                    log.warning("no previous close for %s: %s", code, exc)
                    mark = 0
            if mark <= 0:
                return 0
            self._marks[key] = mark
        return self._marks[key]
