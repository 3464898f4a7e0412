"""Everything an actor may use, handed to each factory: no globals, no cached peer refs."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pykka
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.board import SnapshotBoard
from actors.messages import Wanted
from actors.runtime.broker import BrokerHolder
from actors.runtime.live_config import LiveConfig
from actors.supervision import Registry, Scheduler, WatchdogThread
from actors.supervision.scheduler import Cancellable
from agent.clock import Clock, speed_of
from agent.journal import Event, JournalWriter
from agent.kiwoom.config import ClientConfig
from agent.market.calendar import KrxCalendar
from agent.news.bus import BreakingNewsBus
from agent.risk.limits import RiskLimits
from agent.settings import Settings, StrategySettings

log = logging.getLogger(__name__)

MIN_WALL_S = 0.2


@dataclass(frozen=True, kw_only=True)
class Services:
    """Shared, thread-safe handles; actors keep no other state across restarts."""

    settings: Settings
    clock: Clock
    scheduler: Scheduler
    """Wall-time timers; use :meth:`after` for market time."""
    board: SnapshotBoard
    registry: Registry
    sessions: sessionmaker[Session]
    broker: BrokerHolder
    client_config: ClientConfig
    calendar: KrxCalendar
    risk_limits: RiskLimits
    news_scores: Callable[[list[str]], dict[str, int | None]] | None = None
    """StockNews score lookup (cached); None when no news source is configured."""
    news_bus: BreakingNewsBus | None = None
    """Breaking news (Redis or in-process); None when there is none."""
    live: LiveConfig | None = None
    """Strategy and risk parameters changed at runtime; None: the settings as loaded."""
    journal: JournalWriter | None = None
    """The day's journal of every input the core sees; None: nothing is journaled."""
    closing: threading.Event = field(default_factory=threading.Event)
    """Set at the agent's final shutdown (not a restart): the gateway revokes the token."""
    watchdog: WatchdogThread | None = None
    """Probes the actors and the event loops for stalls; an event loop is watched by handing it
    over (:meth:`WatchdogThread.watch_loop`). None: nothing is watched."""

    def record(self, event: Event, *, durable: bool = False, at: datetime | None = None) -> None:
        """Journal one input (a no-op without a journal) at ``at`` (default: now);
        ``durable``: on disk before this returns (:meth:`agent.journal.JournalWriter.record`)."""
        if self.journal is not None:
            self.journal.record(event, durable=durable, at=at)

    def strategy(self) -> StrategySettings:
        """Return the strategy parameters in force now."""
        return self.live.strategy() if self.live is not None else self.settings.strategy

    def limits(self) -> RiskLimits:
        """Return the risk limits in force now."""
        return self.live.limits() if self.live is not None else self.risk_limits

    def after(
        self, market_seconds: float, fn: Callable[[], None], min_wall: float = MIN_WALL_S
    ) -> Cancellable:
        """Call ``fn`` once ``market_seconds`` of market time (and ``min_wall`` real) passed.

        The floor keeps polling sane on an accelerated clock: at 120x a 3-second reconcile
        would otherwise hit the broker every 25 ms.
        """
        wall = max(market_seconds, 0.0) / speed_of(self.clock)
        return self.scheduler.call_later(max(wall, min_wall), fn)

    def tell_later(
        self,
        market_seconds: float,
        ref: pykka.ActorRef[Any],
        message: Any,
        min_wall: float = MIN_WALL_S,
    ) -> Cancellable:
        """Tell ``ref`` ``message`` after ``market_seconds``; nothing if it died meanwhile."""

        def send() -> None:
            with contextlib.suppress(pykka.ActorDeadError):
                ref.tell(message)

        return self.after(market_seconds, send, min_wall)

    def tell(self, actor_id: str, message: Any) -> bool:
        """Tell the live incarnation of ``actor_id``; False when it is down (message dropped)."""
        ref = self.registry.lookup(actor_id)
        if ref is None:
            log.debug("%s is down: dropped %s", actor_id, type(message).__name__)
            return False
        try:
            ref.tell(message)
        except pykka.ActorDeadError:
            return False
        return True

    def ask_again(self, actor_id: str, me: pykka.ActorRef[Any], timeout: float = 5.0) -> Any:
        """Ask ``actor_id`` what it tells ``me`` (which has just started): its answer, or None
        when it is down or late (a late answer still comes to ``me`` as a message)."""
        try:
            return self.ask(actor_id, Wanted(reply_to=me), timeout=timeout)
        except (LookupError, pykka.ActorDeadError, pykka.Timeout) as exc:
            log.warning("%s not asked again: %s", actor_id, exc)
            return None

    def stock_ids(self) -> list[str]:
        """Return the registry ids of the StockActors running (one per watched code)."""
        prefix = ids.STOCK + "/"
        return [i for i in self.registry.ids() if i.startswith(prefix)]

    def ask(self, actor_id: str, message: Any, timeout: float = 5.0) -> Any:
        """Ask the live incarnation of ``actor_id``; raise LookupError when it is down."""
        ref = self.registry.get(actor_id)
        if ref is None:
            raise LookupError(f"{actor_id} is not running")
        return ref.ask(message, timeout=timeout)
