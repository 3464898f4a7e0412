"""The Recorder: batches market data into the database and writes the day's summary.

Writes are batched (every few market seconds) so a burst at the open costs one transaction,
not one per bar. At the close it computes the learning metrics from the day's trades.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import msgspec
import pykka

from actors import ids
from actors.account.messages import GetEquity
from actors.board.events import LiveSystemStatus
from actors.recorder.messages import DaySummarized, Flush, RecordBars
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent.journal import journal_path
from agent.learning.daily import DailySummary, summarize, trade_results
from agent.learning.patterns import best_and_worst, pattern_stats, session_opens
from agent.learning.reports import iso_week, week_monday
from agent.marketdata import Bar
from agent.store.models import EventKind
from agent.store.repositories.learning import (
    PatternRepository,
    ReportRepository,
    ReportSource,
    report_trades,
)
from agent.store.repositories.market import BarRepository
from agent.store.repositories.metrics import MetricsRepository
from agent.store.repositories.system import SystemEventRepository
from agent.store.repositories.trades import TradeRepository

log = logging.getLogger(__name__)

FLUSH_EVERY_S = 10.0
ASK_TIMEOUT_S = 10.0
"""The Account may be reading the broker at the close (two TRs) when asked for the equity."""
SUMMARY = "summary"


class Recorder(SupervisedActor):
    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._bars = BarRepository(services.sessions)
        self._trades = TradeRepository(services.sessions)
        self._metrics = MetricsRepository(services.sessions)
        self._patterns = PatternRepository(services.sessions)
        self._source = ReportSource(services.sessions)
        self._reports = ReportRepository(services.sessions)
        self._events = SystemEventRepository(services.sessions)
        self._opens = session_opens(services.calendar)
        self._buffer: list[Bar] = []
        self._timer: Cancellable | None = None

    def on_start(self) -> None:
        self._schedule()

    def on_stop(self) -> None:
        self._cancel()
        self._flush()

    def on_failure(self, *_: Any) -> None:
        self._cancel()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _schedule(self) -> None:
        self._cancel()
        self._timer = self._services.tell_later(FLUSH_EVERY_S, self.actor_ref, Flush())

    def on_receive(self, message: Any) -> Any:
        match message:
            case RecordBars(bars=bars):
                self._buffer.extend(bars)
            case Flush():
                self._flush()
                self._schedule()
            case DayClosed(trading_date=day):
                self._flush()
                self.summarize_day(day)
            case PhaseChanged():
                pass
            case _:
                raise TypeError(f"recorder got an unknown message {type(message).__name__}")
        return None

    def _flush(self) -> None:
        batch, self._buffer = self._buffer, []
        if batch:
            self._bars.insert_many(batch)

    def summarize_day(self, day: date) -> DailySummary:
        """Compute and store the day's learning metrics; publish them (also an ask)."""
        trades = self._trades.for_day(day)
        summary = summarize(trade_results(trades))
        settings = self._services.settings
        patterns = pattern_stats(report_trades(trades), self._opens)
        self._patterns.replace_day(day, patterns)
        best, worst = best_and_worst(patterns)
        ending = self._ending_equity()
        self._metrics.complete_day(
            day,
            {
                **ending,
                "trades": summary.trades,
                "wins": summary.wins,
                "realized_pnl": summary.realized_pnl,
                "commission": summary.commission,
                "tax": summary.tax,
                "max_drawdown": summary.max_drawdown,
                "avg_return_bps": summary.avg_return_bps,
                "best_pattern": best.name if best is not None else None,
                "worst_pattern": worst.name if worst is not None else None,
                "parameters": {
                    "strategy": _plain(settings.strategy),
                    "risk": _plain(settings.risk),
                },
            },
            self._services.clock.now(),
        )
        self._services.board.publish_snapshot(SUMMARY, summary)
        summarized = DaySummarized(day=day, summary=summary)
        self._services.board.publish(LiveSystemStatus, ids.RECORDER, summarized)
        log.info(
            "day %s: %d trades, %d wins, realised P&L %+d won, max drawdown %d won",
            day,
            summary.trades,
            summary.wins,
            summary.realized_pnl,
            summary.max_drawdown,
        )
        journal = self._services.journal
        if journal is not None:
            journal.flush()
            log.info(
                "day %s: journal %s, %s bytes (kept as learning data)",
                day,
                journal_path(journal.directory, day),
                f"{journal.size(day):,}",
            )
        week: dict[str, Any] = {}
        try:
            week = self._store_reports(day)
        except Exception:
            # The day's figures, summary and journal are kept; its reports can be read live.
            log.exception("day %s: the daily or weekly report could not be stored", day)
        self._announce(day, summary, week)
        return summary

    def _ending_equity(self) -> dict[str, int]:
        """The whole account's value as the Account last read it: the scheduler tells it of the
        close before the recorder, so its read at the close comes before this ask. Empty when
        it is not running."""
        try:
            equity = self._services.ask(ids.ACCOUNT, GetEquity(), timeout=ASK_TIMEOUT_S)
        except (LookupError, pykka.ActorDeadError, pykka.Timeout) as exc:
            log.warning("the day's ending equity not recorded: %s", exc)
            return {}
        return {"ending_equity": equity} if isinstance(equity, int) else {}

    def _announce(self, day: date, summary: DailySummary, week: dict[str, Any]) -> None:
        """Record the close as a system event: the dashboard's list and the notification
        (the day's summary, and the week's after its last session) come from it."""
        try:
            self._events.record(
                EventKind.DAY_CLOSED,
                self._services.clock.now(),
                actor_id=ids.RECORDER,
                detail={"date": day.isoformat(), **msgspec.to_builtins(summary), **week},
            )
        except Exception:
            log.exception("day %s: the close could not be recorded as a system event", day)

    def _store_reports(self, day: date) -> dict[str, Any]:
        """Store the day's report, and the week's after its last session; return the week's
        figures for the close's announcement (empty before the week's last session)."""
        now = self._services.clock.now()
        daily = self._source.daily(day, self._opens, final=True)
        self._reports.save("daily", day.isoformat(), day, day, msgspec.to_builtins(daily), now)
        calendar = self._services.calendar
        week = iso_week(day)
        if iso_week(calendar.next_trading_day(day)) == week:
            return {}
        monday = week_monday(week)
        # The day just closed is a session, whatever the calendar says (a simulated day).
        sessions = sorted({*calendar.trading_days(monday, day), day})
        weekly = self._source.weekly(week, sessions, self._opens, final=True)
        body = msgspec.to_builtins(weekly)
        self._reports.save("weekly", week, weekly.first_day, weekly.last_day, body, now)
        log.info(
            "week %s: %d trades, realised P&L %+d won (report stored)",
            week,
            weekly.trades,
            weekly.realized_pnl,
        )
        return {"week": week, "week_trades": weekly.trades, "week_pnl": weekly.realized_pnl}


def _plain(settings: Any) -> dict[str, Any]:
    value = msgspec.to_builtins(settings)
    return value if isinstance(value, dict) else {}
