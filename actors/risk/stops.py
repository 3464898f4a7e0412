"""The governor's stops and exits: every print of a held code checks its stop, a one-second
timer checks the rest (end of day, the daily loss limit, stale prices, refused sells).

A mixin of :class:`actors.risk.actor.RiskGovernor`, kept apart because it is the governor's
other half: deciding entries is there, protecting positions is here. The decisions are the
pure functions of :mod:`agent.risk.exits`; a refused exit waits for news
(:class:`agent.risk.exit_desk.ExitDesk`, the backtest's rule too) instead of being retried
on every tick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import pykka

from actors import ids
from actors.account.messages import Refresh
from actors.board import Topic
from actors.risk.messages import PriceObserved
from actors.risk.watch import PriceWatch
from actors.router.messages import CancelEntries
from actors.runtime.services import Services
from agent.clock import KST
from agent.domain import Approved, Intent, Rejected
from agent.kiwoom.errors import KiwoomError, TransientError
from agent.market.sessions import Phase, phase_at, session_for
from agent.risk.account import AccountView, Position
from agent.risk.exit_desk import ExitDesk
from agent.risk.exits import daily_loss_trigger, eod_exit_due, stop_loss_hit
from agent.risk.limits import RiskLimits
from agent.risk.reservations import ReservationBook
from agent.risk.state import GovernorState, Trigger, loss_limit_hit_today
from agent.store.models import EventKind, Severity

log = logging.getLogger(__name__)

NOT_SELLABLE_REREAD_S = 5.0
"""While a stop finds nothing sellable, the account is read again this often (market seconds)."""
UNAVAILABLE = (LookupError, TransientError, pykka.Timeout, pykka.ActorDeadError)
"""What asking a peer (the Account) raises while it is restarting or the broker is away."""


class Stops:
    """Stops on every print and the timer's exits, for the governor that mixes this in."""

    _services: Services
    _state: GovernorState
    _frozen: bool
    _prices: dict[str, PriceObserved]
    _watch: PriceWatch
    _desk: ExitDesk
    _reservations: ReservationBook
    _view: AccountView | None
    evaluate: Callable[[Intent], Approved | Rejected]
    _limits: Callable[[], RiskLimits]
    _account_view: Callable[[], AccountView]
    _trigger: Callable[[Trigger, EventKind, str, str], None]
    _record: Callable[..., None]
    _publish: Callable[[], None]

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
        limits = self._limits()
        if position is None or not stop_loss_hit(position, price, limits):
            return
        now = self._services.clock.now()
        for intent in self._desk.due(
            view,
            lambda _: price,
            limits,
            now,
            eod=False,
            exiting=self._exiting(view),
            bid_of=self._watch.bid,
            only=code,
        ):
            self._exit(intent, view)

    def _exit(self, intent: Intent, view: AccountView) -> None:
        """Decide one of the governor's own exits (the desk priced it and says what waits)."""
        decision = self.evaluate(intent)
        if self._desk.decided(intent, decision, view):
            # The user's own sell holds the shares: their cancel or fill frees them, and
            # nothing else would read the account for up to 30 s. Look again soon.
            self._services.after(
                NOT_SELLABLE_REREAD_S, lambda: self._services.tell(ids.ACCOUNT, Refresh())
            )

    def _exiting(self, view: AccountView) -> set[str]:
        return {o.code for o in view.pending if o.is_exit} | set(self._reservations.exiting())

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
        for intent in self._desk.due(
            account,
            price_of,
            limits,
            now,
            eod=eod or flatten,
            exiting=self._exiting(account),
            bid_of=self._watch.bid,
        ):
            self._exit(intent, account)
        self._publish()

    def _report_rejections(self, account: AccountView) -> None:
        """Say once a day per code that its sell was refused: the backoff takes the rest."""
        for code in self._desk.new_rejections(account):
            log.warning("%s: a sell of the agent's was refused; the next waits (backoff)", code)
            reason = f"{code}: the agent's sell was refused; retried with a growing delay"
            self._alert(EventKind.EXIT_REFUSED, code, reason, "exit_refused")

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
            reason = f"{code}: no price for over {limits.stale_price.total_seconds():g}s"
            self._alert(EventKind.STALE_PRICE, code, reason, "stale_price")
        for quote in quotes:
            if quote.price > 0:
                self._on_print(quote.code, quote.price, now, trade=False)

    def _alert(self, kind: EventKind, code: str, reason: str, alert: str) -> None:
        """Record a warning about ``code`` and put it on the dashboard's event stream."""
        self._record(kind, reason, "risk", severity=Severity.WARNING, code=code)
        self._services.board.publish(
            Topic.ACTOR_EVENT, ids.RISK, {"alert": alert, "code": code}, code=code
        )
