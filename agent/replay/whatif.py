"""``replay --what-if``: the recorded market through the core with today's settings.

The live agent's own decisions, answers and fills are set aside; what is kept is the market it
saw: the codes it watched (from when it started watching them, with what the broker said of
them then), their prints and VIs, the scanner's ranking and news reads, breaking news and the
stock information reads. The cores decide with the current settings: the scanner's poll ranks
the watched codes, each :class:`~agent.core.watch.WatchCore` raises its intents, the
:class:`~agent.core.governor.GovernorCore` decides them against a paper account
(:mod:`agent.replay.paper`), stops act on every print of a held code, the exit timer runs every
second of virtual time and the router's chase (:func:`agent.orders.chase.chase`) every three.
A code the live agent never watched has no prints in the journal: a what-if cannot trade it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from agent import journal
from agent.broker.market import ListingInfo, SecurityKind
from agent.clock import KST
from agent.core.governor import EXIT_CHECK_EVERY_S, Decided, GovernorCore
from agent.core.market import seen_view
from agent.core.orders import Cancel, OrderManager
from agent.core.watch import WatchCore
from agent.domain import Approved, Intent, OrderPurpose, Rejected
from agent.learning.daily import DailySummary, summarize
from agent.market.calendar import KrxCalendar
from agent.market.sessions import Phase
from agent.marketdata.adapters import tick_from_trade, vi_from_event
from agent.marketdata.figures import in_vi
from agent.orders.chase import ChaseTimes
from agent.orders.slicing import SlicePolicy
from agent.portfolio.capital import cash_only
from agent.replay.engine import Replayed
from agent.replay.paper import Paper
from agent.replay.sessions import Sessions
from agent.risk.account import AccountView
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.tradability import entry_market
from agent.settings import Settings
from agent.strategy.scanner_loop import poll
from agent.strategy.thresholds import thresholds

__all__ = ["CHASE_EVERY_S", "WhatIf"]

CHASE_EVERY_S = 3
"""The router's chase (``actors.router.actor.RECONCILE_EVERY_S``)."""


