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
from typing import Any, overload

import msgspec

from actors import ids
from actors.account.messages import GetView
from actors.board.events import LiveSystemStatus, LiveTradeSignal
from actors.messages import Wanted, answer
from actors.risk.brakes import Brakes, journaled
from actors.risk.liquidation import Liquidation
from actors.risk.market import Listings, market_view
from actors.risk.messages import (
    BrakesChanged,
    CheckExits,
    DrainEntries,
    EngageKillSwitch,
    EvaluateIntent,
    GovernorBrakes,
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
from actors.router.messages import SubmitOrder
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent import journal
from agent.broker.errors import BrokerError
from agent.broker.market import SecurityKind
from agent.clock import KST
from agent.core.governor import EXIT_CHECK_EVERY_S, GovernorCore, Unavailable
from agent.core.market import Seen
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, Rejected
from agent.orders.slicing import SlicePolicy
from agent.risk.account import AccountView
from agent.risk.market_view import MarketView
from agent.risk.state import (
    kill_switch_engaged,
    loss_limit_hit_today,
)
from agent.risk.tradability import entry_market
from agent.store.models import SignalDecision
from agent.store.repositories import OrderRepository, SystemEventRepository
from agent.store.repositories.signals import SignalRepository

log = logging.getLogger(__name__)

CHECK_EVERY_S = float(EXIT_CHECK_EVERY_S)
ASK_TIMEOUT_S = 5.0


class RiskGovernor(Brakes, Stops, Liquidation, SupervisedActor):
    """Sizes or rejects intents; raises stop-loss, end-of-day, loss-limit and liquidation exits.

    The decisions are :class:`agent.core.governor.GovernorCore`'s (the replay's too); this
    actor asks the account, builds the market view, records, tells the router and publishes.
    """

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._events = SystemEventRepository(services.sessions)
        self._signals = SignalRepository(services.sessions)
        self._orders = OrderRepository(services.sessions)
        self._core = GovernorCore(
            services.limits,
            # The router's slicing, so a reservation knows how many orders it becomes.
            SlicePolicy(max_slice_qty=services.settings.execution.max_slice_qty),
            new_client_order_id,
        )
        self._prices: dict[str, PriceObserved] = {}
        self._listings = Listings(services)
        self._timer: Cancellable | None = None
        self._brakes: BrakesChanged | None = None
        """The brakes as last published (None: not yet, so the first is no change)."""
        self._told: GovernorBrakes | None = None
        """The brakes as last told to the router (None: not yet)."""
        self._answer: AccountView | None = None
        """The account's last answer (journaled in full only when it changed)."""

    def on_start(self) -> None:
        self._restore()
        self._core.entered = self._entered_today()
        self._journal_start()
        self._publish()
        self._schedule()

    def _journal_start(self) -> None:
        """Journal what the core starts from (at a start, and at a new day: each day's journal
        replays on its own)."""
        core = self._core
        self._answer = None  # the day's first answer is journaled in full
        services = self._services
        if services.live is not None:
            services.record(journal.Configured.of(services.live.settings()))
        services.record(
            journal.Started(
                component="risk",
                format=journal.REPLAY_FORMAT,
                state=core.state.value,
                paused=core.paused,
                frozen=core.frozen,
                entered=tuple(sorted(core.entered)),
            )
        )

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
        record = self._services.record
        now = self._services.clock.now()  # the core's time for this input, journaled with it
        if type(message) is TradePrice:  # the per-print path of held codes, ahead of the match
            record(
                journal.Traded(
                    code=message.code, price=message.price, at=message.at, bid=message.bid
                ),
                at=now,
            )
            self._on_print(message.code, message.price, message.at, now, bid=message.bid)
            return None
        match message:
            case EvaluateIntent(intent=intent, market=market, listing=listing):
                signal = journal.Signal(intent=intent, market=seen_of(market), listing=listing)
                record(signal, at=now)
                if market is not None:
                    self._observe(market)
                if listing is not None:  # read with the signal: newer than any cached copy
                    self._listings.put(listing, now)
                self.evaluate(intent, now)
            case PriceObserved():
                if self._core.tracks(message.code):  # what the decisions read of prices
                    record(journal.Observed(seen=seen_of(message)), at=now)
                self._observe(message)
                self._on_print(message.code, message.price, message.at, now)
            case CheckExits():
                try:
                    self._tell_router()
                    self._check_exits(now)
                finally:
                    self._schedule()
            case EngageKillSwitch() | ReleaseKillSwitch() | SetEntriesPaused() | SetFrozen():
                record(journaled(message), at=now)
                self._command(message)
            case DrainEntries(reason=reason):
                # Journaled as the pause it is to the core, so a replay refuses the same entries.
                record(journaled(SetEntriesPaused(paused=True, by=reason)), at=now)
                self._drain(reason)
            case LiquidateAll():
                if message.attempt == 0:
                    record(journaled(message), at=now)
                else:  # a retry on the governor's own timer
                    record(journal.Timer(name=journal.LIQUIDATION_RETRY), at=now)
                self._liquidate(message, now)
            case PhaseChanged(trading_date=day):
                self._new_day(day)
            case DayClosed():
                pass
            case Wanted():  # the router has just started
                self._told = None  # told again by id once it is registered
                return answer(message, self._router_brakes())
            case _:
                raise TypeError(f"risk got an unknown message {type(message).__name__}")
        return None

    def evaluate(self, intent: Intent, now: datetime | None = None) -> Approved | Rejected:
        """Decide on ``intent`` at ``now`` (default: the clock's); approved orders go to the
        router (also callable as an ask)."""
        now = now or self._services.clock.now()
        self._new_day(now.astimezone(KST).date())
        decided = self._core.decide(
            intent,
            now,
            account=self._account_answer,
            market=lambda: self._market(intent, now),
            wall=time.monotonic(),
        )
        decision = decided.decision
        # On disk before the router hears of it: a crash cannot leave an order without it.
        self._services.record(journal.Decision.of(decided), durable=True)
        if isinstance(decision, Approved) and decided.client_order_id is not None:
            self._services.tell(
                ids.ROUTER, SubmitOrder(approved=decision, client_order_id=decided.client_order_id)
            )
        elif isinstance(decision, Rejected):
            self._signals.record(
                intent,
                SignalDecision.REJECTED,
                decision.reasons,
                now,
                now.astimezone(KST).date(),
                note=decision.detail or None,
            )
        self._services.board.publish(
            LiveTradeSignal, ids.RISK, signal_event(intent, decision), code=intent.code
        )
        self._publish()
        return decision

    # Internals
    def _account_answer(self) -> AccountView:
        """Ask the Account for its view; :class:`Unavailable` while it (or the broker) is away."""
        try:
            view = self._services.ask(ids.ACCOUNT, GetView(), timeout=ASK_TIMEOUT_S)
        except (*UNAVAILABLE, BrokerError) as exc:
            reason = str(exc) or type(exc).__name__
            self._services.record(journal.AccountAnswer(view=None, unavailable=reason))
            raise Unavailable(reason) from exc
        if not isinstance(view, AccountView):
            raise TypeError("the account answered something other than an AccountView")
        # Journaled as the core's input; an answer equal to the last is journaled as "same".
        self._services.record(journal.AccountAnswer(view=None if view == self._answer else view))
        self._answer = view
        return view

    def _account_view(self) -> AccountView:
        """The account now, with the governor's reservations laid over it."""
        return self._core.account(
            self._account_answer(), self._services.clock.now(), time.monotonic()
        )

    def _market(self, intent: Intent, now: datetime) -> MarketView:
        try:
            view = market_view(intent.code, now, self._prices.get(intent.code), self._services)
            if intent.purpose is not OrderPurpose.ENTRY:
                return view
            kinds = frozenset(SecurityKind[name] for name in self._core.limits().allowed_kinds)
            return entry_market(view, self._listings.get(intent.code, now), kinds)
        except (*UNAVAILABLE, BrokerError) as exc:
            raise Unavailable(str(exc) or type(exc).__name__) from exc

    def _entered_today(self) -> set[str]:
        day = self._services.clock.now().astimezone(KST).date()
        return {
            o.code
            for o in self._orders.for_day(day)
            if o.purpose is OrderPurpose.ENTRY
            and (o.status is not OrderStatus.REJECTED or o.filled_quantity > 0)
        }

    def _new_day(self, day: date) -> None:
        if self._core.new_day(day):
            self._listings.new_day(day)
            self._journal_start()

    def _router_brakes(self) -> GovernorBrakes:
        core = self._core
        return GovernorBrakes(frozen=core.frozen, entries_blocked=not core.accepts_entries())

    def _tell_router(self) -> None:
        """Tell the router the brakes if they moved since it last heard them; each second
        until it has (a router that was starting when they moved missed them)."""
        told = self._router_brakes()
        if told != self._told and self._services.tell(ids.ROUTER, told):
            self._told = told

    def _publish(self) -> None:
        now = self._services.clock.now()
        core = self._core
        self._tell_router()
        brakes = BrakesChanged(
            frozen=core.frozen,
            kill_switch=kill_switch_engaged(core.state),
            entries_paused=core.paused,
        )
        if brakes != self._brakes:
            # The freeze and the kill switch have no event of their own on the live stream:
            # without this a page learns of one pulled elsewhere only when it next reads.
            if self._brakes is not None:
                self._services.board.publish(LiveSystemStatus, ids.RISK, brakes, at=now)
            self._brakes = brakes
        self._services.board.publish_snapshot(
            ids.RISK,
            GovernorSnapshot(
                at=now,
                state=core.state.value,
                entries_paused=core.paused,
                kill_switch=kill_switch_engaged(core.state),
                frozen=core.frozen,
                daily_loss_hit=loss_limit_hit_today(core.state),
                approved_today=core.approved,
                rejected_today=core.rejected,
                reserved=len(core.reservations),
                stale_codes=tuple(sorted(core.watch.alerted)),
            ),
        )

    def accepts_entries(self) -> bool:
        """Ask: whether a new entry could be approved now."""
        return self._core.accepts_entries()


@overload
def seen_of(observed: PriceObserved) -> Seen: ...
@overload
def seen_of(observed: PriceObserved | None) -> Seen | None: ...
def seen_of(observed: PriceObserved | None) -> Seen | None:
    """Return a StockActor's report as the journal keeps it."""
    return None if observed is None else Seen(**msgspec.structs.asdict(observed))
