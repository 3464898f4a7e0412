"""Closed trades grouped by pattern (design B-19), and which patterns worked (pure).

A pattern is what kind of entry a trade was, when, on what news and rank, and how it ended:

- ``reasons``: the entry's rule reasons that vary from one entry to the next (the boosts
  VOLUME_SURGE and GAINER, and the rules that passed rather than being switched off:
  NEWS_SCORE_OK, OR_BREAKOUT, ABOVE_VWAP), joined by ``+`` after TURNOVER_TOP, which every
  entry has;
- ``minute``: the entry's five-minute bucket after the session's open (``+05m``: 5 to 10
  minutes after it; late-opening days count from their own open);
- ``news``: the news score at entry in bands of ten (``news 70-79``; ``news -`` unknown);
- ``rank``: the turnover rank at entry (``rank 1-3``, ``4-5``, ``6-10``, ``11-20``, ``21+``);
- ``exit``: the exit's purpose (``stop_loss``, ``eod_exit``, ...).

Per pattern the figures are sums (trades, wins, gross profit and loss, returns), so a day's
rows add up to a week's or a range's exactly; rates, averages, the profit factor and the
expectancy are derived. A pattern is called best or worst only with at least ``min_trades``
trades: two lucky trades are not a pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from msgspec import Struct

from agent.clock import KST
from agent.strategy.reasons import Reason

if TYPE_CHECKING:
    from agent.market.calendar import KrxCalendar

__all__ = [
    "BUCKET_MINUTES",
    "MIN_TRADES",
    "Pattern",
    "PatternStats",
    "PatternTrade",
    "best_and_worst",
    "merge",
    "pattern_of",
    "pattern_stats",
    "regular_open",
    "session_opens",
]

BUCKET_MINUTES = 5
MIN_TRADES = 5
"""Trades a pattern needs before it is called best or worst (``learning.min_pattern_trades``)."""

VARYING_REASONS = (
    Reason.VOLUME_SURGE,
    Reason.GAINER,
    Reason.NEWS_SCORE_OK,
    Reason.OR_BREAKOUT,
    Reason.ABOVE_VWAP,
)
"""The entry reasons that tell one kind of entry from another, in the order they are named."""

_RANKS = ((3, "1-3"), (5, "4-5"), (10, "6-10"), (20, "11-20"))


class PatternTrade(Struct, frozen=True, kw_only=True):
    """What the grouping needs of one closed round trip (live ``trade_log`` or a backtest)."""

    reasons: tuple[str, ...]
    entry_time: datetime
    news_score: int | None
    volume_rank: int | None
    exit_reason: str
    realized_pnl: int
    return_bps: int


class Pattern(Struct, frozen=True, kw_only=True):
    reasons: str
    minute: str
    news: str
    rank: str
    exit: str

    @property
    def name(self) -> str:
        """The pattern in one line, e.g. ``TURNOVER_TOP+VOLUME_SURGE +05m news 70-79 rank 1-3
        stop_loss``."""
        return f"{self.reasons} {self.minute} {self.news} {self.rank} {self.exit}"


class PatternStats(Struct, frozen=True, kw_only=True):
    """One pattern's results over a day or a span."""

    pattern: Pattern
    name: str
    trades: int
    wins: int
    gross_profit_won: int
    gross_loss_won: int
    """Sum of the losing trades' P&L, as a positive number."""
    return_bps_sum: int

    @property
    def realized_pnl(self) -> int:
        return self.gross_profit_won - self.gross_loss_won

    @property
    def win_rate_bps(self) -> int:
        return self.wins * 10_000 // self.trades

    @property
    def avg_return_bps(self) -> int:
        return self.return_bps_sum // self.trades

    @property
    def expectancy_won(self) -> int:
        """The average P&L of one trade of the pattern, after costs."""
        return self.realized_pnl // self.trades

    @property
    def profit_factor(self) -> float | None:
        """Gross profit over gross loss; None without a losing trade."""
        if not self.gross_loss_won:
            return None
        return round(self.gross_profit_won / self.gross_loss_won, 2)


def regular_open(day: date) -> datetime:
    """09:00 KST of ``day``: the open of a regular session."""
    return datetime.combine(day, time(9, 0), KST)