class WhatIf:
    """One counterfactual day over a journal."""

    def __init__(
        self, settings: Settings, calendar: KrxCalendar, entries: list[journal.Entry]
    ) -> None:
        self.settings = settings
        self.calendar = calendar
        self.entries = entries
        self.limits = RiskLimits.from_settings(settings.risk, settings.strategy)
        self.thresholds = thresholds(settings.strategy)
        self.slicing = SlicePolicy(max_slice_qty=settings.execution.max_slice_qty)
        self.times = ChaseTimes.of(settings.execution, self.limits.stop_reprice)
        self.orders = OrderManager(self.slicing, self.times)
        self.watches: dict[str, WatchCore] = {}
        self.listings: dict[str, ListingInfo | None] = {}
        self.decisions: list[Replayed] = []
        self.core = GovernorCore(lambda: self.limits, self.slicing, self._order_id)
        day = entries[0].at.astimezone(KST).date() if entries else date.today()
        self.paper = Paper(
            cash=_starting_cash(entries),
            trading_date=day,
            commission_bps=self.limits.commission_bps,
            stop_loss_bps=self.limits.stop_loss_bps,
        )
        if self.limits.capital_won:
            self.paper.capital = self.limits.capital_won
        self._news: list[dict[str, int | None]] = [
            e.event.scores for e in entries if isinstance(e.event, journal.News)
        ]
        self.sessions = Sessions(calendar)
        self._ranks: dict[str, tuple[tuple[int | None, int | None], int | None]] = {}
        """The last poll's rank and news score of every code it ranked."""
        self._clock: datetime | None = None
        self._count = 0

    # The loop
    def run(self) -> WhatIf:
        for entry in self.entries:
            now = entry.at.astimezone(KST)
            self._timers_until(now)
            self.step(now, entry.event)
        return self

    def _timers_until(self, now: datetime) -> None:
        """Raise the exit timer and the router's chase at every second passed since the last
        entry (virtual time: they fall on whole seconds)."""
        if self._clock is None:
            self._clock = now.replace(microsecond=0)
            return
        second = self._clock + timedelta(seconds=1)
        while second <= now:
            epoch = int(second.timestamp())
            if epoch % EXIT_CHECK_EVERY_S == 0:
                self._check_exits(second)
            if epoch % CHASE_EVERY_S == 0:
                self._chase(second)
            self._clock, second = second, second + timedelta(seconds=1)

    def step(self, now: datetime, event: journal.Event) -> None:
        match event:
            case journal.Print():
                self._print(event, now)
            case journal.Watched(reads=reads):
                # The live agent's watching began here; the ranks are this what-if's own: the
                # last poll's (a code starts being watched right after the poll that ranked it).
                opening_range = self.settings.strategy.opening_range_minutes
                core = WatchCore(reads, self.thresholds, opening_range)
                rank, news = self._ranks.get(reads.code, ((None, None), None))
                core.entries.ranked(*rank)
                core.entries.scored(news)
                self.watches[reads.code] = core
                self.listings[reads.code] = reads.listing
            case journal.Vi(event=raw):
                vi = vi_from_event(raw)
                if raw.code in self.watches and vi is not None:
                    self.watches[raw.code].vi(vi)
            case journal.Rankings() | journal.Ranks():
                self._poll(event, now)
            case journal.Breaking(code=code, score=score):
                if code in self.watches:
                    self.watches[code].entries.scored(score)
            case journal.ListingRead(info=info):
                self.listings[info.code] = info
            case _:
                pass  # the live agent's own decisions, answers and fills are not this day's

    # The scanner
    def _poll(self, rankings: journal.Rankings | journal.Ranks, now: datetime) -> None:
        news = self._news.pop(0) if self._news else {}
        watched = set(self.watches)
        result = poll(
            now,
            self.sessions.phase(now),
            strategy=self.settings.strategy,
            window_shift=self.sessions.shift(now),
            watched=watched,
            pinned=watched,  # a code the journal has no prints of cannot be watched anyway
            rankings=lambda: (rankings.turnover, rankings.surges, rankings.gainers),
            news_scores=lambda _codes: news,
        )
        if result.watchlist is None:
            return
        self._ranks = {
            code: (result.ranks.get(code, (None, None)), result.news.get(code))
            for code in {*result.ranks, *result.news}
        }
        for code, core in self.watches.items():
            core.entries.ranked(*result.ranks.get(code, (None, None)))
            if code in result.news:
                core.entries.scored(result.news[code])

    # A print
    def _print(self, event: journal.Print, now: datetime) -> None:
        core = self.watches.get(event.code)
        if core is None or core.trade(event) is None:
            return
        tick = tick_from_trade(event.tick)
        if tick is not None:
            self.paper.trade(event.code, tick.price, abs(tick.quantity), tick.at)
        code = event.code
        if self.core.tracks(code) and tick is not None:
            stops = self.core.stop_due(code, tick.price, tick.at, now, bid=event.bid)
            self.core.exit_all(stops, self.core.view, lambda i: self._decide(i, now).decision)
        signal = core.consider(
            now.timestamp,
            holding=lambda: self._held(code),
            entries_today=lambda: self.paper.entries_today(code),
        )
        if signal is not None:
            self._decide(signal, now)

    def _held(self, code: str) -> bool:
        lot = self.paper.lots.get(code)
        return lot is not None and lot.quantity > 0

    # The governor
    def _decide(self, intent: Intent, now: datetime) -> Decided:
        decided = self.core.decide(
            intent,
            now,
            account=lambda: self._account(now),
            market=lambda: self._market(intent, now),
            wall=now.timestamp(),
        )
        self.decisions.append(Replayed(at=now, decided=decided))
        decision = decided.decision
        if isinstance(decision, Approved) and decided.client_order_id is not None:
            self._send(decision, decided.client_order_id, now)
        return decided

    def _send(self, approved: Approved, client_order_id: str, now: datetime) -> None:
        for send in self.orders.orders_of(approved, client_order_id):
            self.paper.send(send.approved, send.client_order_id, now)

    def _account(self, now: datetime) -> AccountView:
        def price_of(code: str) -> int:
            core = self.watches.get(code)
            return core.price() if core is not None else 0

        return self.paper.view(price_of, now, self.limits.stop_reprice)

    def _market(self, intent: Intent, now: datetime) -> MarketView:
        core = self.watches[intent.code]
        state = core.state()
        view = seen_view(
            intent.code,
            now,
            self.sessions.session(now),
            price=core.price(),
            base_price=state.prev_close,
            upper_limit=core.upper,
            lower_limit=core.lower,
            vi_active=in_vi(state),
        )
        if intent.purpose is not OrderPurpose.ENTRY:
            return view
        kinds = frozenset(SecurityKind[name] for name in self.limits.allowed_kinds)
        return entry_market(view, self.listings.get(intent.code), kinds)

    def _check_exits(self, now: datetime) -> None:
        if self.sessions.phase(now) not in (Phase.CONTINUOUS, Phase.CLOSING_AUCTION):
            return
        account = self.core.account(self._account(now), now, now.timestamp())
        if self.core.loss_check(account) is not None:
            for order in self.paper.working():
                if order.purpose is OrderPurpose.ENTRY:
                    self.paper.cancel(order, now)
        exits = self.core.exits_due(account, now, self.sessions.session(now))
        self.core.exit_all(exits, account, lambda i: self._decide(i, now).decision)

    # The router
    def _chase(self, now: datetime) -> None:
        working = {o.id: o for o in self.paper.working()}
        if not working:
            return
        frozen = self.core.frozen
        commands = self.orders.chase(
            (o.chase_row() for o in working.values()),
            now,
            frozen=frozen,
            entries_blocked=not self.core.accepts_entries(),
        )
        for command in commands:
            if not isinstance(command, Cancel):
                continue
            order = working[command.order_id]
            self.paper.cancel(order, now)
            for send in self.orders.closed(order.id, order.status, order.remaining, frozen=frozen):
                self.paper.send(send.approved, send.client_order_id, now)

    # The day
    def summary(self) -> DailySummary:
        return summarize(self.paper.trades)

    def rejections(self) -> dict[str, int]:
        """How often each reason refused an intent."""
        counts: Counter[str] = Counter()
        for replayed in self.decisions:
            if isinstance(replayed.decided.decision, Rejected):
                counts.update(replayed.decided.decision.reasons)
        return dict(sorted(counts.items()))

    def _order_id(self, intent: Intent, now: datetime) -> str:
        self._count += 1
        day = now.astimezone(KST).strftime("%Y%m%d")
        return f"{day}-{intent.code}-{intent.purpose.value}-whatif{self._count}"


def _starting_cash(entries: list[journal.Entry]) -> int:
    """The agent's cash at the day's start: the first deposit read, 미수 and credit aside."""
    for entry in entries:
        if isinstance(entry.event, journal.AccountRead):
            return cash_only(entry.event.deposit)
    return 0
