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

from collections import defaultdict, deque
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import msgspec
from msgspec import Struct

from agent import journal
from agent.clock import KST
from agent.core.governor import Decided, GovernorCore, Unavailable
from agent.core.market import Seen, view_of
from agent.core.watch import WatchCore
from agent.domain import Approved, Intent, OrderPurpose
from agent.kiwoom.models.market import ListingInfo, SecurityKind
from agent.market.calendar import KrxCalendar
from agent.market.sessions import Phase, SessionTimes, phase_of
from agent.marketdata.adapters import vi_from_event
from agent.orders.chase import Action, ChaseTimes, chase, market_exit
from agent.orders.slicing import SlicePolicy
from agent.risk.account import AccountView
from agent.risk.exits import emergency_intents
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.state import GovernorState, Trigger
from agent.risk.tradability import entry_market
from agent.settings import Settings
from agent.strategy.scanner_loop import poll
from agent.strategy.thresholds import thresholds, window_shift_for

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
        self.calendar = calendar
        self.entries = entries
        self.recorded_settings = recorded_settings
        self.configure(settings)
        self.watches: dict[str, WatchCore] = {}
        self._asks: dict[str, tuple[Callable[[], bool], Callable[[], int]]] = {}
        self.expected_ranks: dict[str, tuple[int | None, int | None]] = {}
        """The ranks the last replayed poll gave the watched codes, not yet taken live."""
        self.rank_differences: list[dict[str, Any]] = []
        self.decisions: list[Replayed] = []
        """The governor core's decisions on the journaled signals, prices, timers, commands."""
        self.live: list[journal.Decision] = []
        self.intents: list[tuple[int, datetime, Intent]] = []
        """The entry intents the watch cores raised from the journaled market."""
        self.signals: list[tuple[int, datetime, Intent]] = []
        """The entry signals the live governor received, with the agent's life they came in
        (a process start or governor restart begins a new one)."""
        self.life = 0
        self.prices: dict[str, Seen] = {}
        self.held: dict[str, bool] = {}
        """Per code, the agent's holding as its StockActor last published it."""
        self._counts: dict[str, deque[int]] = defaultdict(deque)
        self.answered: set[str] = set()
        """Client ids the broker answered (the router sent them)."""
        self.unsent: set[str] = set()
        """Approvals the agent stopped before sending: a restart came before any answer."""
        self.listing_cache: dict[tuple[date, str], ListingInfo] = {}
        self.unanswered: list[str] = []
        """What the replay asked that the journal holds no answer to (a difference)."""
        self.unasked: list[str] = []
        self.follow_ups: list[tuple[datetime, Approved, str]] = []
        """The market sells the router's chase re-sends slow limit exits as (time, terms, id)."""
        self._answers: deque[tuple[AccountView | None, str]] = deque()
        self._quotes: deque[dict[str, int]] = deque()
        self._news: deque[dict[str, int | None]] = deque()
        self._listing_reads: dict[str, deque[ListingInfo]] = defaultdict(deque)
        self._ids: deque[str] = deque()
        asked = (
            journal.AccountAnswer,
            journal.Quotes,
            journal.News,
            journal.ListingRead,
            journal.Signal,
            journal.Decision,
            journal.Counted,
            journal.Started,
        )
        life = 0
        previous = 0
        for entry in entries:
            if entry.seq != previous + 1 and previous:
                # The writer dropped frames (a disk that refused them): the day is incomplete.
                self.unanswered.append(f"frames {previous + 1}-{entry.seq - 1} missing")
            previous = entry.seq
            event = entry.event
            if type(event) not in asked:  # prints, mostly
                continue
            if isinstance(event, journal.AccountAnswer):
                self._answers.append((event.view, event.unavailable))
            elif isinstance(event, journal.Quotes):
                self._quotes.append(event.prices)
            elif isinstance(event, journal.News):
                self._news.append(event.scores)
            elif isinstance(event, journal.ListingRead) and event.asker == "risk":
                self._listing_reads[event.info.code].append(event.info)
            elif isinstance(event, journal.Signal):
                self.signals.append((life, entry.at.astimezone(KST), event.intent))
            elif isinstance(event, journal.Started):
                life += event.component == "risk"
            elif isinstance(event, journal.Counted):
                self._counts[event.code].append(event.entries)
            elif isinstance(event, journal.Decision):
                self.live.append(event)
                if recorded_ids and event.client_order_id is not None:
                    self._ids.append(event.client_order_id)
        self._last_answer: AccountView | None = None
        self._sessions: dict[date, SessionTimes | None] = {}
        self._count = 0
        self._liquidation_scope = "agent"
        self.core = GovernorCore(lambda: self.risk_limits, self.slicing, self._order_id)

    def configure(self, settings: Settings) -> None:
        """Decide with ``settings`` from now on (the watched codes' thresholds too)."""
        self.settings = settings
        self.risk_limits = RiskLimits.from_settings(settings.risk, settings.strategy)
        self.thresholds = thresholds(settings.strategy)
        self.opening_range = settings.strategy.opening_range_minutes
        self.slicing = SlicePolicy(max_slice_qty=settings.execution.max_slice_qty)
        for core in getattr(self, "watches", {}).values():
            core.entries.limits = self.thresholds
        if hasattr(self, "core"):
            self.core.slicing = self.slicing

    # The loop
    def run(self) -> Replay:
        printed = journal.Print
        for entry in self.entries:
            event = entry.event
            if type(event) is printed:  # most of a day: ahead of the match
                self._print(event, entry.at)
            else:
                self.step(entry.at.astimezone(KST), event)
        self._leftovers()
        return self

    def _leftovers(self) -> None:
        """Answers the live core got that the replay never asked for: it decided otherwise."""
        left = {
            "account answers": len(self._answers),
            "quote reads": len(self._quotes),
            "news reads": len(self._news),
            "entry counts": sum(len(q) for q in self._counts.values()),
            "stock information reads": sum(len(q) for q in self._listing_reads.values()),
        }
        self.unasked = [f"{n} {what} the replay never asked for" for what, n in left.items() if n]

    def step(self, now: datetime, event: journal.Event) -> None:
        match event:
            case journal.Print():
                self._print(event, now)
            case journal.Watched(reads=reads):
                self.watches[reads.code] = WatchCore(reads, self.thresholds, self.opening_range)
                self._asks[reads.code] = self._asks_of(reads.code)
                self.held[reads.code] = False  # a new StockActor: not published yet
            case journal.Holding(code=code, held=held):
                self.held[code] = held
            case journal.Unwatched(code=code):
                self.watches.pop(code, None)
            case journal.Vi(event=raw):
                vi = vi_from_event(raw)
                if raw.code in self.watches and vi is not None:
                    self.watches[raw.code].vi(vi)
            case journal.Rankings():
                self._poll(event, now)
            case journal.Ranked(code=code, rank=rank, volume_rank=volume_rank):
                self._check_rank(code, (rank, volume_rank), now)
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
            case journal.Timer(name=name) if name == journal.EXIT_TIMER:
                self._check_exits(now)
            case journal.Timer(name=name) if name == journal.LIQUIDATION_RETRY:
                self._liquidate(self._liquidation_scope, now)
            case journal.Command():
                self._command(event, now)
            case journal.Chased():
                self._chase(event, now)
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

    # The scanner
    def _poll(self, rankings: journal.Rankings, now: datetime) -> None:
        """Run the scanner's poll on its journaled reads; the ranks it gives the watched codes
        are checked against the ranks their StockActors took (the watch cores take those: a
        StockActor takes its rank a moment after the poll, and prints come in between)."""
        watched = set(self.watches)

        def news(codes: list[str]) -> dict[str, int | None]:
            if not self._news:
                self.unanswered.append(f"{now.isoformat()} news scores")
                return {}
            return self._news.popleft()

        result = poll(
            now,
            self._phase(now),
            strategy=self.settings.strategy,
            window_shift=self._shift(now),
            watched=watched,
            pinned=self._pinned(),
            rankings=lambda: (rankings.turnover, rankings.surges, rankings.gainers),
            news_scores=news,
        )
        if result.watchlist is not None:
            stopped = set(result.stop)
            self.expected_ranks = {
                code: rank for code, rank in result.ranks.items() if code not in stopped
            }

    def _pinned(self) -> set[str]:
        """The codes the scanner never drops: the agent's positions."""
        view = self.core.view
        return {p.code for p in view.positions} if view is not None else set()

    def _check_rank(self, code: str, rank: tuple[int | None, int | None], now: datetime) -> None:
        expected = self.expected_ranks.pop(code, None)
        if expected is not None and expected != rank:
            self.rank_differences.append(
                {
                    "kind": "rank",
                    "at": now.isoformat(timespec="seconds"),
                    "live": {"code": code, "rank": list(rank)},
                    "replayed": {"code": code, "rank": list(expected)},
                }
            )

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
        counts = self._counts[code]

        def entries() -> int:
            if counts:
                return counts.popleft()
            self.unanswered.append(f"{code}: a count of today's entries")
            return 0

        return lambda: self.held.get(code, False), entries

    # The governor
    def _evaluate(self, intent: Intent, now: datetime) -> Decided:
        decided = self.core.decide(
            intent,
            now,
            account=self._answer,
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

    def _answer(self) -> AccountView:
        if not self._answers:
            self.unanswered.append("an account view")
            raise Unavailable("the journal holds no more account answers")
        view, unavailable = self._answers.popleft()
        if unavailable:
            raise Unavailable(unavailable)
        if view is None:
            view = self._last_answer
        if view is None:
            raise Unavailable("the journal's first account answer is missing")
        self._last_answer = view
        return view

    def _market(self, intent: Intent, now: datetime) -> MarketView:
        seen = self.prices.get(intent.code)
        if seen is None:
            self.unanswered.append(f"{now.isoformat()} a quote of {intent.code}")
            raise Unavailable(f"no price of {intent.code} in the journal")
        view = view_of(seen, now, self._session(now))
        if intent.purpose is not OrderPurpose.ENTRY:
            return view
        kinds = frozenset(SecurityKind[name] for name in self.core.limits().allowed_kinds)
        return entry_market(view, self._listing(intent.code, now), kinds)

    def _listing(self, code: str, now: datetime) -> ListingInfo | None:
        """The governor's stock information of ``code`` today: the signal's, else its own
        read (journaled as the governor's)."""
        key = (now.date(), code)
        if key not in self.listing_cache:
            reads = self._listing_reads[code]
            if not reads:
                return None
            self.listing_cache[key] = reads.popleft()
        return self.listing_cache[key]

    def _check_exits(self, now: datetime) -> None:
        # The live governor journals its timer only once its phase check passed: not again
        # here, a moment later by the frame's time (at 15:30 the two could disagree).
        try:
            account = self.core.account(self._answer(), now, now.timestamp())
        except Unavailable:
            return
        self.core.loss_check(account)
        # Each exit check journaled the quotes it read of quiet codes (none, mostly): whether a
        # code was quiet is the live watch's word, fed by reports the journal does not keep.
        if not self._quotes:
            self.unanswered.append(f"{now.isoformat()} the exit check's quote read")
        for code, price in (self._quotes.popleft() if self._quotes else {}).items():
            self._governor_print(code, price, now, now, trade=False)
        if self.core.frozen:
            return
        exits = self.core.exits_due(account, now, self._session(now))
        self.core.exit_all(exits, account, lambda i: self._evaluate(i, now).decision)

    # The router
    def _chase(self, chased: journal.Chased, now: datetime) -> None:
        """The router's chase over the working orders it saw: a slow limit exit it cancels to
        re-send at market is followed by that market sell (the live router sends it once the
        cancel is confirmed; a fill that came first would show as a difference)."""
        rows = {r.working.order_id: r for r in chased.rows}
        times = ChaseTimes.of(self.settings.execution, self.risk_limits.stop_reprice)
        steps = chase(
            (r.working for r in chased.rows),
            now,
            times,
            frozen=chased.frozen,
            entries_blocked=chased.entries_blocked,
            locked=lambda w: rows[w.order_id].locked,
        )
        for step in steps:
            row = rows[step.order_id]
            if step.action is not Action.RESEND_AT_MARKET or row.remaining <= 0 or chased.frozen:
                continue
            follow_up = market_exit(
                row.working.code,
                row.working.purpose,
                row.working.price or row.signal_price or 1,
                row.strategy_tag or "risk",
                row.remaining,
                now,
            )
            self.follow_ups.append((now, follow_up, f"{row.client_order_id}-m"))

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
        self._last_answer = None
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
                self.core.trigger(Trigger.KILL_SWITCH_ENGAGED)
                self._liquidation_scope = str(detail.get("scope", "agent"))
                self._liquidate(self._liquidation_scope, now)

    def _liquidate(self, scope: str, now: datetime) -> None:
        """The operator's emergency sale (or its retry): every sell through the governor."""
        try:
            account = self.core.account(self._answer(), now, now.timestamp())
        except Unavailable:
            return
        for intent in emergency_intents(account, scope, now):
            self._evaluate(intent, now)

    # Time
    def _session(self, now: datetime) -> SessionTimes | None:
        day = now.astimezone(KST).date()
        if day not in self._sessions:
            self._sessions[day] = self.calendar.session(day)
        return self._sessions[day]

    def _phase(self, now: datetime) -> Phase:
        return phase_of(self._session(now), now)

    def _shift(self, now: datetime) -> timedelta:
        session = self._session(now)
        return window_shift_for(session.open) if session is not None else timedelta(0)

    def _order_id(self, intent: Intent, now: datetime) -> str:
        self._count += 1
        if self._ids:
            return self._ids.popleft()
        day = now.astimezone(KST).strftime("%Y%m%d")
        return f"{day}-{intent.code}-{intent.purpose.value}-replay{self._count}"