def session_opens(calendar: KrxCalendar) -> Callable[[date], datetime]:
    """Each day's open by ``calendar`` (a late-opening day counts its minutes from its own
    open); 09:00 for a day the calendar has no session on."""

    def open_of(day: date) -> datetime:
        session = calendar.session(day)
        return session.open if session is not None else regular_open(day)

    return open_of


def _reasons(reasons: Iterable[str]) -> str:
    present = set(reasons)
    return "+".join([str(Reason.TURNOVER_TOP), *(str(r) for r in VARYING_REASONS if r in present)])


def _minute(entry: datetime, open_at: datetime) -> str:
    minutes = max(int((entry - open_at).total_seconds() // 60), 0)
    return f"+{minutes // BUCKET_MINUTES * BUCKET_MINUTES:02d}m"


def _news(score: int | None) -> str:
    if score is None:
        return "news -"
    low = min(max(score, 0) // 10 * 10, 90)
    return f"news {low}-{100 if low == 90 else low + 9}"


def _rank(rank: int | None) -> str:
    if rank is None:
        return "rank -"
    for top, label in _RANKS:
        if rank <= top:
            return f"rank {label}"
    return "rank 21+"


def pattern_of(trade: PatternTrade, open_of: Callable[[date], datetime] = regular_open) -> Pattern:
    """Return ``trade``'s pattern; ``open_of`` gives a day's session open (09:00 KST unless a
    calendar says otherwise)."""
    entry = trade.entry_time.astimezone(KST)
    return Pattern(
        reasons=_reasons(trade.reasons),
        minute=_minute(entry, open_of(entry.date())),
        news=_news(trade.news_score),
        rank=_rank(trade.volume_rank),
        exit=trade.exit_reason,
    )


def _stats(pattern: Pattern, trades: Sequence[PatternTrade]) -> PatternStats:
    return PatternStats(
        pattern=pattern,
        name=pattern.name,
        trades=len(trades),
        wins=sum(1 for t in trades if t.realized_pnl > 0),
        gross_profit_won=sum(t.realized_pnl for t in trades if t.realized_pnl > 0),
        gross_loss_won=-sum(t.realized_pnl for t in trades if t.realized_pnl < 0),
        return_bps_sum=sum(t.return_bps for t in trades),
    )


def _ordered(rows: Iterable[PatternStats]) -> list[PatternStats]:
    """Best expectancy first, then the larger sample, then by name."""
    return sorted(rows, key=lambda s: (-s.expectancy_won, -s.trades, s.name))


def pattern_stats(
    trades: Iterable[PatternTrade], open_of: Callable[[date], datetime] = regular_open
) -> list[PatternStats]:
    """Group ``trades`` by pattern; the best expectancy first."""
    groups: dict[Pattern, list[PatternTrade]] = {}
    for trade in trades:
        groups.setdefault(pattern_of(trade, open_of), []).append(trade)
    return _ordered(_stats(pattern, group) for pattern, group in groups.items())


def merge(rows: Iterable[PatternStats]) -> list[PatternStats]:
    """Add up the rows of the same pattern (several days' into a span's)."""
    total: dict[Pattern, PatternStats] = {}
    for row in rows:
        seen = total.get(row.pattern)
        total[row.pattern] = (
            row
            if seen is None
            else PatternStats(
                pattern=row.pattern,
                name=row.name,
                trades=seen.trades + row.trades,
                wins=seen.wins + row.wins,
                gross_profit_won=seen.gross_profit_won + row.gross_profit_won,
                gross_loss_won=seen.gross_loss_won + row.gross_loss_won,
                return_bps_sum=seen.return_bps_sum + row.return_bps_sum,
            )
        )
    return _ordered(total.values())


def best_and_worst(
    rows: Iterable[PatternStats], min_trades: int = MIN_TRADES
) -> tuple[PatternStats | None, PatternStats | None]:
    """Return the pattern with the best and the one with the worst expectancy among those with
    at least ``min_trades`` trades (None when no pattern has enough; the worst is None when
    only one has)."""
    sample = _ordered(r for r in rows if r.trades >= min_trades)
    if not sample:
        return None, None
    return sample[0], (sample[-1] if len(sample) > 1 else None)
