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
import pykka

from actors import ids
from actors.account.messages import GetView, Refresh
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
    SetFrozen,
    TradePrice,
)
from actors.risk.signals import new_client_order_id, signal_event
from actors.risk.watch import PriceWatch
from actors.router.messages import CancelEntries, SubmitOrder
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent.clock import KST
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, Rejected
from agent.kiwoom.errors import KiwoomError, TransientError
from agent.kiwoom.models.market import ListingInfo, SecurityKind
from agent.market.sessions import Phase, phase_at, session_for
from agent.orders.slicing import SlicePolicy, slice_approved
from agent.risk.account import AccountView, PendingOrder, Position, pending_order
from agent.risk.check import check_intent
from agent.risk.exit_guard import ExitGuard
from agent.risk.exits import (
    OPERATOR_TAG,
    daily_loss_trigger,
    eod_exit_due,
    exit_intents,
    liquidation_intents,
    stop_loss_hit,
)
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.reasons import RejectReason
from agent.risk.reservations import ReservationBook
from agent.risk.state import (
    GovernorState,
    Trigger,
    accepts_entries,
    kill_switch_engaged,
    loss_limit_hit_today,
    transition,
)
from agent.risk.tradability import entry_blocks
from agent.store.models import EventKind, Severity, SignalDecision
from agent.store.repositories import OrderRepository, SystemEventRepository
from agent.store.repositories.signals import SignalRepository

log = logging.getLogger(__name__)

CHECK_EVERY_S = 1.0
LIQUIDATION_ATTEMPTS = 120
# Refusals that pass once a peer is back; anything else (an exit already working) is final.
RETRYABLE = frozenset({"ACCOUNT_UNAVAILABLE", "NO_MARKET_DATA"})
NOT_SELLABLE_REREAD_S = 5.0
"""While a stop finds nothing sellable, the account is read again this often (market seconds)."""
ASK_TIMEOUT_S = 5.0
UNAVAILABLE = (LookupError, TransientError, pykka.Timeout, pykka.ActorDeadError)


