"""The RiskGovernor: every intent passes here, exits included; only it talks to the router.

Durable state: the kill switch, the freeze and the operator's pause come from the system events;
the daily loss halt from today's events. Prices come from StockActors (every trade print of a
held code, so a stop is checked on each); the account from the Account actor, asked per
decision, with the governor's own reservations laid over it (:mod:`agent.risk.reservations`).
"""

from __future__ import annotations

import logging
import time
from datetime import date, datetime
from typing import Any

import msgspec

from actors import ids
from actors.account.messages import GetView
from actors.board import Topic
from actors.risk.brakes import Brakes, journaled
from actors.risk.liquidation import Liquidation
from actors.risk.market import Listings, market_view
from actors.risk.messages import (
    CheckExits,
    EngageKillSwitch,
    EvaluateIntent,
    GovernorSnapshot,
    LiquidateAll,
    PriceObserved,
    ReleaseKillSwitch,
    SetEntriesPaused,
    SetFrozen,
    TradePrice,
)
from actors.risk.signals import new_client_order_id, signal_event
from actors.risk.stops import UNAVAILABLE, Stops
from actors.risk.watch import PriceWatch
from actors.router.messages import SubmitOrder
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent.clock import KST
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, Rejected
from agent.kiwoom.errors import KiwoomError
from agent.kiwoom.models.market import SecurityKind
from agent.orders.slicing import SlicePolicy, slice_approved
from agent.risk.account import AccountView
from agent.risk.check import check_intent
from agent.risk.exit_desk import ExitDesk
from agent.risk.exits import (
    OPERATOR_TAG,
)
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.reasons import RejectReason
from agent.risk.reservations import ReservationBook, pending_of
from agent.risk.state import (
    GovernorState,
    Trigger,
    accepts_entries,
    kill_switch_engaged,
    loss_limit_hit_today,
    transition,
)
from agent.risk.tradability import entry_market
from agent.store.models import SignalDecision
from agent.store.repositories import OrderRepository, SystemEventRepository
from agent.store.repositories.signals import SignalRepository

log = logging.getLogger(__name__)

CHECK_EVERY_S = 1.0
ASK_TIMEOUT_S = 5.0


class RiskGovernor(Brakes, Stops, Liquidation, SupervisedActor):
    """Sizes or rejects intents; raises stop-loss, end-of-day, loss-limit and liquidation exits."""

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._events = SystemEventRepository(services.sessions)
        self._signals = SignalRepository(services.sessions)
        self._orders = OrderRepository(services.sessions)
        self._state = GovernorState.ACTIVE
        self._paused = False
        self._frozen = False
        self._prices: dict[str, PriceObserved] = {}
        self._watch = PriceWatch()
        self._desk = ExitDesk()
        self._reservations = ReservationBook()
        self._slicing = SlicePolicy(max_slice_qty=services.settings.execution.max_slice_qty)
        """The router's slicing, so a reservation knows how many orders it becomes."""
        self._view: AccountView | None = None
        """The last account view (with reservations): the positions a print is checked against."""
        self._listings = Listings(services)
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
        if type(message) is TradePrice:  # the per-print path of held codes, ahead of the match
            self._on_print(message.code, message.price, message.at, bid=message.bid)
            return None
        match message:
            case EvaluateIntent(intent=intent, market=market, listing=listing):
                if market is not None:
                    self._observe(market)
                if listing is not None:  # read with the signal: newer than any cached copy
                    self._listings.put(listing, self._services.clock.now())
                self.evaluate(intent)
            case PriceObserved():
                self._observe(message)
                self._on_print(message.code, message.price, message.at)
            case CheckExits():
                try:
                    self._check_exits()
                finally:
                    self._schedule()
            case EngageKillSwitch() | ReleaseKillSwitch() | SetEntriesPaused() | SetFrozen():
                self._services.record(journaled(message))
                self._command(message)
            case LiquidateAll():
                if message.attempt == 0:
                    self._services.record(journaled(message))
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
        decision = self._decide(intent, now)
        if isinstance(decision, Approved):
            self._approved += 1
            if intent.purpose is OrderPurpose.ENTRY:
                self._entered.add(intent.code)
            client_order_id = new_client_order_id(intent, now)
            # Reserved before the router is told: the next decision already counts it.
            self._reservations.reserve(
                client_order_id,
                pending_of(decision, self._limits().commission_bps),
                now,
                wall=time.monotonic(),
                parts=len(slice_approved(decision, self._slicing)),
            )
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

    def _decide(self, intent: Intent, now: datetime) -> Approved | Rejected:
        if intent.purpose is OrderPurpose.ENTRY and intent.code in self._entered:
            return Rejected(
                intent=intent, reasons=("DUPLICATE_ENTRY",), detail="entered once today"
            )
        if self._frozen and intent.strategy_tag != OPERATOR_TAG:
            return Rejected(
                intent=intent, reasons=(str(RejectReason.FROZEN),), detail="automatic orders frozen"
            )
        try:
            account = self._account_view()
            market = self._market(intent, now)
        except (*UNAVAILABLE, KiwoomError) as exc:
            # The account (or the broker session) is restarting: refuse rather than guess,
            # and stay alive; the next signal or timer tick decides again.
            return Rejected(intent=intent, reasons=("ACCOUNT_UNAVAILABLE",), detail=str(exc))
        return check_intent(intent, self._limits(), account, market, self._state, now)

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
        now = self._services.clock.now()
        self._reservations.settle(view.known_order_ids, now, time.monotonic())
        self._view = self._reservations.apply(view)
        return self._view

    def _market(self, intent: Intent, now: datetime) -> MarketView:
        view = market_view(intent.code, now, self._prices.get(intent.code), self._services)
        if intent.purpose is not OrderPurpose.ENTRY:
            return view
        kinds = frozenset(SecurityKind[name] for name in self._limits().allowed_kinds)
        return entry_market(view, self._listings.get(intent.code, now), kinds)

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
            self._desk.new_day()
            self._listings.new_day(day)
        self._day = day

    def _publish(self) -> None:
        now = self._services.clock.now()
        self._services.board.publish_snapshot(
            ids.RISK,
            GovernorSnapshot(
                at=now,
                state=self._state.value,
                entries_paused=self._paused,
                kill_switch=kill_switch_engaged(self._state),
                frozen=self._frozen,
                daily_loss_hit=loss_limit_hit_today(self._state),
                approved_today=self._approved,
                rejected_today=self._rejected,
                reserved=len(self._reservations),
                stale_codes=tuple(sorted(self._watch.alerted)),
            ),
        )

    def accepts_entries(self) -> bool:
        """Ask: whether a new entry could be approved now."""
        return accepts_entries(self._state) and not self._paused and not self._frozen
