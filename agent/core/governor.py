"""The risk governor's core: entry and exit decisions, stops, the day's brakes, stepped by events.

The RiskGovernor actor (live) and the replay drive the same :class:`GovernorCore`. It holds what
the governor remembers (its state machine, the operator's pause and freeze, the codes entered
today, the reservations of approvals not yet in the database, the exit desk, the last prices
and the last account view) and decides; the driver carries the decisions out (records them,
tells the router, publishes) and answers the core's two questions, the account and the
market, through callables that raise :class:`Unavailable` when a peer did not answer.
No clock, thread, I/O or database: the time (market and, for the reservations' second age,
monotonic wall seconds) comes with each call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import msgspec

from agent.clock import KST
from agent.core.backstops import guards_of
from agent.domain import Approved, Intent, OrderPurpose, Rejected
from agent.market.sessions import SessionTimes
from agent.orders.backstops import Guard
from agent.orders.slicing import SlicePolicy, slice_approved
from agent.risk.account import AccountView, Position
from agent.risk.check import check_intent
from agent.risk.exit_desk import ExitDesk
from agent.risk.exits import (
    OPERATOR_TAG,
    daily_loss_trigger,
    exit_intents,
    flatten_due,
    stop_loss_hit,
)
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.price_watch import PriceWatch
from agent.risk.reasons import RejectReason
from agent.risk.reservations import ReservationBook, pending_of
from agent.risk.state import (
    GovernorState,
    Trigger,
    accepts_entries,
    loss_limit_hit_today,
    transition,
)

__all__ = ["EXIT_CHECK_EVERY_S", "Decided", "GovernorCore", "Unavailable"]

EXIT_CHECK_EVERY_S = 1
"""The governor's exit timer (market seconds): the loss limit, the end of day, quiet codes."""


class Unavailable(Exception):
    """A peer a decision needs (the account, the broker's quote) did not answer."""


@dataclass(frozen=True)
class Decided:
    """One decision; an approval carries the client order id it was reserved under."""

    decision: Approved | Rejected
    client_order_id: str | None = None


