"""What a backtest returns: the round trips of the day and its summary, as frozen structs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from msgspec import Struct

from agent.learning.daily import DailySummary, TradeResult, summarize


class BacktestTrade(Struct, frozen=True, kw_only=True):
    """One closed round trip (flat to flat in one code), as ``trade_log`` would store it."""

    code: str
    name: str
    quantity: int
    entry_time: datetime
    """Time of the first buy fill."""
    entry_price: int
    """Average buy price, rounded to the won."""
    signal_price: int
    """The entry intent's reference price (the last trade when the rule said yes)."""
    stop_price: int
    """The position's stop (from its average price, as the account fixes it)."""
    exit_time: datetime
    """Time of the last sell fill."""
    exit_price: int
    exit_reason: str
    """Purpose of the last sell order: ``stop_loss``, ``eod_exit``, ``liquidation``, ..."""
    reasons: tuple[str, ...]
    """The entry's reason codes: the rule's and the governor's (sizing, clipping)."""
    news_score: int | None
    volume_rank: int | None
    commission: int
    tax: int
    realized_pnl: int
    """Sell amount - buy amount - both commissions - sell tax, in won."""
    return_bps: int
    slippage_won: int
    """(entry price - signal price) x quantity: positive paid more than the signal."""


class BacktestResult(Struct, frozen=True, kw_only=True):
    """Everything one backtest run decided, in the order it happened."""

    seed: int
    trading_date: date
    initial_cash: int
    leaders: tuple[str, ...]
    """The codes the seeded script makes surge on news, in surge order; on a fetched day,
    the day's universe (the codes with minute bars), by code."""
    trades: tuple[BacktestTrade, ...]
    """Closed round trips, in the order they closed."""
    open_positions: tuple[tuple[str, int], ...]
    """(code, shares) still held after the close (only with ``eod_exit = "hold"``)."""
    orders: int
    """Orders sent to the exchange (slices and market re-sends counted one each)."""
    refused: tuple[tuple[str, datetime, str], ...] = ()
    """(code, when, the exchange's code) of every order the exchange refused, in order: a sell
    of a halted position is refused, and retried only after a growing wait."""
    approved: int
    rejected: int
    rejections: tuple[tuple[str, int], ...]
    """How often each reason refused an intent at the risk governor, by reason."""
    ending_cash: int
    summary: DailySummary


def summary_of(trades: Iterable[BacktestTrade]) -> DailySummary:
    """The daily summary of ``trades`` (in the order they closed)."""
    return summarize(
        [
            TradeResult(
                code=t.code,
                realized_pnl=t.realized_pnl,
                return_bps=t.return_bps,
                commission=t.commission,
                tax=t.tax,
            )
            for t in trades
        ]
    )