class RiskGovernor(SupervisedActor):
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
        self._guard = ExitGuard()
        self._reservations = ReservationBook()
        self._slicing = SlicePolicy(max_slice_qty=services.settings.execution.max_slice_qty)
        """The router's slicing, so a reservation knows how many orders it becomes."""
        self._view: AccountView | None = None
        """The last account view (with reservations): the positions a print is checked against."""
        self._listings: dict[tuple[date, str], ListingInfo] = {}
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
                    day = self._services.clock.now().astimezone(KST).date()
                    self._listings[(day, listing.code)] = listing
                self.evaluate(intent)
            case PriceObserved():
                self._observe(message)
                self._on_print(message.code, message.price, message.at)
            case CheckExits():
                try:
                    self._check_exits()
                finally:
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
            case SetFrozen(frozen=frozen, by=by):
                self._set_frozen(frozen, by)
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
        decision = self._decide(intent, now)
        if isinstance(decision, Approved):
            self._approved += 1
            if intent.purpose is OrderPurpose.ENTRY:
                self._entered.add(intent.code)
            client_order_id = new_client_order_id(intent, now)
            # Reserved before the router is told: the next decision already counts it.
            self._reservations.reserve(
                client_order_id,
                _pending_of(decision, self._limits()),
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

    # Prices and stops
    def _observe(self, seen: PriceObserved) -> None:
        self._prices[seen.code] = seen

    def _on_print(
        self, code: str, price: int, at: datetime, *, trade: bool = True, bid: int = 0
    ) -> None:
        """Check ``code``'s stop against a print: the agent's stops act on every price."""
        self._watch.saw(code, price, at, trade=trade, bid=bid)
        view = self._view
        if view is None or self._frozen:
            return
        position = view.position(code)
        if position is None or not stop_loss_hit(position, price, self._limits()):
            return
        if code in self._exiting(view):
            return
        now = self._services.clock.now()
        if self._guard.waits(code, view, now):
            return
        for intent in exit_intents(view, lambda _: price, self._limits(), now, eod=False):
            if intent.code == code:
                self._exit(intent, view)

    def _exit(self, intent: Intent, view: AccountView) -> None:
        """Decide one of the governor's own exits; a refusal waits for news (ExitGuard)."""
        if intent.purpose is OrderPurpose.STOP_LOSS:
            # Priced through the bid, further on each re-issue of a stop that did not fill.
            intent = msgspec.structs.replace(
                intent,
                reference_price=self._watch.exit_price(intent.code, intent.reference_price),
                attempt=view.stop_attempts_in(intent.code),
            )
        decision = self.evaluate(intent)
        if isinstance(decision, Approved):
            self._guard.passed(intent.code)
        elif not RETRYABLE & set(decision.reasons):
            self._guard.refused(intent.code, view)
            if str(RejectReason.NOT_SELLABLE) in decision.reasons:
                # The user's own sell holds the shares: their cancel or fill frees them, and
                # nothing else would read the account for up to 30 s. Look again soon.
                self._services.after(
                    NOT_SELLABLE_REREAD_S, lambda: self._services.tell(ids.ACCOUNT, Refresh())
                )

    def _exiting(self, view: AccountView) -> set[str]:
        return {o.code for o in view.pending if o.is_exit} | set(self._reservations.exiting())

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
        info = self._listing(intent.code, now)
        if info is None:
            return msgspec.structs.replace(view, entry_blocks=(str(RejectReason.NO_LISTING_INFO),))
        kinds = frozenset(SecurityKind[name] for name in self._limits().allowed_kinds)
        return msgspec.structs.replace(
            view,
            halted=view.halted or info.halted,
            entry_blocks=entry_blocks(info, allowed_kinds=kinds),
        )

    def _listing(self, code: str, now: datetime) -> ListingInfo | None:
        """The broker's stock information (halt, designations, kind), cached for the day."""
        key = (now.astimezone(KST).date(), code)
        if key not in self._listings:
            try:
                self._listings[key] = self._services.broker.current().listing_info(code)
            except (KiwoomError, TransientError) as exc:
                log.warning("no stock information for %s: %s", code, exc)
                return None
        return self._listings[key]

    def _check_exits(self) -> None:
        now = self._services.clock.now()
        phase = phase_at(now, self._services.calendar)
        if phase not in (Phase.CONTINUOUS, Phase.CLOSING_AUCTION):
            return
        try:
            account = self._account_view()
        except UNAVAILABLE as exc:
            log.warning("exits not checked: %s", exc)  # the next tick checks again
            return
        limits = self._limits()
        trigger = daily_loss_trigger(self._state, account, limits)
        if trigger is not None:
            self._trigger(trigger, EventKind.DAILY_LOSS_LIMIT_HIT, "daily loss limit", "risk")
            self._services.tell(ids.ROUTER, CancelEntries(reason="daily loss limit"))
        self._refresh_stale(account, limits, now)
        if self._frozen:
            return
        session = session_for(now.astimezone(KST).date(), self._services.calendar)
        eod = limits.eod_exit == "flatten" and eod_exit_due(now, limits, session)
        flatten = limits.on_daily_loss == "flatten" and loss_limit_hit_today(self._state)

        def price_of(position: Position) -> int:
            return self._watch.price(position.code) or position.current_price

        self._report_rejections(account)
        exiting = self._exiting(account)
        for intent in exit_intents(account, price_of, limits, now, eod=eod or flatten):
            if intent.code not in exiting and not self._guard.waits(intent.code, account, now):
                self._exit(intent, account)
        self._publish()

    def _report_rejections(self, account: AccountView) -> None:
        """Say once a day per code that its sell was refused: the backoff takes the rest."""
        for code in self._guard.new_rejections(account):
            log.warning("%s: a sell of the agent's was refused; the next waits (backoff)", code)
            self._record(
                EventKind.EXIT_REFUSED,
                f"{code}: the agent's sell was refused; retried with a growing delay",
                "risk",
                severity=Severity.WARNING,
                code=code,
            )
            self._services.board.publish(
                Topic.ACTOR_EVENT, ids.RISK, {"alert": "exit_refused", "code": code}, code=code
            )

    def _refresh_stale(self, account: AccountView, limits: RiskLimits, now: datetime) -> None:
        """Fetch a quote for held codes without a recent print, and say so once per episode."""
        stale = self._watch.stale([p.code for p in account.positions], now, limits.stale_price)
        if not stale:
            return
        try:
            quotes = self._services.broker.current().quotes(stale)
        except (KiwoomError, TransientError) as exc:
            log.warning("no quote for stale %s: %s", ", ".join(stale), exc)
            quotes = []
        for code in self._watch.newly_stale(stale):
            self._record(
                EventKind.STALE_PRICE,
                f"{code}: no price for over {limits.stale_price.total_seconds():g}s",
                "risk",
                severity=Severity.WARNING,
                code=code,
            )
            self._services.board.publish(
                Topic.ACTOR_EVENT, ids.RISK, {"alert": "stale_price", "code": code}, code=code
            )
        for quote in quotes:
            if quote.price > 0:
                self._on_print(quote.code, quote.price, now, trade=False)

    def _liquidate(self, request: LiquidateAll) -> None:
        """Sell the agent's positions (and the user's, with scope "all"); while the account is
        restarting, try again until it answers."""
        now = self._services.clock.now()
        if request.attempt == 0:
            self._record(
                EventKind.EMERGENCY_LIQUIDATION,
                request.reason,
                request.by,
                severity=Severity.CRITICAL,
                scope=request.scope,
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
        except UNAVAILABLE:
            if request.attempt < LIQUIDATION_ATTEMPTS:
                log.warning(
                    "emergency liquidation waits for the account (attempt %d)", request.attempt + 1
                )
                retry = msgspec.structs.replace(request, attempt=request.attempt + 1)
                self._services.tell_later(1.0, self.actor_ref, retry, min_wall=0.5)
            else:
                log.critical("emergency liquidation gave up: the account never answered")
            return
        everything = request.scope == "all"
        targets = list(account.positions)
        if everything:
            managed = {p.code for p in targets}
            targets += [p for p in account.external if p.code not in managed]
        undone = []
        for intent in liquidation_intents(targets, now, "EMERGENCY_LIQUIDATION"):
            if everything:
                # Everything sellable in the code: the agent's lot and the user's shares.
                intent = msgspec.structs.replace(
                    intent, include_user_shares=True, quantity=None, strategy_tag=OPERATOR_TAG
                )
            else:
                intent = msgspec.structs.replace(intent, strategy_tag=OPERATOR_TAG)
            decision = self.evaluate(intent)
            if isinstance(decision, Rejected) and RETRYABLE & set(decision.reasons):
                undone.append(intent)
        if undone and request.attempt < LIQUIDATION_ATTEMPTS:
            # Positions whose exit was refused (no quote yet, account blinked): try again.
            retry = msgspec.structs.replace(request, attempt=request.attempt + 1)
            self._services.tell_later(1.0, self.actor_ref, retry, min_wall=0.5)

    def _set_frozen(self, frozen: bool, by: str) -> None:
        self._frozen = frozen
        kind = EventKind.FREEZE_ENGAGED if frozen else EventKind.FREEZE_RELEASED
        reason = "every automatic order stopped" if frozen else "automatic orders resumed"
        log.warning("risk governor: %s (by %s)", reason, by)
        self._record(kind, reason, by, severity=Severity.WARNING)
        if frozen:
            self._services.tell(ids.ROUTER, CancelEntries(reason="freeze"))
        self._publish()

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
        """Rebuild the kill switch, the freeze, the pause and today's loss halt from events."""
        today = self._services.clock.now().astimezone(KST).date()
        self._day = today
        # The newest event of each kind, however many others came since (the user's orders
        # and price alerts are events too: a window of the newest N would forget the brakes).
        kinds = (
            EventKind.FREEZE_ENGAGED,
            EventKind.FREEZE_RELEASED,
            EventKind.KILL_SWITCH_ENGAGED,
            EventKind.KILL_SWITCH_RELEASED,
            EventKind.DAILY_LOSS_LIMIT_HIT,
        )
        events = [e for kind in kinds for e in self._events.recent(limit=1, kind=kind)]
        events += self._events.recent(limit=1, kind=EventKind.MODE_CHANGED)
        events.sort(key=lambda e: e.id, reverse=True)
        self._state, self._paused, self._frozen = restore_state(events, today)

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
            self._guard.new_day()
            self._listings = {k: v for k, v in self._listings.items() if k[0] >= day}
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


def _pending_of(approved: Approved, limits: RiskLimits) -> PendingOrder:
    """The working order ``approved`` becomes, for the reservation book."""
    intent = approved.intent
    return pending_order(
        code=intent.code,
        side=intent.side,
        purpose=intent.purpose,
        remaining=approved.quantity,
        price=approved.limit_price or intent.reference_price,
        commission_bps=limits.commission_bps,
        strategy_tag=intent.strategy_tag,
    )
