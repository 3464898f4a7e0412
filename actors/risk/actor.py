"""The RiskGovernor: every intent passes here, exits included; only it talks to the router.

Durable state: the kill switch and the operator's pause come from the system events; the daily
loss halt from today's events. Prices come from StockActors; the account from the Account
actor, asked per decision.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

import msgspec
import pykka

from actors import ids
from actors.account.messages import GetView
from actors.board import Topic
from actors.risk.durable import restore_state
from actors.risk.market import market_view
from actors.risk.messages import (
    CheckExits,
    EngageKillSwitch,
    EvaluateIntent,
    GovernorSnapshot,
    LiquidateAll,
    PriceObserved,
    ReleaseKillSwitch,
    SetEntriesPaused,
)
from actors.risk.signals import new_client_order_id, signal_event
from actors.router.messages import CancelEntries, SubmitOrder
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent.clock import KST
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, Rejected
from agent.kiwoom.errors import TransientError
from agent.market.sessions import Phase, phase_at, session_for
from agent.risk.account import AccountView, Position
from agent.risk.check import check_intent
from agent.risk.exits import (
    daily_loss_trigger,
    eod_exit_due,
    exit_intents,
    liquidation_intents,
)
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.state import (
    GovernorState,
    Trigger,
    accepts_entries,
    initiates_exits,
    kill_switch_engaged,
    loss_limit_hit_today,
    transition,
)
from agent.store.models import EventKind, Severity, SignalDecision
from agent.store.repositories import OrderRepository, SystemEventRepository
from agent.store.repositories.signals import SignalRepository

log = logging.getLogger(__name__)

CHECK_EVERY_S = 5.0
LIQUIDATION_ATTEMPTS = 120
# Refusals that pass once a peer is back; anything else (an exit already working) is final.
RETRYABLE = frozenset({"ACCOUNT_UNAVAILABLE", "NO_MARKET_DATA"})
ASK_TIMEOUT_S = 5.0


class RiskGovernor(SupervisedActor):
    """Sizes or rejects intents; raises stop-loss, end-of-day and liquidation exits."""

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._events = SystemEventRepository(services.sessions)
        self._signals = SignalRepository(services.sessions)
        self._orders = OrderRepository(services.sessions)
        self._state = GovernorState.ACTIVE
        self._paused = False
        self._prices: dict[str, PriceObserved] = {}
        self._timer: Cancellable | None = None
        self._approved = 0
        self._rejected = 0
        self._day: date | None = None
        self._entered: set[str] = set()
        """Codes with an entry approved today: one entry per code per day, even while the
        approved order is still on its way to the database (a StockActor restarted by the
        scanner cannot see it yet)."""

    def on_start(self) -> None:
        self._restore()
        self._entered = self._entered_today()
        self._publish()
        self._schedule()

    def on_stop(self) -> None:
        self._cancel()

    def on_failure(self, *_: Any) -> None:
        self._cancel()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _schedule(self) -> None:
        self._cancel()
        self._timer = self._services.tell_later(
            CHECK_EVERY_S, self.actor_ref, CheckExits(), min_wall=0.5
        )

    # Messages
    def on_receive(self, message: Any) -> Any:
        match message:
            case EvaluateIntent(intent=intent, market=market):
                if market is not None:
                    self._prices[market.code] = market
                self.evaluate(intent)
            case PriceObserved():
                self._prices[message.code] = message
            case CheckExits():
                self._check_exits()
                self._schedule()
            case EngageKillSwitch(reason=reason, by=by):
                self._trigger(
                    Trigger.KILL_SWITCH_ENGAGED, EventKind.KILL_SWITCH_ENGAGED, reason, by
                )
                self._services.tell(ids.ROUTER, CancelEntries(reason="kill switch"))
            case ReleaseKillSwitch(by=by):
                self._trigger(Trigger.KILL_SWITCH_RELEASED, EventKind.KILL_SWITCH_RELEASED, "", by)
            case SetEntriesPaused(paused=paused, by=by):
                self._paused = paused
                self._record(EventKind.MODE_CHANGED, f"entries paused={paused}", by, paused=paused)
                self._publish()
            case LiquidateAll():
                self._liquidate(message)
            case PhaseChanged(trading_date=day):
                self._new_day(day)
            case DayClosed():
                pass
            case _:
                raise TypeError(f"risk got an unknown message {type(message).__name__}")
        return None

    def evaluate(self, intent: Intent) -> Approved | Rejected:
        """Decide on ``intent``; approved orders go to the router (also callable as an ask)."""
        now = self._services.clock.now()
        self._new_day(now.astimezone(KST).date())
        if intent.purpose is OrderPurpose.ENTRY and intent.code in self._entered:
            decision: Approved | Rejected = Rejected(
                intent=intent, reasons=("DUPLICATE_ENTRY",), detail="entered once today"
            )
        else:
            try:
                account = self._account_view()
                market = self._market(intent.code, now)
            except (LookupError, TransientError, pykka.Timeout, pykka.ActorDeadError) as exc:
                # The account (or the broker session) is restarting: refuse rather than guess,
                # and stay alive; the next signal or timer tick decides again.
                decision = Rejected(
                    intent=intent, reasons=("ACCOUNT_UNAVAILABLE",), detail=str(exc)
                )
            else:
                decision = check_intent(intent, self._limits(), account, market, self._state, now)
        if isinstance(decision, Approved):
            self._approved += 1
            if intent.purpose is OrderPurpose.ENTRY:
                self._entered.add(intent.code)
            client_order_id = new_client_order_id(intent, now)
            self._services.tell(
                ids.ROUTER, SubmitOrder(approved=decision, client_order_id=client_order_id)
            )
        else:
            self._rejected += 1
            self._signals.record(
                intent,
                SignalDecision.REJECTED,
                decision.reasons,
                now,
                now.astimezone(KST).date(),
                note=decision.detail or None,
            )
        self._services.board.publish(
            Topic.TRADE_SIGNAL, ids.RISK, signal_event(intent, decision), code=intent.code
        )
        self._publish()
        return decision

    # Internals
    def _limits(self) -> RiskLimits:
        limits = self._services.limits()
        if self._paused:
            return msgspec.structs.replace(limits, entries_enabled=False)
        return limits

    def _account_view(self) -> AccountView:
        view = self._services.ask(ids.ACCOUNT, GetView(), timeout=ASK_TIMEOUT_S)
        if not isinstance(view, AccountView):
            raise TypeError("the account answered something other than an AccountView")
        return view

    def _market(self, code: str, now: datetime) -> MarketView:
        return market_view(code, now, self._prices.get(code), self._services)

    def _check_exits(self) -> None:
        now = self._services.clock.now()
        phase = phase_at(now, self._services.calendar)
        if phase not in (Phase.CONTINUOUS, Phase.CLOSING_AUCTION):
            return
        try:
            account = self._account_view()
        except (LookupError, TransientError, pykka.Timeout, pykka.ActorDeadError) as exc:
            log.warning("exits not checked: %s", exc)  # the next tick checks again
            return
        limits = self._limits()
        trigger = daily_loss_trigger(self._state, account, limits)
        if trigger is not None:
            self._trigger(trigger, EventKind.DAILY_LOSS_LIMIT_HIT, "daily loss limit", "risk")
            self._services.tell(ids.ROUTER, CancelEntries(reason="daily loss limit"))
        if not initiates_exits(self._state):
            return
        session = session_for(now.astimezone(KST).date(), self._services.calendar)
        eod = limits.eod_exit == "flatten" and eod_exit_due(now, limits, session)

        def price_of(position: Position) -> int:
            seen = self._prices.get(position.code)
            return seen.price if seen is not None else position.current_price

        for intent in exit_intents(account, price_of, limits, now, eod=eod):
            self.evaluate(intent)

    def _liquidate(self, request: LiquidateAll) -> None:
        """Sell everything; while the account is restarting, try again until it answers."""
        now = self._services.clock.now()
        if request.attempt == 0:
            self._record(
                EventKind.EMERGENCY_LIQUIDATION,
                request.reason,
                request.by,
                severity=Severity.CRITICAL,
            )
            # No new entry may follow a liquidation until the operator says so: the kill
            # switch halts entries (exits pass) and is released by hand.
            self._trigger(
                Trigger.KILL_SWITCH_ENGAGED,
                EventKind.KILL_SWITCH_ENGAGED,
                "emergency liquidation",
                request.by,
            )
            self._services.tell(ids.ROUTER, CancelEntries(reason="emergency liquidation"))
        try:
            account = self._account_view()
        except (LookupError, TransientError, pykka.Timeout, pykka.ActorDeadError):
            if request.attempt < LIQUIDATION_ATTEMPTS:
                log.warning(
                    "emergency liquidation waits for the account (attempt %d)", request.attempt + 1
                )
                retry = msgspec.structs.replace(request, attempt=request.attempt + 1)
                self._services.tell_later(1.0, self.actor_ref, retry, min_wall=0.5)
            else:
                log.critical("emergency liquidation gave up: the account never answered")
            return
        undone = []
        for intent in liquidation_intents(account.positions, now, "EMERGENCY_LIQUIDATION"):
            decision = self.evaluate(intent)
            if isinstance(decision, Rejected) and RETRYABLE & set(decision.reasons):
                undone.append(intent)
        if undone and request.attempt < LIQUIDATION_ATTEMPTS:
            # Positions whose exit was refused (no quote yet, account blinked): try again.
            retry = msgspec.structs.replace(request, attempt=request.attempt + 1)
            self._services.tell_later(1.0, self.actor_ref, retry, min_wall=0.5)

    def _trigger(self, trigger: Trigger, kind: EventKind, reason: str, by: str) -> None:
        before = self._state
        self._state = transition(self._state, trigger)
        if self._state is not before:
            log.warning("risk governor %s -> %s (%s)", before.value, self._state.value, reason)
        self._record(kind, reason, by, severity=Severity.WARNING)
        self._publish()

    def _record(
        self,
        kind: EventKind,
        reason: str,
        by: str,
        severity: Severity = Severity.INFO,
        **detail: Any,
    ) -> None:
        self._events.record(
            kind,
            self._services.clock.now(),
            severity=severity,
            actor_id=ids.RISK,
            reason=reason or None,
            detail={"by": by, "state": self._state.value, **detail},
        )

    def _restore(self) -> None:
        """Rebuild the kill switch, the pause and today's loss halt from the system events."""
        today = self._services.clock.now().astimezone(KST).date()
        self._day = today
        self._state, self._paused = restore_state(self._events.recent(limit=500), today)

    def _entered_today(self) -> set[str]:
        day = self._services.clock.now().astimezone(KST).date()
        return {
            o.code
            for o in self._orders.for_day(day)
            if o.purpose is OrderPurpose.ENTRY
            and (o.status is not OrderStatus.REJECTED or o.filled_quantity > 0)
        }

    def _new_day(self, day: date) -> None:
        if self._day is not None and day > self._day:
            self._state = transition(self._state, Trigger.NEW_TRADING_DAY)
            self._approved = self._rejected = 0
            self._entered = set()
        self._day = day

    def _publish(self) -> None:
        self._services.board.publish_snapshot(
            ids.RISK,
            GovernorSnapshot(
                at=self._services.clock.now(),
                state=self._state.value,
                entries_paused=self._paused,
                kill_switch=kill_switch_engaged(self._state),
                daily_loss_hit=loss_limit_hit_today(self._state),
                approved_today=self._approved,
                rejected_today=self._rejected,
            ),
        )

    def accepts_entries(self) -> bool:
        """Ask: whether a new entry could be approved now."""
        return accepts_entries(self._state) and not self._paused
