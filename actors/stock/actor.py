"""A StockActor watches one code: ticks to bars, VWAP and opening range, and entry intents.

On start it rebuilds its state from the broker (:mod:`actors.stock.rebuild`), never from a dead
incarnation's memory, and registers the code's realtime trades.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from datetime import time as dt_time
from typing import Any

from actors import ids
from actors.account.messages import AccountFacts
from actors.board.events import LivePriceUpdate
from actors.messages import Wanted, answer
from actors.recorder.messages import RecordBars
from actors.risk.messages import EvaluateIntent, PriceObserved, TradePrice
from actors.runtime.services import Services
from actors.stock.messages import (
    CloseBar,
    NewsScoreChanged,
    PriceMarked,
    StockFacts,
    StockSnapshot,
    TickReceived,
    ViReceived,
    WatchRankChanged,
)
from actors.stock.rebuild import read_listing, read_stock
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent import journal
from agent.broker.events import TradeTick
from agent.broker.market import ListingInfo
from agent.clock import KST
from agent.core.watch import WatchCore
from agent.domain import OrderPurpose, OrderStatus
from agent.marketdata import Bar, StockState
from agent.marketdata.adapters import vi_from_event
from agent.marketdata.figures import change_bps, in_vi, opening_range_complete, vwap
from agent.store.repositories import OrderRepository
from agent.strategy.entry import EntryContext
from agent.strategy.thresholds import thresholds

log = logging.getLogger(__name__)

NEW_DAY_AT = dt_time(8, 0)
"""A code watched across midnight is rebuilt at this time of the next day: before the
pre-open auction, once the broker's base price and limits are the new day's."""
PUBLISH_EVERY_WALL_S = 0.25
LISTING_FRESH = timedelta(minutes=5)
"""An entry signal reads the stock information (ka10100) again when the last reading is older
than this (market time); the broker refuses an order into a halted stock in any case."""
CLOSE_BAR_EVERY_S = 60.0


class StockActor(SupervisedActor):
    """Market data and the entry rule for one code."""

    def __init__(
        self,
        link: ChildLink | None,
        services: Services,
        code: str,
        prev_volume: int | None = None,
    ) -> None:
        super().__init__(link)
        self._services = services
        self._code = code
        self._prev_volume = prev_volume
        self._name = code
        self._listing: ListingInfo | None = None
        self._listing_at = datetime.min.replace(tzinfo=KST)
        """When ``_listing`` was read (market time)."""
        self._orders = OrderRepository(services.sessions)
        self._clock = services.clock
        self._limits = thresholds(services.strategy())
        self._core: WatchCore | None = None
        """The market picture and the entry loop: the core the replay and the backtest run."""
        # Bound once: the entry loop takes its reads as callables on every tick.
        self._read_holding = self._held_now
        self._read_entries = self._entries_today
        self._config_version = services.live.version if services.live is not None else 0
        self._published_at = 0.0
        self._held = False
        """The agent holds this code (as the Account last told it)."""
        self._told: StockFacts | None = None
        """What the router was last told of this code."""
        self._marked: int | None = None
        """The price the Account was last told."""
        self._timer: Cancellable | None = None
        self._next_day_at = datetime.max.replace(tzinfo=KST)
        """When the picture is rebuilt for the next day (set by :meth:`_load_day`)."""

    # Life cycle
    def on_start(self) -> None:
        self._load_day()
        # What the Account and the scanner told the incarnation before this one (held? the
        # rank and news score: without them the entry would wait for the next scan).
        wanted = Wanted(reply_to=self.actor_ref, code=self._code)
        self._services.tell(ids.ACCOUNT, wanted)
        self._services.tell(ids.SCANNER, wanted)
        broker = self._services.broker.current()
        broker.subscribe([self._code], ["0B"])
        self._schedule()
        self._publish(force=True)

    def _load_day(self) -> None:
        """Build today's picture from the broker: state, price limits, stock information."""
        reads = read_stock(self._services, self._code, self._prev_volume)
        opening_range = self._services.settings.strategy.opening_range_minutes
        self._core = WatchCore(reads, self._limits, opening_range)
        if self._held:  # a code held overnight: the new day's journal says so from the start
            self._services.record(journal.Holding(code=self._code, held=True))
        self._name = self._core.name
        self._listing, self._listing_at = reads.listing, reads.at
        now = self._clock.now().astimezone(KST)
        at = datetime.combine(now.date(), NEW_DAY_AT, tzinfo=KST)
        self._next_day_at = at if now < at else at + timedelta(days=1)

    def _roll_over(self) -> None:
        """A code watched overnight (the agent holds it) starts the new day afresh: yesterday's
        price limits would misprice its stop, yesterday's designations go unseen, and its
        opening range, VWAP and volume must be today's."""
        log.info("%s: a new day, rebuilt from the broker", self._code)
        self._prev_volume = None  # the scanner's row was yesterday's
        self._load_day()  # no rank or news yet: the entry loop starts the day afresh
        self._publish(force=True)

    def on_stop(self) -> None:
        self._release()

    def on_failure(self, *_: Any) -> None:
        self._release()

    def _release(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        current = self._services.registry.lookup(ids.stock_id(self._code))
        if current is not None and current.actor_urn != self.actor_ref.actor_urn:
            # Abandoned when it was stuck, and replaced: the code is still watched, by the
            # newer incarnation, whose feed, snapshot and facts must stay.
            return
        self._services.record(journal.Unwatched(code=self._code))
        self._services.board.remove_snapshot(ids.stock_id(self._code))
        self._services.tell(ids.ACCOUNT, PriceMarked(code=self._code, price=None))
        self._services.tell(
            ids.ROUTER, StockFacts(code=self._code, name=self._name, vi_active=False)
        )
        if self._services.broker.available():
            try:
                self._services.broker.current().unsubscribe([self._code], ["0B"])
            except Exception:  # the session may be closing; the registration dies with it
                log.debug("could not unregister %s", self._code)

    def _schedule(self) -> None:
        self._timer = self._services.tell_later(CLOSE_BAR_EVERY_S, self.actor_ref, CloseBar())

    # Messages
    def on_receive(self, message: Any) -> Any:
        if type(message) is TickReceived:  # the per-tick path, ahead of the match
            # Journaled here, in the order this actor takes its inputs (ranks, holding, counts),
            # at the time its entry rule judges the print by.
            now = self._clock.now()
            self._services.record(journal.Print.of(message.tick), at=now)
            self._on_trade(message.tick, now)
            return None
        match message:
            case ViReceived(event=event):
                self._services.record(journal.Vi(event=event))
                vi = vi_from_event(event)
                if vi is not None:
                    self._require_core().vi(vi)
                    self._publish(force=True)
            case WatchRankChanged(rank=rank, volume_rank=volume_rank):
                self._services.record(
                    journal.Ranked(code=self._code, rank=rank, volume_rank=volume_rank)
                )
                self._require_core().entries.ranked(rank, volume_rank)
                self._publish(force=True)
            case NewsScoreChanged(score=score):
                self._services.record(journal.Scored(code=self._code, score=score))
                self._require_core().entries.scored(score)
                self._publish(force=True)
            case AccountFacts(held=held):
                self._holding(self._code in held)
            case Wanted(want=want) if want is PriceMarked:  # the Account has just started
                self._marked = self._require().last_price
                if self._marked is not None:
                    return answer(message, PriceMarked(code=self._code, price=self._marked))
            case Wanted():  # the router has just started
                return answer(message, self._facts())
            case CloseBar():
                try:
                    if self._clock.now() >= self._next_day_at:
                        self._roll_over()
                    else:
                        self._record(self._require_core().close_bar(self._clock.now()))
                finally:
                    self._schedule()
            case _:
                raise TypeError(f"stock actor got an unknown message {type(message).__name__}")
        return None

    # Internals
    def _on_trade(self, trade: TradeTick, now: datetime) -> None:
        """The per-tick path: every call here is paid at the opening's peak rate."""
        core = self._core
        if core is None:
            raise RuntimeError(f"stock {self._code} has no state")
        closed = core.trade(trade)
        if closed is None:  # not a regular-session trade
            return
        live = core.live
        if closed:
            self._services.tell(ids.RECORDER, RecordBars(bars=live.bars[-1:]))
        if self._held and live.last_price is not None and live.last_at is not None:
            # The agent holds this code: its stop is checked on every print, not on a timer.
            self._services.tell(
                ids.RISK,
                TradePrice(code=self._code, price=live.last_price, at=live.last_at, bid=trade.bid),
            )
        self._consider_entry(core, now)
        if time.monotonic() - self._published_at >= PUBLISH_EVERY_WALL_S:
            self._publish()

    def _require_core(self) -> WatchCore:
        if self._core is None:
            raise RuntimeError(f"stock {self._code} has no state")
        return self._core

    def _require(self) -> StockState:
        return self._require_core().state()

    def _record(self, bars: tuple[Bar, ...]) -> None:
        if bars:
            self._services.tell(ids.RECORDER, RecordBars(bars=bars))

    def _holding(self, held: bool) -> None:
        if held != self._held:
            # The entry loop's answer to "held?" from now on: journaled for the replay.
            self._services.record(journal.Holding(code=self._code, held=held))
            self._held = held

    def _facts(self) -> StockFacts:
        return StockFacts(code=self._code, name=self._name, vi_active=in_vi(self._require()))

    def _held_now(self) -> bool:
        return self._held

    def _entries_today(self) -> int:
        """Today's entries in the code from the orders table (journaled: the replay's answer)."""
        day = self._services.clock.now().astimezone(KST).date()
        count = sum(
            1
            for o in self._orders.for_day(day)
            if o.code == self._code
            and o.purpose is OrderPurpose.ENTRY
            and (o.status is not OrderStatus.REJECTED or o.filled_quantity > 0)
        )
        self._services.record(journal.Counted(code=self._code, entries=count))
        return count

    def _consider_entry(self, core: WatchCore, now: datetime) -> None:
        if core.entries.rank is None:
            return
        config = self._services.live
        if config is not None and config.version != self._config_version:
            # The operator changed the strategy: convert the new thresholds once.
            self._limits = core.entries.limits = thresholds(config.strategy())
            self._config_version = config.version
        intent = core.consider(
            now.timestamp,
            holding=self._read_holding,
            entries_today=self._read_entries,  # a database read: only once the rule says yes
        )
        if intent is None:
            return
        log.info("entry signal %s at %s won", self._code, intent.reference_price)
        # A halt (조회공시) or a designation can come at any minute of the day, and the governor
        # judges the entry by what this message carries: a reading older than a few minutes is
        # read again (not every signal: the opening's burst would wait on the request budget).
        if now - self._listing_at > LISTING_FRESH:
            self._listing = read_listing(self._services, self._code) or self._listing
            self._listing_at = now
        self._services.tell(
            ids.RISK,
            EvaluateIntent(intent=intent, market=self._observed(), listing=self._listing),
        )

    def _observed(self) -> PriceObserved:
        core = self._require_core()
        state = core.state()
        return PriceObserved(
            code=self._code,
            price=core.price(),
            at=state.last_at or self._services.clock.now(),
            base_price=state.prev_close,
            upper_limit=core.upper,
            lower_limit=core.lower,
            vi_active=in_vi(state),
        )

    def _publish(self, force: bool = False) -> None:
        wall = time.monotonic()
        if not force and wall - self._published_at < PUBLISH_EVERY_WALL_S:
            return
        self._published_at = wall
        state = self._require()
        now = self._services.clock.now()
        entries = self._require_core().entries
        if entries.reasons_due:
            # Only for the reasons shown: a cheap stage of the loop said no entry.
            context = EntryContext(
                watch_rank=entries.rank, news_score=entries.news, holding=self._held
            )
            entries.explain(state, now, context)
        snapshot = StockSnapshot(
            code=self._code,
            name=self._name,
            at=state.last_at,
            price=state.last_price,
            change_bps=change_bps(state),
            volume=max(state.volume, state.feed_volume),
            turnover=state.turnover_won,
            vwap=vwap(state),
            or_high=state.opening_range.high,
            or_low=state.opening_range.low,
            or_complete=opening_range_complete(state, now),
            vi_active=in_vi(state),
            watch_rank=entries.rank,
            news_score=entries.news,
            last_decision=tuple(str(r) for r in entries.last_reasons),
        )
        self._tell(snapshot)
        source = ids.stock_id(self._code)
        self._services.board.publish_snapshot(source, snapshot)
        if state.last_price is not None:
            self._services.board.publish(LivePriceUpdate, source, snapshot, code=self._code)
            self._services.tell(ids.RISK, self._observed())

    def _tell(self, snapshot: StockSnapshot) -> None:
        """Tell the router of a new VI (or name), the Account of a new price."""
        facts = self._facts()
        if facts != self._told and self._services.tell(ids.ROUTER, facts):
            self._told = facts
        self._mark(snapshot.price)

    def _mark(self, price: int | None) -> None:
        """Tell the Account a new price: it marks the agent's positions and the day's P&L."""
        if (
            price is not None
            and price != self._marked
            and self._services.tell(ids.ACCOUNT, PriceMarked(code=self._code, price=price))
        ):
            self._marked = price