class GovernorCore:
    """What the risk governor decides and remembers."""

    def __init__(
        self,
        limits: Callable[[], RiskLimits],
        slicing: SlicePolicy,
        order_id: Callable[[Intent, datetime], str],
    ) -> None:
        self._limits = limits
        self.slicing = slicing
        """The router's slicing: a reservation knows how many orders an approval becomes."""
        self._order_id = order_id
        self.state = GovernorState.ACTIVE
        self.paused = False
        self.frozen = False
        self.day: date | None = None
        self.entered: set[str] = set()
        """Codes with an entry approved today: one entry per code per day, even while the
        approved order is still on its way to the database."""
        self.approved = 0
        self.rejected = 0
        self.desk = ExitDesk()
        self.reservations = ReservationBook()
        self.watch = PriceWatch()
        self.view: AccountView | None = None
        """The last account view (with reservations): what a print's stop is checked against."""

    def restarted(self, day: date) -> GovernorCore:
        """Return the core a restarted governor starts with: a fresh memory, the brakes kept
        (they are restored from the database)."""
        fresh = GovernorCore(self._limits, self.slicing, self._order_id)
        fresh.state, fresh.paused, fresh.frozen, fresh.day = (
            self.state,
            self.paused,
            self.frozen,
            day,
        )
        return fresh

    # The day and the brakes
    def limits(self) -> RiskLimits:
        """The risk limits in force, with entries off while the operator paused them."""
        limits = self._limits()
        return msgspec.structs.replace(limits, entries_enabled=False) if self.paused else limits

    def new_day(self, day: date) -> bool:
        """Start ``day`` if it is a new one (the loss halt, the entered codes and the desk's
        memory end with the day); True when it was."""
        new = self.day is not None and day > self.day
        if new:
            self.state = transition(self.state, Trigger.NEW_TRADING_DAY)
            self.approved = self.rejected = 0
            self.entered = set()
            self.desk.new_day()
        self.day = day
        return new

    def trigger(self, trigger: Trigger) -> bool:
        """Move the state machine; True when the state changed."""
        before = self.state
        self.state = transition(self.state, trigger)
        return self.state is not before

    # Decisions
    def account(self, view: AccountView, now: datetime, wall: float) -> AccountView:
        """Take the account's answer: reservations it now knows end, the rest is laid over it."""
        self.reservations.settle(view.known_order_ids, now, wall)
        self.view = self.reservations.apply(view)
        return self.view

    def decide(
        self,
        intent: Intent,
        now: datetime,
        *,
        account: Callable[[], AccountView],
        market: Callable[[], MarketView],
        wall: float,
    ) -> Decided:
        """Approve (sized, reserved) or reject ``intent`` at ``now``."""
        self.new_day(now.astimezone(KST).date())
        decision = self._decide(intent, now, account, market, wall)
        if not isinstance(decision, Approved):
            self.rejected += 1
            return Decided(decision)
        self.approved += 1
        if intent.purpose is OrderPurpose.ENTRY:
            self.entered.add(intent.code)
        client_order_id = self._order_id(intent, now)
        # Reserved before the router is told: the next decision already counts it.
        self.reservations.reserve(
            client_order_id,
            pending_of(decision, self._limits().commission_bps),
            now,
            wall=wall,
            parts=len(slice_approved(decision, self.slicing)),
        )
        return Decided(decision, client_order_id)

    def _decide(
        self,
        intent: Intent,
        now: datetime,
        account: Callable[[], AccountView],
        market: Callable[[], MarketView],
        wall: float,
    ) -> Approved | Rejected:
        if intent.purpose is OrderPurpose.ENTRY and intent.code in self.entered:
            return Rejected(
                intent=intent, reasons=("DUPLICATE_ENTRY",), detail="entered once today"
            )
        if self.frozen and intent.strategy_tag != OPERATOR_TAG:
            return Rejected(
                intent=intent, reasons=(str(RejectReason.FROZEN),), detail="automatic orders frozen"
            )
        try:
            view = self.account(account(), now, wall)
            seen = market()
        except Unavailable as exc:
            # The account (or the broker session) is restarting: refuse rather than guess; the
            # next signal or timer tick decides again.
            return Rejected(intent=intent, reasons=("ACCOUNT_UNAVAILABLE",), detail=str(exc))
        return check_intent(intent, self.limits(), view, seen, self.state, now)

    # Exits
    def stop_due(
        self,
        code: str,
        price: int,
        at: datetime,
        now: datetime,
        *,
        bid: int = 0,
        trade: bool = True,
    ) -> list[Intent]:
        """Take a print of ``code``; return the stop-loss exit it calls for now, if any."""
        self.watch.saw(code, price, at, trade=trade, bid=bid)
        view = self.view
        if view is None or not self.stop_hit(code, price):
            return []
        return self.desk.due(
            view,
            lambda _: price,
            self.limits(),
            now,
            eod=False,
            exiting=self.exiting(view),
            bid_of=self.watch.bid,
            only=code,
        )

    def stop_hit(self, code: str, price: int) -> bool:
        """Whether ``price`` is at or under the stop of the agent's position in ``code`` (and
        not frozen): a driver that pays for the bid reads it only then."""
        view = self.view
        if view is None or self.frozen:
            return False
        position = view.position(code)
        return position is not None and stop_loss_hit(position, price, self.limits())

    def guards(self, account: AccountView, now: datetime) -> tuple[Guard, ...]:
        """The backstops the agent's positions in ``account`` call for at ``now`` (none while
        frozen: :func:`agent.core.backstops.guards_of`), but for codes already being sold or
        at their stop: the exit is on its way (a stop pulled to be re-priced is re-issued on
        the next print), and a backstop placed between would only trigger at once."""
        limits = self.limits()
        skip = self.exiting(account) | {
            p.code for p in account.positions if stop_loss_hit(p, self._exit_price(p), limits)
        }
        day = now.astimezone(KST).date()
        return guards_of(account, limits, day, frozen=self.frozen, skip=skip)

    def stale(self, account: AccountView, now: datetime) -> list[str]:
        """Held codes without a print for ``stale_price``: the driver reads a quote of each."""
        codes = [p.code for p in account.positions]
        return self.watch.stale(codes, now, self.limits().stale_price)

    def loss_check(self, account: AccountView) -> Trigger | None:
        """Apply the daily loss limit to ``account``; return the trigger when it fired."""
        trigger = daily_loss_trigger(self.state, account, self.limits())
        if trigger is not None:
            self.state = transition(self.state, trigger)
        return trigger

    def exits_due(
        self, account: AccountView, now: datetime, session: SessionTimes | None
    ) -> list[Intent]:
        """Return the timer's exits: end of day, a loss-limit flatten, stops the prints missed."""
        if self.frozen or not account.positions:
            return []  # frozen, or nothing to sell (most seconds of a day)
        limits = self.limits()
        return self.desk.due(
            account,
            self._exit_price,
            limits,
            now,
            eod=flatten_due(limits, now, session, loss_limit_hit=loss_limit_hit_today(self.state)),
            exiting=self.exiting(account),
            bid_of=self.watch.bid,
        )

    def settled(self, account: AccountView, now: datetime, session: SessionTimes | None) -> bool:
        """Whether the exit timer found ``account`` at rest at ``now``: nothing to sell (no
        stop reached, no end of day, no loss-limit flatten), nothing working, reserved or
        re-priced, no refused exit waiting for a fresh read. Run again on the same account,
        prices and state before the end of day, it finds the same nothing; a driver stepping
        many seconds may skip it until one of them moves."""
        if self.frozen or account.pending or account.stop_attempts:
            return False
        if self.reservations.orders() or self.desk.guard.waiting():
            return False
        limits = self.limits()
        if flatten_due(limits, now, session, loss_limit_hit=loss_limit_hit_today(self.state)):
            return False
        return not exit_intents(account, self._exit_price, limits, now, eod=False)

    def _exit_price(self, position: Position) -> int:
        """The price an exit of ``position`` is checked at: its last print, else the account's."""
        return self.watch.price(position.code) or position.current_price

    def exit_all(
        self,
        intents: list[Intent],
        view: AccountView | None,
        decide: Callable[[Intent], Approved | Rejected],
    ) -> bool:
        """Have the driver ``decide`` each exit the core called for (against ``view``, the
        account they were found in) and note the outcomes; True when the user's own sell holds
        shares an exit needs (the driver should read the account again soon)."""
        reread = False
        for intent in intents:
            decision = decide(intent)
            if view is not None and self.desk.decided(intent, decision, view):
                reread = True
        return reread

    def exiting(self, view: AccountView) -> set[str]:
        """Codes with an exit working or reserved: no second one."""
        return {o.code for o in view.pending if o.is_exit} | set(self.reservations.exiting())

    def tracks(self, code: str) -> bool:
        """Whether the decisions read prices of ``code``: held, or with an order working or
        reserved (before the first account read, every code)."""
        view = self.view
        if view is None:
            return True  # the account not read yet: any code may turn out held
        if view.position(code) is not None or any(o.code == code for o in view.pending):
            return True
        return any(r.code == code for r in self.reservations.orders())

    def accepts_entries(self) -> bool:
        """Whether a new entry could be approved now."""
        return accepts_entries(self.state) and not self.paused and not self.frozen
