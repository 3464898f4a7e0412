"""The agent as one process: services, the supervision tree, and a clean way to stop it."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

import msgspec
import pykka
from sqlalchemy import Engine

from actors.board import SnapshotBoard
from actors.runtime.broker import BrokerHolder
from actors.runtime.events import SupervisionEventWriter
from actors.runtime.live_config import LiveConfig
from actors.runtime.services import Services
from actors.runtime.watchdog import watchdog_from
from actors.supervision import (
    ChildExited,
    Registry,
    SupervisionContext,
    Supervisor,
    ThreadingScheduler,
    configure_pykka_logging,
)
from actors.tree import start_tree
from agent import journal
from agent.broker.link import BrokerLink
from agent.clock import Clock, RealClock
from agent.journal import JournalWriter
from agent.kiwoom.config import ClientConfig
from agent.market.calendar import KrxCalendar, default_calendar
from agent.news.bus import BreakingNewsBus
from agent.risk.limits import RiskLimits
from agent.settings import Settings
from agent.store.engine import session_factory
from agent.store.models import EventKind, Severity
from agent.store.repositories import SettingsOverrideRepository, SystemEventRepository
from stockagent.always_on import BrokerLinkEvents, ClockJumpWatch, Notifications
from stockagent.preflight import check_capital
from stockagent.shutdown import Drained, drain
from stockagent.shutdown import report as report_drained

log = logging.getLogger("stockagent.agent")

EXIT_ROOT_FAILED = 70


class AgentProcess:
    """Build the services and run the tree; ``failed`` is set when the root gives up."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        client_config: ClientConfig,
        clock: Clock,
        *,
        calendar: KrxCalendar | None = None,
        news_scores: Callable[[list[str]], dict[str, int | None]] | None = None,
        news_bus: BreakingNewsBus | None = None,
        on_root_failure: Callable[[ChildExited], None] | None = None,
    ) -> None:
        self.board = SnapshotBoard(clock=clock)
        self.registry = Registry()
        sessions = session_factory(engine)
        self.events = SystemEventRepository(sessions)
        self.live = LiveConfig(settings, SettingsOverrideRepository(sessions), lambda: clock.now())
        self.watchdog = watchdog_from(settings.watchdog, on_fatal=self._root_failed)
        self.services = Services(
            settings=settings,
            clock=clock,
            scheduler=ThreadingScheduler(),
            board=self.board,
            registry=self.registry,
            sessions=sessions,
            broker=BrokerHolder(BrokerLink(lost_after_s=settings.kiwoom.broker_lost_after_s)),
            client_config=client_config,
            calendar=calendar or default_calendar(),
            risk_limits=RiskLimits.from_settings(settings.risk, settings.strategy),
            news_scores=news_scores,
            news_bus=news_bus,
            live=self.live,
            journal=JournalWriter(settings.data_path / "journal", clock),
            watchdog=self.watchdog,
        )
        self.live.listeners.append(self._journal_settings)
        # Built here so that a notification URL apprise does not know stops the start.
        self.notifications = Notifications.of(settings, self.board, self.events)
        self.services.broker.link.listeners.append(BrokerLinkEvents(self.services, self.events))
        self._clock_jump = ClockJumpWatch(self.services, self.events)
        self._writer: SupervisionEventWriter | None = None
        self._lock = threading.Lock()
        self._on_root_failure = on_root_failure or _exit_process
        self.failed = threading.Event()
        self.drained: Drained | None = None
        """What the last graceful stop left behind."""
        self.root: pykka.ActorRef[Supervisor] | None = None

    def _journal_settings(self, settings: Settings) -> None:
        """Journal the parameters the core decides with after every change (the governor
        journals them at its start and at each new day)."""
        self.services.record(journal.Configured.of(settings))

    def running(self) -> bool:
        """Tell whether the actor tree is up."""
        root = self.root
        return root is not None and root.is_alive()

    def start(self) -> None:
        """Start every actor in order; returns once the tree runs (again, after a stop).

        Raises :class:`agent.settings.SettingsError` before anything starts when the account
        cannot fund ``risk.capital_won`` at the day's first start; a later start the same day
        only warns (:func:`stockagent.preflight.check_funded`).
        """
        with self._lock:
            if self.running():
                return
            services = self.services
            check_capital(
                services.settings,
                services.limits(),  # a capital changed while the tree was stopped is checked
                services.sessions,
                services.client_config,
                services.clock,
            )
            configure_pykka_logging()
            self.services.closing.clear()
            if self.notifications is not None:
                self.notifications.start()  # before the start's own event, which it tells
            self.events.record(
                EventKind.AGENT_STARTED,
                self.services.clock.now(),
                detail={"mode": self.services.settings.mode.value},
            )
            self._writer = SupervisionEventWriter(self.board, self.events)
            context = SupervisionContext(
                registry=self.registry,
                sink=self._writer,
                clock=RealClock(),
                scheduler=ThreadingScheduler(),
                watchdog=self.watchdog,
            )
            self.root = start_tree(self.services, context, self._root_failed)
            self._clock_jump.start()
            self.watchdog.start()
            log.info("agent running: %s", ", ".join(self.registry.ids()))

    def shutdown(
        self,
        *,
        flatten: bool | None = None,
        timeout_s: float | None = None,
        revoke: bool = True,
    ) -> list[str]:
        """Stop gracefully (SIGTERM, Ctrl-C, POST /system/stop): no new entry, the working
        entries cancelled, the agent's positions kept or sold (``[shutdown]``), then
        :meth:`stop`, with the Kiwoom token revoked unless ``revoke`` is False (the API's stop,
        which a start may follow). Returns the entry orders left working (all is logged;
        :attr:`drained` keeps the rest)."""
        settings = self.services.settings.shutdown
        flatten = settings.positions == "flatten" if flatten is None else flatten
        timeout = settings.timeout_s if timeout_s is None else timeout_s
        left = Drained(
            working_entries=[], working_exits=[], positions=[], flatten=flatten, waited_s=0.0
        )
        if self.running():
            log.info(
                "stopping: no new entry; %s",
                "selling the agent's positions" if flatten else "the agent's positions are kept",
            )
            left = drain(self.services, flatten=flatten, timeout_s=timeout)
        report_drained(left)
        if revoke:
            self.services.closing.set()
        self.stop(detail=msgspec.to_builtins(left))
        self.drained = left
        return left.working_entries

    def stop(self, timeout: float = 30.0, detail: dict[str, Any] | None = None) -> None:
        """Stop the tree in reverse start order (never ``ActorRegistry.stop_all``).

        Open positions and resting orders stay as they are at the broker; the next start
        reconciles with them (:meth:`shutdown` first cancels the working entries).
        """
        with self._lock:
            root, self.root = self.root, None
            if root is None:
                return
            self.watchdog.stop()  # a stop that takes its time is not a stall
            self._clock_jump.stop()
            if root.is_alive():
                root.stop(timeout=timeout)
            self.events.record(
                EventKind.AGENT_STOPPED, self.services.clock.now(), detail=detail or {}
            )
            if self.services.journal is not None:
                self.services.journal.close()
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            if self.notifications is not None:
                self.notifications.stop()

    def _root_failed(self, exited: ChildExited) -> None:
        log.critical("the supervision tree gave up: %s", exited.reason)
        self.failed.set()
        try:
            self.events.record(
                EventKind.ACTOR_ESCALATED,
                self.services.clock.now(),
                severity=Severity.CRITICAL,
                actor_id="root",
                reason=exited.reason,
            )
        finally:
            self._on_root_failure(exited)


def _exit_process(exited: ChildExited) -> None:
    # An abandoned actor's thread could keep the interpreter alive: leave at once, non-zero,
    # so launchd/systemd restarts the agent, which recovers from the database and the broker.
    logging.shutdown()
    os._exit(EXIT_ROOT_FAILED)
