"""The Gateway: owns the broker session and routes realtime events to their owners.

It is the only actor that opens a session; everyone else reaches the current one through
``services.broker``. A restart opens a new session (new token, new realtime socket) and
registers again every code a StockActor is watching.

Where no realtime feed delivers trades (``kiwoom.realtime = false``, or the WebSocket is down
and reconnecting), it polls the watched codes' quotes (ka10095) every
``kiwoom.poll_interval_s`` during the continuous session and routes the prints they imply
(:mod:`agent.kiwoom.realtime.polled`) exactly like the feed's.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from actors import ids
from actors.account.messages import Refresh
from actors.board.events import LiveSystemStatus
from actors.gateway.messages import FeedChanged, FeedLost, GatewaySnapshot, PollQuotes
from actors.gateway.session import BrokerSession
from actors.router.messages import ExecutionReceived
from actors.runtime.services import Services
from actors.stock.messages import TickReceived, ViReceived
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent import journal
from agent.broker.events import BalanceUpdate, OrderExecution, TradeTick, ViTriggered
from agent.broker.market import Quote
from agent.kiwoom.realtime.events import (
    FeedConnected,
    FeedDisconnected,
    RealtimeEvent,
    SessionKicked,
)
from agent.kiwoom.realtime.polled import ticks_from_quotes
from agent.kiwoom.token_cache import TokenCache
from agent.market.sessions import Phase, phase_at

log = logging.getLogger(__name__)

BROKER_LOOP = "broker"
"""The session's event loop in the watchdog's listing (``loop/broker``): stuck, the gateway is
restarted with a new session and loop."""
ACCOUNT_TYPES = ["00", "04"]
MARKET_TYPES = ["1h"]
STOCK_TYPES = ["0B"]


class Gateway(SupervisedActor):
    """Kiwoom session, rate limiter and realtime feed for the whole process."""

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._session: BrokerSession | None = None
        self._realtime_connected = False
        self._polling = False
        self._baselines: dict[str, Quote] = {}
        self._poll_timer: Cancellable | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def on_start(self) -> None:
        settings = self._services.settings.kiwoom
        config = self._services.client_config
        session = BrokerSession(
            config,
            self._services.clock,
            realtime=settings.realtime,
            # The token is shared with `stockagent broker` through a private file in the data
            # directory: a command issuing its own would log this session out (one per key).
            token_cache=TokenCache(self._services.settings.data_path, config, self._services.clock),
            link=self._services.broker.link,
        )
        session.open(sink=self._route)
        self._session = session
        self._watch_loop(session)
        self._services.broker.set(session)
        session.subscribe([""], ACCOUNT_TYPES + MARKET_TYPES)
        watched = self._watched()
        if watched:
            session.subscribe(watched, STOCK_TYPES)
        self._publish()
        self._schedule_poll()
        log.info("broker session open at %s", self._services.client_config.base_url)

    def on_stop(self) -> None:
        self._close()

    def on_failure(self, *_: Any) -> None:
        self._close()

    def _watch_loop(self, session: BrokerSession) -> None:
        watchdog = self._services.watchdog
        if watchdog is not None:
            self._loop = session.event_loop()
            watchdog.watch_loop(BROKER_LOOP, self._loop, owner=(ids.GATEWAY, self.actor_urn))

    def _close(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.cancel()
        loop, self._loop = self._loop, None
        if loop is not None and self._services.watchdog is not None:
            self._services.watchdog.forget_loop(BROKER_LOOP, loop)  # a closing loop is no stall
        session, self._session = self._session, None
        if session is not None:
            self._services.broker.clear(session)
            # At the agent's final shutdown the token is revoked (and its cache file deleted);
            # a restart of the gateway alone keeps it for the next session.
            session.close(revoke=self._services.closing.is_set())
        self._realtime_connected = False
        self._publish()

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, FeedLost):
            raise ConnectionError(f"realtime feed lost: {message.reason}")
        if isinstance(message, FeedConnected | FeedDisconnected):
            self._realtime_connected = isinstance(message, FeedConnected)
            self._publish()
            return None
        if isinstance(message, PollQuotes):
            self._schedule_poll()
            self._poll()
            return None
        raise TypeError(f"gateway got an unknown message {type(message).__name__}")

    def _publish(self) -> None:
        self._services.board.publish_snapshot(
            ids.GATEWAY,
            GatewaySnapshot(
                session_open=self._session is not None,
                realtime_connected=self._realtime_connected,
                base_url=self._services.client_config.base_url,
                polling=self._polling,
            ),
        )

    # Polling where no feed is
    def _schedule_poll(self) -> None:
        interval = self._services.settings.kiwoom.poll_interval_s
        self._poll_timer = self._services.tell_later(interval, self.actor_ref, PollQuotes())

    def _poll(self) -> None:
        services, session = self._services, self._session
        now = services.clock.now()
        codes = self._watched()
        wanted = (
            session is not None
            and not self._realtime_connected
            and bool(codes)
            and phase_at(now, services.calendar) is Phase.CONTINUOUS
        )
        if wanted != self._polling:
            self._polling = wanted
            self._publish()
            log.warning("market data by polling quotes" if wanted else "polling stopped")
        if not wanted or session is None:
            # The first poll after a pause is a baseline again: what traded meanwhile is in
            # the feed's cumulative volume, not in one print.
            self._baselines = {}
            return
        try:
            quotes = session.quotes(codes)
        except Exception as exc:  # the next poll tries again; a dead session restarts us
            log.warning("polling quotes failed: %s", exc)
            return
        ticks, self._baselines = ticks_from_quotes(self._baselines, quotes, now)
        for tick in ticks:
            self._route(tick)

    def _watched(self) -> list[str]:
        prefix = ids.STOCK + "/"
        return [c.split("/", 1)[1] for c in self._services.registry.ids() if c.startswith(prefix)]

    def _route(self, event: RealtimeEvent) -> None:
        """Hand a realtime event to its owner; runs in the session's loop thread."""
        services = self._services
        if isinstance(event, TradeTick):
            # Journaled by the StockActor as it folds it, in order with what else it takes.
            services.tell(ids.stock_id(event.code), TickReceived(tick=event))
        elif isinstance(event, OrderExecution):
            services.record(journal.Execution(execution=event))
            services.tell(ids.ROUTER, ExecutionReceived(execution=event))
        elif isinstance(event, BalanceUpdate):
            services.tell(ids.ACCOUNT, Refresh())
        elif isinstance(event, ViTriggered):
            services.tell(ids.stock_id(event.code), ViReceived(event=event))
        elif isinstance(event, FeedConnected | FeedDisconnected):
            services.record(journal.Feed(connected=isinstance(event, FeedConnected)))
            self._tell_self(event)
            connected = FeedChanged(connected=isinstance(event, FeedConnected))
            services.board.publish(LiveSystemStatus, ids.GATEWAY, connected)
        elif isinstance(event, SessionKicked):
            self._tell_self(FeedLost(reason="another session logged in with the same app key"))

    def _tell_self(self, message: Any) -> None:
        try:
            self.actor_ref.tell(message)
        except Exception:  # the gateway is stopping; nothing to route to
            log.debug("gateway gone: dropped %s", type(message).__name__)
