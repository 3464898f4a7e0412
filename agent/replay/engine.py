"""The replay: a day's journal fed through the trading core in virtual time.

Each journal entry is stepped at its own market time, in order, through the cores the live
actors run. Each core takes the inputs its actor journaled, in the order the actor took them:
one :class:`~agent.core.watch.WatchCore` per watched code (prints, VIs, ranks, news scores,
holding), the :class:`~agent.core.governor.GovernorCore` (the signals, prices and quotes it
received, its exit timer, the operator's commands, its restarts), the router's chase (the
working orders it saw). The scanner's poll (:func:`agent.strategy.scanner_loop.poll`) runs on
its journaled reads and its ranks are checked against those the StockActors took. The answers
the live cores got to their asks (the Account's views, entry counts, stock information, quotes)
are journaled too; the replay answers its own asks with them in the same order, as a recorded
conversation. A replay that asks where the live agent did not (or the other way round) has
decided differently: it shows as a difference.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import msgspec
from msgspec import Struct

from agent import journal
from agent.broker.market import ListingInfo, SecurityKind
from agent.clock import KST
from agent.core import backstops
from agent.core.governor import Decided, GovernorCore, Unavailable
from agent.core.market import Seen, view_of
from agent.core.orders import OrderManager
from agent.core.watch import WatchCore
from agent.domain import Intent, OrderPurpose
from agent.market.calendar import KrxCalendar
from agent.marketdata.adapters import vi_from_event
from agent.orders.chase import ChaseTimes
from agent.orders.slicing import SlicePolicy
from agent.replay.answers import ASKED, Answers, InFlight
from agent.replay.router import CancelAsked, FollowUp, chase_step
from agent.replay.scanner import RankCheck
from agent.replay.sessions import Sessions
from agent.risk.exits import emergency_intents
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.state import GovernorState, Trigger
from agent.risk.tradability import entry_market
from agent.settings import Settings
from agent.strategy.thresholds import thresholds

__all__ = ["Replay", "Replayed"]


class Replayed(Struct, frozen=True, kw_only=True):
    """One decision of the replayed core, at the market time it was made."""

    at: datetime
    decided: Decided


class Replay:
    """Feeds one day's journal entries through the core."""

    def __init__(
        self,
        settings: Settings,
        calendar: KrxCalendar,
        entries: list[journal.Entry],
        *,
        recorded_ids: bool = True,
        recorded_settings: bool = True,
    ) -> None:
        """``recorded_ids``: approvals take the live agent's client order ids in turn (so the
        account's answers settle the replay's reservations as they settled the live ones);
        ``recorded_settings``: decide with the parameters the journal says the live agent had
        (else with ``settings`` throughout)."""
        self.sessions = Sessions(calendar)
        self.entries = entries
        self.recorded_settings = recorded_settings
        self.answers = Answers(entries, recorded_ids=recorded_ids)
        self.live = self.answers.live
        self.signals = self.answers.signals
        self.unanswered = self.answers.unanswered
        """What the replay asked that the journal holds no answer to (a difference)."""
        self.unasked: list[str] = []
        self.watches: dict[str, WatchCore] = {}
        self._asks: dict[str, tuple[Callable[[], bool], Callable[[], int]]] = {}
        self.ranks = RankCheck(self.sessions)
        """The scanner's poll on its reads, checked against the ranks the actors took."""
        self.decisions: list[Replayed] = []
        """The governor core's decisions on the journaled signals, prices, timers, commands."""
        self.intents: list[tuple[int, datetime, Intent]] = []
        """The entry intents the watch cores raised from the journaled market."""
        self.life = 0
        self.prices: dict[str, Seen] = {}
        self.held: dict[str, bool] = {}
        """Per code, the agent's holding as its StockActor last published it."""
        self.answered: set[str] = set()
        """Client ids the broker answered (the router sent them)."""
        self.unsent: set[str] = set()
        """Approvals the agent stopped before sending: a restart came before any answer."""
        self.listing_cache: dict[tuple[date, str], ListingInfo] = {}
        self.follow_ups: list[FollowUp] = []
        """The market sells the router's chase re-sends slow limit exits as."""
        self.cancels: list[CancelAsked] = []
        """The cancels the router's chase asks for."""
        self.backstops: list[FollowUp] = []
        """The backstops the router places as it plans from its journaled guards."""
        self._count = 0
        self._liquidation_scope = "agent"
        self._adopt(settings)
        self.core = GovernorCore(lambda: self.risk_limits, self.slicing, self._order_id)

    def _adopt(self, settings: Settings) -> None:
        self.settings = settings
        self.risk_limits = RiskLimits.from_settings(settings.risk, settings.strategy)
        self.thresholds = thresholds(settings.strategy)
        self.opening_range = settings.strategy.opening_range_minutes
        self.slicing = SlicePolicy(max_slice_qty=settings.execution.max_slice_qty)
        self.chase_times = ChaseTimes.of(settings.execution, self.risk_limits.stop_reprice)
        self.orders = OrderManager(self.slicing, self.chase_times)

    def configure(self, settings: Settings) -> None:
        """Decide with ``settings`` from now on (the watched codes' thresholds too)."""
        self._adopt(settings)
        for core in self.watches.values():
            core.entries.limits = self.thresholds
        self.core.slicing = self.slicing

    # The loop
    def run(self) -> Replay:
        printed = journal.Print
        for entry in self.entries:
            event = entry.event
            try:
                if type(event) is printed:  # most of a day: ahead of the match
                    self._print(event, entry.at)
                elif type(event) not in ASKED:  # an answer waits for its ask (self.answers)
                    self.step(entry.at.astimezone(KST), event)
            except InFlight:
                continue  # the process died in this step; the next life's start follows
        self.unasked = self.answers.unasked()
        return self

    def step(self, now: datetime, event: journal.Event) -> None:
        match event:
            case journal.Print():
                self._print(event, now)
            case journal.Timer(name=name) if name == journal.EXIT_TIMER:  # every second
                self._check_exits(now)
            case journal.Timer(name=name) if name == journal.LIQUIDATION_RETRY:
                self._liquidate(self._liquidation_scope, now)
            case journal.Watched(reads=reads):
                self.watches[reads.code] = WatchCore(reads, self.thresholds, self.opening_range)
                self._asks[reads.code] = self._asks_of(reads.code)
                self.held[reads.code] = False  # a new StockActor: the Account has not told it yet
            case journal.Holding(code=code, held=held):
                self.held[code] = held
            case journal.Unwatched(code=code):
                self.watches.pop(code, None)
            case journal.Vi(event=raw):
                vi = vi_from_event(raw)
                if raw.code in self.watches and vi is not None:
                    self.watches[raw.code].vi(vi)
            case journal.Rankings() | journal.Ranks():
                self.ranks.poll(
                    event,
                    now,
                    self.settings.strategy,
                    watched=set(self.watches),
                    pinned=self._pinned(),
                    news=lambda: self.answers.news(now),
                )
            case journal.Ranked(code=code, rank=rank, volume_rank=volume_rank):
                self.ranks.took(code, (rank, volume_rank), now)
                if code in self.watches:
                    self.watches[code].entries.ranked(rank, volume_rank)
            case journal.Scored(code=code, score=score):
                if code in self.watches:
                    self.watches[code].entries.scored(score)
            case journal.Signal(intent=intent, market=market, listing=listing):
                if market is not None:
                    self.prices[market.code] = market
                if listing is not None:
                    self.listing_cache[(now.date(), listing.code)] = listing
                self._evaluate(intent, now)
            case journal.Traded(code=code, price=price, at=at, bid=bid):
                self._governor_print(code, price, at, now, bid=bid)
            case journal.Observed(seen=seen):
                self.prices[seen.code] = seen
                self._governor_print(seen.code, seen.price, seen.at, now)
            case journal.Command():
                self._command(event, now)
            case journal.Chased():
                cancels, sells = chase_step(event, now, self.orders)
                self.cancels += cancels
                self.follow_ups += sells
            case journal.Guarded():
                self.backstops += [
                    (now, c.approved, c.client_order_id)
                    for c in backstops.plan(event, now)
                    if isinstance(c, backstops.Place)
                ]
            case journal.Started(component="risk"):
                self.life += 1
                self._restart(event, now)
            case journal.OrderAnswer(client_order_id=cid):
                self.answered.add(cid)
            case journal.Configured() if self.recorded_settings:
                self.configure(
                    msgspec.structs.replace(
                        self.settings,
                        strategy=event.strategy,
                        risk=event.risk,
                        execution=event.execution,
                    )
                )
            case _:
                pass  # answers are consumed when asked; executions and feed state not yet

    def _pinned(self) -> set[str]:
        """The codes the scanner never drops: the agent's positions."""
        view = self.core.view
        return {p.code for p in view.positions} if view is not None else set()

    # A print
    def _print(self, event: journal.Print, now: datetime) -> None:
        code = event.code
        core = self.watches.get(code)
        if core is None or core.trade(event) is None:
            return
        holding, entries = self._asks[code]
        intent = core.consider(now.timestamp, holding=holding, entries_today=entries)
        if intent is not None:
            self.intents.append((self.life, now, intent))

    def _asks_of(self, code: str) -> tuple[Callable[[], bool], Callable[[], int]]:
        """The two reads a code's entry loop asks for, answered as the StockActor answered
        them: its holding as last published, its count of today's entries as journaled."""
        return lambda: self.held.get(code, False), lambda: self.answers.count(code, self.life)

    # The governor
    def _evaluate(self, intent: Intent, now: datetime) -> Decided:
        decided = self.core.decide(
            intent,
            now,
            account=self.answers.account,
            market=lambda: self._market(intent, now),
            wall=now.timestamp(),
        )
        self.decisions.append(Replayed(at=now, decided=decided))
        return decided

    def _governor_print(
        self,
        code: str,
        price: int,
        at: datetime,
        now: datetime,
        *,
        bid: int = 0,
        trade: bool = True,
    ) -> None:
        stops = self.core.stop_due(code, price, at, now, bid=bid, trade=trade)
        if stops:
            self.core.exit_all(stops, self.core.view, lambda i: self._evaluate(i, now).decision)

    def _market(self, intent: Intent, now: datetime) -> MarketView:
        seen = self.prices.get(intent.code)
        if seen is None:
            self.unanswered.append(f"{now.isoformat()} a quote of {intent.code}")
            raise Unavailable(f"no price of {intent.code} in the journal")
        view = view_of(seen, now, self.sessions.session(now))
        if intent.purpose is not OrderPurpose.ENTRY:
            return view
        kinds = frozenset(SecurityKind[name] for name in self.core.limits().allowed_kinds)
        return entry_market(view, self._listing(intent.code, now), kinds)

    def _listing(self, code: str, now: datetime) -> ListingInfo | None:
        """The governor's stock information of ``code`` today: the signal's, else its own
        read (journaled as the governor's)."""
        key = (now.date(), code)
        if key not in self.listing_cache:
            read = self.answers.listing(code)
            if read is None:
                return None
            self.listing_cache[key] = read
        return self.listing_cache[key]

    def _check_exits(self, now: datetime) -> None:
        # The live governor journals its timer only once its phase check passed: not again
        # here, a moment later by the frame's time (at 15:30 the two could disagree).
        try:
            account = self.core.account(self.answers.account(), now, now.timestamp())
        except Unavailable:
            return
        self.core.loss_check(account)
        # Each exit check journaled the quotes it read of quiet codes (none, mostly): whether a
        # code was quiet is the live watch's word, fed by reports the journal does not keep.
        for code, price in self.answers.quotes(now).items():
            self._governor_print(code, price, now, now, trade=False)
        if self.core.frozen:
            return
        exits = self.core.exits_due(account, now, self.sessions.session(now))
        if exits:
            self.core.exit_all(exits, account, lambda i: self._evaluate(i, now).decision)

    def _restart(self, started: journal.Started, now: datetime) -> None:
        """The governor (re)started: a fresh core with what it restored from the database.
        Approvals with no answer from the broker yet may have died with the last life."""
        for replayed in self.decisions:
            cid = replayed.decided.client_order_id
            if cid is not None and not any(
                a == cid or a.startswith(cid + "-") for a in self.answered
            ):
                self.unsent.add(cid)
        core = self.core = self.core.restarted(now.date())
        core.state = GovernorState(started.state) if started.state else core.state
        core.paused, core.frozen = started.paused, started.frozen
        core.entered = set(started.entered)
        self.answers.restarted()
        self.prices, self.listing_cache = {}, {}  # the restarted actor's start empty too

    def _command(self, command: journal.Command, now: datetime) -> None:
        detail = command.detail
        match command.name:
            case "EngageKillSwitch":
                self.core.trigger(Trigger.KILL_SWITCH_ENGAGED)
            case "ReleaseKillSwitch":
                self.core.trigger(Trigger.KILL_SWITCH_RELEASED)
            case "SetEntriesPaused":
                self.core.paused = bool(detail.get("paused"))
            case "SetFrozen":
                self.core.frozen = bool(detail.get("frozen"))
            case "LiquidateAll":
                if detail.get("halt", True):
                    self.core.trigger(Trigger.KILL_SWITCH_ENGAGED)
                self._liquidation_scope = str(detail.get("scope", "agent"))
                self._liquidate(self._liquidation_scope, now)

    def _liquidate(self, scope: str, now: datetime) -> None:
        """The operator's emergency sale (or its retry): every sell through the governor."""
        try:
            account = self.core.account(self.answers.account(), now, now.timestamp())
        except Unavailable:
            return
        for intent in emergency_intents(account, scope, now):
            self._evaluate(intent, now)

    def _order_id(self, intent: Intent, now: datetime) -> str:
        self._count += 1
        recorded = self.answers.order_id()
        if recorded is not None:
            return recorded
        day = now.astimezone(KST).strftime("%Y%m%d")
        return f"{day}-{intent.code}-{intent.purpose.value}-replay{self._count}"
