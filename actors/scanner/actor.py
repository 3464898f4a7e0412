"""The Scanner: during the opening window, the turnover leaders decide which stocks are watched.

Every poll reads three rankings (turnover, volume surge, gainers), looks up news scores, ranks
the candidates (:func:`agent.strategy.scanner.scan`) and moves the watch list toward the result
with hysteresis. Codes with an open position are always watched (their stop-losses need prices).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from actors import ids
from actors.account.messages import AccountFacts
from actors.board.events import LiveScannerUpdate, LiveSystemStatus
from actors.messages import Wanted, answer
from actors.runtime.services import Services
from actors.scanner.messages import (
    HistoryStored,
    Scan,
    ScannerRow,
    ScannerSnapshot,
    Unwatch,
    Watch,
)
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.stock.messages import NewsScoreChanged, WatchRankChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.errors import ChildAlreadyStarted
from actors.supervision.scheduler import Cancellable
from agent import journal
from agent.broker.errors import BrokerError, BrokerUnavailable
from agent.clock import KST
from agent.domain import Intent, OrderPurpose, Side
from agent.history.fetch import store_day
from agent.market.sessions import phase_at, session_for
from agent.marketdata.volume_ratio import volume_ratio_bp
from agent.store.models import SignalDecision
from agent.store.repositories.history import HistoryRepository
from agent.store.repositories.signals import SignalRepository
from agent.strategy.adapters import rank_entries
from agent.strategy.scanner import Candidate, RankEntry, WatchList
from agent.strategy.scanner_loop import Rankings, poll
from agent.strategy.thresholds import window_shift_for

log = logging.getLogger(__name__)

ASK_TIMEOUT_S = 15.0
HELD_TIMEOUT_S = 10.0


class Scanner(SupervisedActor):
    """Polls the rankings in the window and starts / stops StockActors."""

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._signals = SignalRepository(services.sessions)
        self._history = HistoryRepository(services.sessions)
        self._manual: set[str] = set()
        self._last: WatchList | None = None
        self._recorded: dict[str, tuple[str, ...]] = {}
        self._day: date | None = None
        self._timer: Cancellable | None = None
        self._scanned: dict[date, set[str]] = {}
        """The codes watched each day (the day's leaders and the held ones)."""
        self._held: frozenset[str] | None = None
        """The codes the agent holds, as the Account last told them (None: not yet told)."""
        self._told: dict[str, tuple[date, WatchRankChanged]] = {}
        self._told_news: dict[str, tuple[date, NewsScoreChanged]] = {}
        """What each watched StockActor was last told (a restarted one asks again)."""

    def on_start(self) -> None:
        self._ask_held()
        self._ensure(self._pinned())
        self._scan()

    def _ask_held(self) -> None:
        """Ask the Account which codes the agent holds before the first scan, so a position
        held overnight is watched at once (the Account asks nobody: this cannot wait on the
        scanner). A late answer still comes as a message; until then nothing is unwatched."""
        facts = self._services.ask_again(ids.ACCOUNT, self.actor_ref, timeout=HELD_TIMEOUT_S)
        if isinstance(facts, AccountFacts):
            self._held = facts.held

    def on_stop(self) -> None:
        self._cancel()

    def on_failure(self, *_: Any) -> None:
        self._cancel()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def on_receive(self, message: Any) -> Any:
        match message:
            case Scan():
                self._scan()
            case Watch(code=code):
                self._manual.add(code)
                self._ensure({code})
            case Unwatch(code=code):
                self._manual.discard(code)
                if code not in self._pinned():
                    self._stop_watching({code})
            case DayClosed(trading_date=day):
                self._ensure(self._pinned())
                self._store_history(day)
            case PhaseChanged():
                self._ensure(self._pinned())
            case AccountFacts(held=held):
                self._held = held
                self._ensure(self._pinned())
            case Wanted(code=code):  # a StockActor has just started
                if code is not None:
                    self._answer(message, code)
            case _:
                raise TypeError(f"scanner got an unknown message {type(message).__name__}")
        return None

    # Internals
    def _scan(self) -> None:
        self._cancel()
        try:
            self._poll()
        except BrokerUnavailable as exc:
            # The gateway is restarting (or the network is down): skip this poll. Raising would
            # restart the scanner at once, again and again, and spend the root's restart budget
            # on an outage the gateway's own supervisor already handles with backoff.
            log.warning("scan skipped: %s", exc)
        finally:
            interval = self._services.strategy().scan_interval_s
            self._timer = self._services.tell_later(interval, self.actor_ref, Scan(), min_wall=1.0)

    def _poll(self) -> None:
        services = self._services
        now = services.clock.now().astimezone(KST)
        if self._day != now.date():
            self._day, self._recorded = now.date(), {}
            self._told.clear()
            self._told_news.clear()

        def rankings() -> Rankings:
            broker = services.broker.current()
            turnover = tuple(rank_entries(broker.turnover_leaders()))
            surges = tuple(rank_entries(broker.volume_surges()))
            gainers = tuple(rank_entries(broker.top_gainers()))
            # At the poll's time (the reads took some): the window the poll was in.
            services.record(journal.Ranks.of(turnover, surges, gainers), at=now)
            return turnover, surges, gainers

        def news_scores(codes: list[str]) -> Mapping[str, int | None]:
            scores = services.news_scores(codes) if services.news_scores is not None else {}
            services.record(journal.News(scores=dict(scores)), at=now)
            return scores

        result = poll(
            now,
            phase_at(now, services.calendar),
            strategy=services.strategy(),
            window_shift=self._shift(now),
            watched=self._watched(),
            pinned=self._pinned(),
            rankings=rankings,
            news_scores=news_scores,
        )
        self._stop_watching(set(result.stop))
        # Codes the turnover ranking does not list read their previous volume from daily bars.
        self._ensure(set(result.start), dict(result.prev_volume))
        watchlist = result.watchlist
        if watchlist is None:
            return
        self._last = watchlist
        for code in self._watched():
            rank, volume_rank = result.ranks.get(code, (None, None))
            ranked = WatchRankChanged(rank=rank, volume_rank=volume_rank)
            self._told[code] = now.date(), ranked
            services.tell(ids.stock_id(code), ranked)
            if code in result.news:
                scored = NewsScoreChanged(score=result.news[code])
                self._told_news[code] = now.date(), scored
                services.tell(ids.stock_id(code), scored)
        self._record_dropped(watchlist.dropped, now)
        self._publish(watchlist, now, volume_ratios(result.turnover))

    def _store_history(self, day: date) -> None:
        """Store the day's daily and minute bars of every code watched today, for backtests
        over live days (:func:`agent.history.fetch.store_day`). A code that fails is logged
        and skipped: the history is never worth a scanner crash at the close."""
        codes = self._scanned.pop(day, set()) | self._watched()
        for earlier in [d for d in self._scanned if d < day]:
            del self._scanned[earlier]
        stored, done = 0, []
        for code in sorted(codes):
            try:
                stored += store_day(self._services.broker.current(), self._history, code, day)
            except BrokerError as exc:
                log.warning("the day's bars of %s not stored: %s", code, exc)
                continue
            except Exception:
                log.exception("the day's bars of %s not stored", code)
                continue
            done.append(code)
        if not done:
            return
        log.info("stored %d bars of %d codes watched on %s", stored, len(done), day)
        history = HistoryStored(codes=tuple(done), bars=stored)
        self._services.board.publish(LiveSystemStatus, ids.SCANNER, history)

    def _shift(self, now: datetime) -> timedelta:
        session = session_for(now.date(), self._services.calendar)
        return window_shift_for(session.open) if session is not None else timedelta(0)

    def _watched(self) -> set[str]:
        return {i.split("/", 1)[1] for i in self._services.stock_ids()}

    def _pinned(self) -> set[str]:
        """The codes watched whatever the ranking says: the operator's and the agent's
        positions (their stops need prices). Until the Account has told which it holds,
        every code watched stays watched."""
        held = self._watched() if self._held is None else self._held
        return self._manual | held

    def _answer(self, wanted: Wanted, code: str) -> None:
        """Tell a restarted StockActor the rank and news score told to the one before it
        today (it would otherwise miss its entry until the next scan)."""
        today = self._services.clock.now().astimezone(KST).date()
        told: list[WatchRankChanged | NewsScoreChanged] = []
        for kept in (self._told.get(code), self._told_news.get(code)):
            if kept is not None and kept[0] == today:
                told.append(kept[1])
        answer(wanted, *told)

    def _ensure(self, codes: set[str], prev_volume: dict[str, int | None] | None = None) -> None:
        today = self._services.clock.now().astimezone(KST).date()
        self._scanned.setdefault(today, set()).update(codes | self._watched())
        watch = self._services.registry.proxy(ids.WATCH)
        if watch is None:
            return
        for code in sorted(codes - self._watched()):
            volume = (prev_volume or {}).get(code)
            try:
                watch.start_child(code, code, volume).get(timeout=ASK_TIMEOUT_S)
            except ChildAlreadyStarted:
                pass
            except Exception:
                log.exception("could not start watching %s", code)

    def _stop_watching(self, codes: set[str]) -> None:
        watch = self._services.registry.proxy(ids.WATCH)
        if watch is None:
            return
        for code in sorted(codes):
            try:
                watch.terminate_child(code).get(timeout=ASK_TIMEOUT_S)
            except Exception:
                log.exception("could not stop watching %s", code)

    def _record_dropped(self, dropped: tuple[Candidate, ...], now: datetime) -> None:
        """Store why each candidate was passed over, once per code and reason set per day."""
        for candidate in dropped:
            reasons = tuple(str(r) for r in candidate.reasons)
            if self._recorded.get(candidate.code) == reasons:
                continue
            self._recorded[candidate.code] = reasons
            intent = Intent(
                code=candidate.code,
                side=Side.BUY,
                purpose=OrderPurpose.ENTRY,
                reference_price=max(candidate.price, 1),
                at=now,
                strategy_tag="opening_leader",
                reasons=reasons,
                news_score=candidate.news_score,
                volume_rank=candidate.turnover_rank,
            )
            self._signals.record(
                intent,
                SignalDecision.REJECTED,
                reasons,
                now,
                now.date(),
                detail={"stage": "scanner", "name": candidate.name},
                note="not selected",
            )

    def _publish(self, watchlist: WatchList, now: datetime, ratios: dict[str, int]) -> None:
        rows = tuple(
            ScannerRow(
                code=c.code,
                name=c.name,
                rank=c.turnover_rank,
                selected=c.selected,
                price=c.price,
                change_bps=c.change_bps,
                turnover=c.turnover_won or 0,
                volume_ratio_bp=ratios.get(c.code),
                news_score=c.news_score,
                reasons=tuple(str(r) for r in c.reasons),
            )
            for c in (*watchlist.selected, *watchlist.dropped)
        )
        snapshot = ScannerSnapshot(at=now, watched=tuple(sorted(self._watched())), rows=rows)
        self._services.board.publish_snapshot(ids.SCANNER, snapshot)
        self._services.board.publish(LiveScannerUpdate, ids.SCANNER, snapshot)


def volume_ratios(*lists: Sequence[RankEntry]) -> dict[str, int]:
    """Return today's volume over the previous day's (bp of one) of every ranked code that
    has both, from the largest figures the lists gave (they are read moments apart). Pass only
    lists whose ``prev_volume`` is the previous day's total (ka10032's)."""
    volume: dict[str, int] = {}
    previous: dict[str, int] = {}
    for entry in (e for rows in lists for e in rows):
        volume[entry.code] = max(volume.get(entry.code, 0), entry.volume)
        if entry.prev_volume:
            previous[entry.code] = max(previous.get(entry.code, 0), entry.prev_volume)
    return {
        code: ratio
        for code, prev in previous.items()
        if (ratio := volume_ratio_bp(volume[code], prev)) is not None
    }
