"""The Gateway: owns the broker session and routes realtime events to their owners.

It is the only actor that opens a session; everyone else reaches the current one through
``services.broker``. A restart opens a new session (new token, new realtime socket) and
registers again every code a StockActor is watching.
"""

from __future__ import annotations

import logging
from typing import Any

from msgspec import Struct

from actors import ids
from actors.account.messages import Refresh
from actors.board import Topic
from actors.gateway.session import BrokerSession
from actors.router.messages import ExecutionReceived
from actors.runtime.services import Services
from actors.stock.messages import TickReceived, ViReceived
from actors.supervision import ChildLink, SupervisedActor
from agent.kiwoom.realtime.events import (
    BalanceUpdate,
    FeedConnected,
    FeedDisconnected,
    OrderExecution,
    RealtimeEvent,
    SessionKicked,
    TradeTick,
    ViTriggered,
)

log = logging.getLogger(__name__)

ACCOUNT_TYPES = ["00", "04"]
MARKET_TYPES = ["1h"]
STOCK_TYPES = ["0B"]


class FeedLost(Struct, frozen=True, kw_only=True):
    """The realtime session ended for good (another session took the app key)."""

    reason: str


class GatewaySnapshot(Struct, frozen=True, kw_only=True):
    session_open: bool
    realtime_connected: bool
    base_url: str


class Gateway(SupervisedActor):
    """Kiwoom session, rate limiter and realtime feed for the whole process."""

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._session: BrokerSession | None = None
        self._realtime_connected = False

    def on_start(self) -> None:
        session = BrokerSession(self._services.client_config, self._services.clock)
        session.open(sink=self._route)
        self._session = session
        self._services.broker.set(session)
        session.subscribe([""], ACCOUNT_TYPES + MARKET_TYPES)
        watched = [
            child.split("/", 1)[1]
            for child in self._services.registry.ids()
            if child.startswith(ids.STOCK + "/")
        ]
        if watched:
            session.subscribe(watched, STOCK_TYPES)
        self._publish()
        log.info("broker session open at %s", self._services.client_config.base_url)

    def on_stop(self) -> None:
        self._close()

    def on_failure(self, *_: Any) -> None:
        self._close()

    def _close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            self._services.broker.clear(session)
            session.close()
        self._realtime_connected = False
        self._publish()

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, FeedLost):
            raise ConnectionError(f"realtime feed lost: {message.reason}")
        if isinstance(message, FeedConnected | FeedDisconnected):
            self._realtime_connected = isinstance(message, FeedConnected)
            self._publish()
            return None
        raise TypeError(f"gateway got an unknown message {type(message).__name__}")

    def _publish(self) -> None:
        self._services.board.publish_snapshot(
            ids.GATEWAY,
            GatewaySnapshot(
                session_open=self._session is not None,
                realtime_connected=self._realtime_connected,
                base_url=self._services.client_config.base_url,
            ),
        )

    def _route(self, event: RealtimeEvent) -> None:
        """Hand a realtime event to its owner; runs in the session's loop thread."""
        services = self._services
        if isinstance(event, TradeTick):
            services.tell(ids.stock_id(event.code), TickReceived(tick=event))
        elif isinstance(event, OrderExecution):
            services.tell(ids.ROUTER, ExecutionReceived(execution=event))
        elif isinstance(event, BalanceUpdate):
            services.tell(ids.ACCOUNT, Refresh())
        elif isinstance(event, ViTriggered):
            services.tell(ids.stock_id(event.code), ViReceived(event=event))
        elif isinstance(event, FeedConnected | FeedDisconnected):
            self._tell_self(event)
            services.board.publish(
                Topic.SYSTEM_STATUS, ids.GATEWAY, {"realtime": type(event).__name__}
            )
        elif isinstance(event, SessionKicked):
            self._tell_self(FeedLost(reason="another session logged in with the same app key"))

    def _tell_self(self, message: Any) -> None:
        try:
            self.actor_ref.tell(message)
        except Exception:  # the gateway is stopping; nothing to route to
            log.debug("gateway gone: dropped %s", type(message).__name__)
