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
from actors.board.events import LiveActorEvent
from actors.risk.messages import ExitRefused, PriceObserved, PriceStale
from actors.router.messages import CancelEntries, Guards
from actors.runtime.services import Services
from agent import journal
from agent.broker.errors import BrokerError, BrokerUnavailable
from agent.clock import KST
from agent.core.governor import GovernorCore, Unavailable
from agent.domain import Approved, Intent, Rejected
from agent.market.sessions import Phase, phase_at, session_for
from agent.risk.account import AccountView
from agent.risk.limits import RiskLimits
from agent.store.models import EventKind, Severity

log = logging.getLogger(__name__)

NOT_SELLABLE_REREAD_S = 5.0
"""While a stop finds nothing sellable, the account is read again this often (market seconds)."""
UNAVAILABLE = (LookupError, BrokerUnavailable, pykka.Timeout, pykka.ActorDeadError)
"""What asking a peer (the Account) raises while it is restarting or the broker is away."""


class Stops:
    """Stops on every print and the timer's exits, for the governor that mixes this in."""

    _services: Services
    _core: GovernorCore
    _prices: dict[str, PriceObserved]
    evaluate: Callable[[Intent, datetime | None], Approved | Rejected]
    _account_view: Callable[[], AccountView]
    _announce: Callable[[EventKind, str, str], None]
    _record: Callable[..., None]
    _publish: Callable[[], None]

    def _observe(self, seen: PriceObserved) -> None:
        self._prices[seen.code] = seen

    def _on_print(
        self,
        code: str,
        price: int,
        at: datetime,
        now: datetime,
        *,
        trade: bool = True,
        bid: int = 0,
    ) -> None:
        """Check ``code``'s stop against a print at ``now``: the agent's stops act on every
        price."""
        core = self._core
        stops = core.stop_due(code, price, at, now, bid=bid, trade=trade)
        if stops:
            self._exits(stops, core.view, now)

    def _exits(self, intents: list[Intent], view: AccountView | None, now: datetime) -> None:
        """Decide the governor's own exits (the desk priced them and says what waits)."""
        if self._core.exit_all(intents, view, lambda intent: self.evaluate(intent, now)):
            # The user's own sell holds the shares: their cancel or fill frees them, and
            # nothing else would read the account for up to 30 s. Look again soon.
            self._services.after(NOT_SELLABLE_REREAD_S, self._reread_account)

    def _reread_account(self) -> None:
        self._services.tell(ids.ACCOUNT, Refresh())

    def _check_exits(self, now: datetime) -> None:
        phase = phase_at(now, self._services.calendar)
        if phase not in (Phase.CONTINUOUS, Phase.CLOSING_AUCTION):
            return
        self._services.record(journal.Timer(name=journal.EXIT_TIMER), at=now)
        try:
            account = self._account_view()
        except Unavailable as exc:
            log.warning("exits not checked: %s", exc)  # the next tick checks again
            return
        core = self._core
        self._services.tell(ids.ROUTER, Guards(guards=core.guards(account, now)))
        if core.loss_check(account) is not None:
            self._announce(EventKind.DAILY_LOSS_LIMIT_HIT, "daily loss limit", "risk")
            self._services.tell(ids.ROUTER, CancelEntries(reason="daily loss limit"))
        self._refresh_stale(account, core.limits(), now)
        if core.frozen:
            return
        session = session_for(now.astimezone(KST).date(), self._services.calendar)
        self._report_rejections(account)
        self._exits(core.exits_due(account, now, session), account, now)
        self._publish()

    def _report_rejections(self, account: AccountView) -> None:
        """Say once a day per code that its sell was refused: the backoff takes the rest."""
        for code in self._core.desk.new_rejections(account):
            log.warning("%s: a sell of the agent's was refused; the next waits (backoff)", code)
            reason = f"{code}: the agent's sell was refused; retried with a growing delay"
            self._alert(EventKind.EXIT_REFUSED, ExitRefused(code=code, reason=reason))

    def _refresh_stale(self, account: AccountView, limits: RiskLimits, now: datetime) -> None:
        """Fetch a quote for held codes without a recent print, and say so once per episode."""
        stale = self._core.stale(account, now)
        if not stale:
            # Journaled too: which codes are quiet depends on every report the watch took,
            # and the journal keeps only those of codes the decisions read.
            self._services.record(journal.Quotes(prices={}), at=now)
            return
        try:
            quotes = self._services.broker.current().quotes(stale)
        except BrokerError as exc:
            log.warning("no quote for stale %s: %s", ", ".join(stale), exc)
            quotes = []
        prices = {q.code: q.price for q in quotes if q.price > 0}
        self._services.record(journal.Quotes(prices=prices), at=now)
        for code in self._core.watch.newly_stale(stale):
            reason = f"{code}: no price for over {limits.stale_price.total_seconds():g}s"
            self._alert(EventKind.STALE_PRICE, PriceStale(code=code, reason=reason))
        for code, price in prices.items():
            self._on_print(code, price, now, now, trade=False)

    def _alert(self, kind: EventKind, alert: ExitRefused | PriceStale) -> None:
        """Record a warning about a code and put it on the dashboard's event stream."""
        self._record(kind, alert.reason, "risk", severity=Severity.WARNING, code=alert.code)
        self._services.board.publish(LiveActorEvent, ids.RISK, alert, code=alert.code)
