"""A backtest over several days: seeded synthetic days, or fetched market days.

Each day is one :func:`~agent.backtest.day.run_backtest` with the same settings and a fresh
account (the agent starts each day flat with its capital); the span adds the days' trades up
in the order they closed, into one equity curve (cumulative realised P&L), its drawdown and a
table per pattern (:mod:`agent.learning.patterns`: the entry's kind, five-minute bucket,
news and rank bands, and the exit reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from msgspec import Struct, structs

from agent.backtest.bars import BarMarket, listing_of
from agent.backtest.day import BacktestConfig, run_backtest
from agent.backtest.result import BacktestResult, BacktestTrade, summary_of
from agent.learning.daily import DailySummary
from agent.learning.patterns import PatternTrade, pattern_stats
from agent.market.calendar import KrxCalendar
from agent.store.repositories.history import HistoryRepository

FILL_MODEL_SEEDS = (
    "synthetic days: the simulator's matching engine against the seeded tape and ten-level "
    "book (krxsim/exchange/engine.py)"
)
FILL_MODEL_BARS = (
    "fetched days: each minute bar printed four times 15 s apart (open, low/high, close, a "
    "quarter of its volume each); an order reaches the exchange in the second it is decided; "
    "a marketable order takes from a synthetic ten-level book around the last print (its "
    "spread and depth are the slippage); a resting order fills on later prints through its "
    "price, half the print's size at its price (agent/backtest/bars.py)"
)


class EquityPoint(Struct, frozen=True, kw_only=True):
    at: datetime
    equity: int
    """Cumulative realised P&L after this close, in won."""
    drawdown: int
    """Fall from the running peak (<= 0)."""


class PatternRow(Struct, frozen=True, kw_only=True):
    pattern: str
    trades: int
    wins: int
    win_rate_bps: int
    avg_return_bps: int
    realized_pnl: int
    expectancy_won: int = 0
    """Average P&L of one trade (0 in results stored before it was kept)."""
    profit_factor: float | None
    """Gross profit / gross loss; None without a losing trade."""


class SpanResult(Struct, frozen=True, kw_only=True):
    source: str
    """``seeds`` or ``days``."""
    span: str
    fill_model: str
    days: tuple[BacktestResult, ...]
    skipped: tuple[tuple[str, str], ...]
    """(day or seed, why) of what could not be run."""
    summary: DailySummary
    equity: tuple[EquityPoint, ...]
    patterns: tuple[PatternRow, ...]


def patterns(trades: Iterable[BacktestTrade]) -> tuple[PatternRow, ...]:
    """Group ``trades`` by pattern (:mod:`agent.learning.patterns`, as the live days are), the
    best expectancy first."""
    rows = pattern_stats(
        PatternTrade(
            reasons=t.reasons,
            entry_time=t.entry_time,
            news_score=t.news_score,
            volume_rank=t.volume_rank,
            exit_reason=t.exit_reason,
            realized_pnl=t.realized_pnl,
            return_bps=t.return_bps,
        )
        for t in trades
    )
    return tuple(
        PatternRow(
            pattern=r.name,
            trades=r.trades,
            wins=r.wins,
            win_rate_bps=r.win_rate_bps,
            avg_return_bps=r.avg_return_bps,
            realized_pnl=r.realized_pnl,
            expectancy_won=r.expectancy_won,
            profit_factor=r.profit_factor,
        )
        for r in rows
    )


def span_of(
    source: str,
    span: str,
    days: Sequence[BacktestResult],
    skipped: Sequence[tuple[str, str]],
) -> SpanResult:
    """Add ``days`` up (in the order given) into one result."""
    trades = [t for day in days for t in day.trades]
    equity: list[EquityPoint] = []
    cumulative = peak = 0
    for t in trades:
        cumulative += t.realized_pnl
        peak = max(peak, cumulative)
        equity.append(EquityPoint(at=t.exit_time, equity=cumulative, drawdown=cumulative - peak))
    summary = summary_of(trades)
    return SpanResult(
        source=source,
        span=span,
        fill_model=FILL_MODEL_SEEDS if source == "seeds" else FILL_MODEL_BARS,
        days=tuple(days),
        skipped=tuple(skipped),
        summary=summary,
        equity=tuple(equity),
        patterns=patterns(trades),
    )


def run_seeds(config: BacktestConfig, seeds: Sequence[int], calendar: KrxCalendar) -> SpanResult:
    """Trade the synthetic day of every seed (on ``config.trading_date``)."""
    days = [run_backtest(structs.replace(config, seed=seed), calendar) for seed in seeds]
    return span_of("seeds", f"{seeds[0]}-{seeds[-1]}", days, ())


def load_day(repo: HistoryRepository, day: date, seed: int = 0) -> BarMarket | None:
    """The fetched market of ``day``: its universe's minute bars; None when none are stored."""
    codes = sorted(repo.minutes_read(day, day, with_bars=True).get(day, set()))
    if not codes:
        return None
    today = {b.code: b for b in repo.daily_on(day)}
    instruments = repo.instruments()
    listings = {}
    bars = {}
    for code in codes:
        minutes = repo.minutes_of(code, day)
        if code not in today or not minutes:
            continue
        previous = repo.daily_before(code, day)
        listings[code] = listing_of(instruments.get(code), code, today[code], previous)
        bars[code] = minutes
    if not listings:
        return None
    return BarMarket(day, listings, bars, seed=seed)


def run_days(
    config: BacktestConfig,
    repo: HistoryRepository,
    first: date,
    last: date,
    calendar: KrxCalendar,
) -> SpanResult:
    """Trade every trading day from ``first`` to ``last`` whose minute bars were fetched."""
    results: list[BacktestResult] = []
    skipped: list[tuple[str, str]] = []
    for day in calendar.trading_days(first, last):
        market = load_day(repo, day, config.seed)
        if market is None:
            read = repo.minutes_read(day, day).get(day)
            why = (
                "the broker returned no minute bars for it"
                if read
                else "no minute bars stored (stockagent data fetch)"
            )
            skipped.append((day.isoformat(), why))
            continue
        try:
            one = structs.replace(config, trading_date=day)
            results.append(run_backtest(one, calendar, market))
        except ValueError as exc:
            skipped.append((day.isoformat(), str(exc)))
    return span_of("days", f"{first.isoformat()}..{last.isoformat()}", results, skipped)
