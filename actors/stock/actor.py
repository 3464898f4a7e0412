"""A StockActor watches one code: ticks to bars, VWAP and opening range, and entry intents.

On start it rebuilds its state from the broker (:mod:`actors.stock.rebuild`), never from a dead
incarnation's memory, and registers the code's realtime trades.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as dt_time
from typing import Any

from actors import ids
from actors.account.messages import AccountSnapshot
from actors.board import Topic
from actors.recorder.messages import RecordBars
from actors.risk.messages import EvaluateIntent, PriceObserved, TradePrice
from actors.runtime.services import Services
from actors.scanner.messages import ScannerSnapshot
from actors.stock.messages import (
    CloseBar,
    NewsScoreChanged,
    StockSnapshot,
    TickReceived,
    ViReceived,
    WatchRankChanged,
)
from actors.stock.rebuild import read_listing, rebuild
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent.clock import KST
from agent.domain import OrderPurpose, OrderStatus
from agent.kiwoom.models.market import ListingInfo
from agent.kiwoom.realtime.events import TradeTick
from agent.marketdata import StockState, apply_vi, bars_closed_between, close_bar
from agent.marketdata.adapters import fold_trade, vi_from_event
from agent.marketdata.figures import change_bps, in_vi, opening_range_complete, vwap
from agent.marketdata.live import LiveState
from agent.store.repositories import OrderRepository
from agent.strategy.entry import EntryContext
from agent.strategy.entry_loop import EntryLoop
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
        self._entries = EntryLoop(code, thresholds(services.strategy()))
        """The entry loop the backtest runs too (rank, news, retry wait, reasons)."""
        # Bound once: the entry loop takes its reads as callables on every tick.
        self._timestamp = services.clock.timestamp
        self._read_holding = self._holding
        self._read_entries = self._entries_today
        self._frozen: Callable[[], StockState] = self._require
        self._config_version = services.live.version if services.live is not None else 0
        self._live: LiveState | None = None
        """Folded in place per tick; ``state()`` is the frozen picture to publish or judge."""
        self._upper: int | None = None
        self._lower: int | None = None
        self._published_at = 0.0
        self._held = False
        """The agent holds this code (from the account's snapshot, refreshed per publish)."""
        self._timer: Cancellable | None = None
        self._next_day_at = datetime.max.replace(tzinfo=KST)
        """When the picture is rebuilt for the next day (set by :meth:`_load_day`)."""

    # Life cycle
    def on_start(self) -> None:
        self._load_day()
        broker = self._services.broker.current()
        broker.subscribe([self._code], ["0B"])
        self._restore_ranking()
        self._schedule()
        self._publish(force=True)

    def _load_day(self) -> None:
        """Build today's picture from the broker: state, price limits, stock information."""
        rebuilt = rebuild(self._services, self._code, self._prev_volume)
        self._live, self._name = LiveState(rebuilt.state), rebuilt.name
        self._frozen = self._live.state
        self._listing, self._listing_at = rebuilt.listing, self._clock.now()
        self._upper, self._lower = rebuilt.upper_limit, rebuilt.lower_limit
        self._entries.new_day(rebuilt.window_shift)
        now = self._clock.now().astimezone(KST)
        at = datetime.combine(now.date(), NEW_DAY_AT, tzinfo=KST)
        self._next_day_at = at if now < at else at + timedelta(days=1)

    def _roll_over(self) -> None:
        """A code watched overnight (the agent holds it) starts the new day afresh: yesterday's
        price limits would misprice its stop, yesterday's designations go unseen, and its
        opening range, VWAP and volume must be today's."""
        log.info("%s: a new day, rebuilt from the broker", self._code)
        self._prev_volume = None  # the scanner's row was yesterday's
        self._load_day()  # the entry loop forgets the day too
        self._publish(force=True)

    def on_stop(self) -> None:
        self._release()

    def on_failure(self, *_: Any) -> None:
        self._release()

    def _release(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._services.board.remove_snapshot(ids.stock_id(self._code))
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
            self._on_trade(message.tick)
            return None
        match message:
            case ViReceived(event=event):
                vi = vi_from_event(event)
                if vi is not None:
                    self._advance(apply_vi(self._require(), vi))
                    self._publish(force=True)
            case WatchRankChanged(rank=rank, volume_rank=volume_rank):
                self._entries.ranked(rank, volume_rank)
                self._publish(force=True)
            case NewsScoreChanged(score=score):
                self._entries.scored(score)
                self._publish(force=True)
            case CloseBar():
                try:
                    if self._clock.now() >= self._next_day_at:
                        self._roll_over()
                    else:
                        self._advance(close_bar(self._require(), self._services.clock.now()))
                finally:
                    self._schedule()
            case _:
                raise TypeError(f"stock actor got an unknown message {type(message).__name__}")
        return None

    # Internals
    def _on_trade(self, trade: TradeTick) -> None:
        """The per-tick path: every call here is paid at the opening's peak rate."""
        live = self._live
        if live is None:
            raise RuntimeError(f"stock {self._code} has no state")
        closed = fold_trade(live, trade)
        if closed is None:  # not a regular-session trade
            return
        if closed:
            self._services.tell(ids.RECORDER, RecordBars(bars=live.bars[-1:]))
        if self._held and live.last_price is not None and live.last_at is not None:
            # The agent holds this code: its stop is checked on every print, not on a timer.
            self._services.tell(
                ids.RISK,
                TradePrice(code=self._code, price=live.last_price, at=live.last_at, bid=trade.bid),
            )
        self._consider_entry(live)
        if time.monotonic() - self._published_at >= PUBLISH_EVERY_WALL_S:
            self._publish()

    def _require(self) -> StockState:
        return self._require_live().state()

    def _require_live(self) -> LiveState:
        if self._live is None:
            raise RuntimeError(f"stock {self._code} has no state")
        return self._live

    def _advance(self, state: StockState) -> None:
        """Take ``state``, what a pure function made of the current one (a rare change)."""
        live = self._require_live()
        before = live.state()
        live.load(state)
        closed = bars_closed_between(before, state)
        if closed:
            self._services.tell(ids.RECORDER, RecordBars(bars=closed))

    def _restore_ranking(self) -> None:
        """Take the rank and news score the scanner last published: a restarted incarnation
        would otherwise miss its entry until the next scan."""
        snapshot = self._services.board.snapshot(ids.SCANNER)
        if snapshot is None or not isinstance(snapshot.data, ScannerSnapshot):
            return
        selected = [row for row in snapshot.data.rows if row.selected]
        for position, row in enumerate(selected, start=1):
            if row.code == self._code:
                self._entries.ranked(position, row.rank)
        for row in snapshot.data.rows:
            if row.code == self._code and row.news_score is not None:
                self._entries.scored(row.news_score)

    def _holding(self) -> bool:
        snapshot = self._services.board.snapshot(ids.ACCOUNT)
        if snapshot is None or not isinstance(snapshot.data, AccountSnapshot):
            return False
        return any(p.code == self._code and p.managed for p in snapshot.data.positions)

    def _entries_today(self) -> int:
        day = self._services.clock.now().astimezone(KST).date()
        return sum(
            1
            for o in self._orders.for_day(day)
            if o.code == self._code
            and o.purpose is OrderPurpose.ENTRY
            and (o.status is not OrderStatus.REJECTED or o.filled_quantity > 0)
        )

    def _consider_entry(self, state: LiveState) -> None:
        entries = self._entries
        if entries.rank is None:
            return
        config = self._services.live
        if config is not None and config.version != self._config_version:
            # The operator changed the strategy: convert the new thresholds once.
            entries.limits = thresholds(config.strategy())
            self._config_version = config.version
        intent = entries.consider(
            state,
            self._timestamp,
            frozen=self._frozen,
            holding=self._read_holding,
            entries_today=self._read_entries,  # a database read: only once the rule says yes
        )
        if intent is None:
            return
        log.info("entry signal %s at %s won", self._code, intent.reference_price)
        # A halt (조회공시) or a designation can come at any minute of the day, and the governor
        # judges the entry by what this message carries: a reading older than a few minutes is
        # read again (not every signal: the opening's burst would wait on the request budget).
        now = self._clock.now()
        if now - self._listing_at > LISTING_FRESH:
            self._listing = read_listing(self._services, self._code) or self._listing
            self._listing_at = now
        self._services.tell(
            ids.RISK,
            EvaluateIntent(intent=intent, market=self._observed(), listing=self._listing),
        )

    def _observed(self) -> PriceObserved:
        state = self._require()
        return PriceObserved(
            code=self._code,
            price=state.last_price or state.prev_close or 0,
            at=state.last_at or self._services.clock.now(),
            base_price=state.prev_close,
            upper_limit=self._upper,
            lower_limit=self._lower,
            vi_active=in_vi(state),
        )

    def _publish(self, force: bool = False) -> None:
        wall = time.monotonic()
        if not force and wall - self._published_at < PUBLISH_EVERY_WALL_S:
            return
        self._published_at = wall
        self._held = self._holding()
        state = self._require()
        now = self._services.clock.now()
        entries = self._entries
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
        source = ids.stock_id(self._code)
        self._services.board.publish_snapshot(source, snapshot)
        if state.last_price is not None:
            self._services.board.publish(Topic.PRICE_UPDATE, source, snapshot, code=self._code)
            self._services.tell(ids.RISK, self._observed())
