"""``stockagent data fetch``: read market history from the broker into the database.

What it reads, in order, each read one request (a TR page) within the broker's rate budget:

1. the listings of KOSPI and KOSDAQ (ka10099, one request each);
2. the daily bars of every listed stock (ka10081, newest first, paged back with ``base_dt``
   until the day before the range);
3. for each trading day of the range, the minute bars (ka10080 with ``base_dt``) of the day's
   ``universe`` (:func:`leaders`: a third each of the largest by turnover, the largest gainers
   and the largest volume against the day before), read from the daily bars just stored.

Every finished read is stored with a mark at once, so an interrupted fetch (Ctrl-C, a broker
error, a crash) resumes where it stopped: the next run skips what is marked. :func:`plan`
counts the requests before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from agent.broker.market import Bar, DailyBar, Listed, ListingInfo
from agent.clock import KST
from agent.history.bars import DayBar, Instrument, MinuteBar
from agent.store.repositories.history import HistoryRepository

BOARDS = {"0": "KOSPI", "10": "KOSDAQ"}
"""The ``mrkt_tp`` of each market read, and the board its stocks trade on."""
DAILY_API = "ka10081"
MINUTE_API = "ka10080"
LISTING_API = "ka10099"


class SessionBroker(Protocol):
    """The blocking reads of the agent's broker session (the gateway's) a close needs."""

    def daily_bars(self, code: str) -> list[DailyBar]: ...

    def minute_bars(self, code: str) -> list[Bar]: ...

    def listing_info(self, code: str) -> ListingInfo: ...


class HistoryBroker(Protocol):
    """What a fetch asks of the broker (:class:`agent.kiwoom.client.KiwoomClient` fits)."""

    async def listings(self, market_code: str) -> list[Listed]: ...

    async def daily_bars(
        self, code: str, *, base_date: date | None = None, max_pages: int = 1
    ) -> list[DailyBar]: ...

    async def minute_bars(
        self, code: str, minutes: int = 1, *, base_date: date | None = None, max_pages: int = 1
    ) -> list[Bar]: ...


Progress = Callable[["FetchState"], None]


@dataclass
class FetchState:
    """How far a fetch is; handed to the progress callback after every request."""

    estimate: int
    """Requests the fetch expects to send (daily history past one page adds to it)."""
    sent: dict[str, int] = field(default_factory=dict)
    """Requests sent, by api-id."""
    stage: str = ""
    daily_read: int = 0
    daily_skipped: int = 0
    minutes_read: int = 0
    minutes_skipped: int = 0
    bars_stored: int = 0

    @property
    def requests(self) -> int:
        return sum(self.sent.values())

    def count(self, api_id: str) -> None:
        self.sent[api_id] = self.sent.get(api_id, 0) + 1


@dataclass(frozen=True)
class Plan:
    """The requests a fetch will send, counted before it starts."""

    days: tuple[date, ...]
    since: date
    """The session before the first day: its daily bar gives the first day's base volume."""
    daily_todo: int | None
    """Codes whose daily bars are still to read (None: the listings are not known yet)."""
    minutes_todo: int
    """(code, day) minute reads still to do, at most ``universe`` a day."""

    def requests(self) -> int:
        """Return the requests expected: the two listings, a daily page per code still to
        read (the stored listing count when it is not known), and the minute reads."""
        return len(BOARDS) + (self.daily_todo or 0) + self.minutes_todo


def plan(
    repo: HistoryRepository,
    days: Sequence[date],
    since: date,
    universe: int,
    listed: Sequence[str] | None = None,
) -> Plan:
    """Count what is left to fetch for ``days`` (``listed``: the codes, when known)."""
    codes = listed if listed is not None else list(repo.instruments())
    done = repo.daily_read(days[-1], since, len(days) + 1) if days else set()
    read = repo.minutes_read(days[0], days[-1]) if days else {}
    minutes = sum(max(universe - len(read.get(day, ())), 0) for day in days)
    return Plan(
        days=tuple(days),
        since=since,
        daily_todo=len([c for c in codes if c not in done]) if codes else None,
        minutes_todo=minutes,
    )


def leaders(bars: Sequence[DayBar], previous: Mapping[str, int], universe: int) -> list[str]:
    """Return the day's ``universe``: the stocks the scanner's three lists would have shown,
    from the day's daily bars. A third each, in turn: the largest by turnover, the largest
    gainers, the largest volume against the previous day's (``previous``: code -> volume);
    then by turnover until ``universe`` are chosen. Ties go by code."""
    traded = [b for b in bars if b.volume > 0 and b.base > 0]
    lists = (
        sorted(traded, key=lambda b: (-b.turnover, b.code)),
        sorted(traded, key=lambda b: (-(b.close - b.base) / b.base, b.code)),
        sorted(traded, key=lambda b: (-_surge(b, previous.get(b.code)), b.code)),
    )
    chosen: dict[str, None] = {}
    third = -(-universe // 3)
    for ranked in lists:
        taken = 0
        for bar in ranked:
            if taken == third or len(chosen) == universe:
                break
            if bar.code not in chosen:
                chosen[bar.code] = None
                taken += 1
    for bar in lists[0]:
        if len(chosen) >= universe:
            break
        chosen.setdefault(bar.code, None)
    return list(chosen)


def _surge(bar: DayBar, previous: int | None) -> float:
    """The day's volume over the previous day's (0 when that is unknown)."""
    return bar.volume / previous if previous else 0.0


def day_bar(bar: DailyBar) -> DayBar:
    """The broker's daily bar in the domain's terms (``base`` = close - change)."""
    return DayBar(
        code=bar.code,
        day=bar.day,
        open=bar.open,
        high=bar.high,
        low=bar.low,
        close=bar.close,
        volume=bar.volume,
        turnover=bar.turnover_won,
        base=bar.close - bar.change,
    )


def minute_bar(bar: Bar) -> MinuteBar:
    return MinuteBar(
        code=bar.code,
        start=bar.time.astimezone(KST),
        open=bar.open,
        high=bar.high,
        low=bar.low,
        close=bar.close,
        volume=bar.volume,
    )


def board_of(info: ListingInfo) -> str:
    """The board of a ka10100 listing, from its market name (코스닥 or not)."""
    return "KOSDAQ" if "코스닥" in info.market or "KOSDAQ" in info.market.upper() else "KOSPI"


def store_day(broker: SessionBroker, repo: HistoryRepository, code: str, day: date) -> int:
    """After the close: store ``code``'s daily bars and its minute bars of ``day`` (a stock
    the scanner watched), marked as ``data fetch`` marks its reads, so a live day can be
    backtested like a fetched one. Return the bars stored."""
    if code not in repo.instruments():
        info = broker.listing_info(code)
        repo.save_instruments(
            [Instrument(code=code, name=info.name, board=board_of(info), kind=info.kind.value)]
        )
    days = [day_bar(b) for b in broker.daily_bars(code) if b.day <= day]
    repo.save_daily(code, days, day)
    minutes = [
        minute_bar(b) for b in broker.minute_bars(code) if b.time.astimezone(KST).date() == day
    ]
    repo.save_minutes(code, day, sorted(minutes, key=lambda b: b.start))
    return len(days) + len(minutes)


def instrument(row: Listed) -> Instrument:
    return Instrument(
        code=row.info.code,
        name=row.info.name,
        board=BOARDS[row.market_code],
        kind=row.info.kind.value,
        listed_shares=row.listed_shares,
    )


class Fetch:
    """One ``data fetch`` over ``days`` (trading days, oldest first)."""

    def __init__(
        self,
        broker: HistoryBroker,
        repo: HistoryRepository,
        days: Sequence[date],
        *,
        since: date,
        universe: int,
        progress: Progress = lambda _: None,
    ) -> None:
        if not days:
            raise ValueError("no trading day in the range")
        if universe < 1:
            raise ValueError("universe must be at least 1")
        self.broker = broker
        self.repo = repo
        self.days = list(days)
        self.since = since
        self.universe = universe
        self.progress = progress
        self.state = FetchState(estimate=plan(repo, days, since, universe).requests())

    async def run(self) -> FetchState:
        codes = await self._listings()
        counted = plan(self.repo, self.days, self.since, self.universe, codes)
        self.state.estimate = self.state.requests + counted.requests() - len(BOARDS)
        await self._daily(codes)
        await self._minutes()
        self.state.stage = "done"
        self.progress(self.state)
        return self.state

    def _sent(self, api_id: str) -> None:
        self.state.count(api_id)
        self.progress(self.state)

    async def _listings(self) -> list[str]:
        self.state.stage = "listings"
        found: list[Instrument] = []
        for market_code in BOARDS:
            rows = await self.broker.listings(market_code)
            self._sent(LISTING_API)
            found.extend(instrument(r) for r in rows)
        self.repo.save_instruments(found)
        return sorted({i.code for i in found})

    async def _daily(self, codes: list[str]) -> None:
        self.state.stage = "daily bars"
        last = self.days[-1]
        done = self.repo.daily_read(last, self.since, len(self.days) + 1)
        for code in codes:
            if code in done:
                self.state.daily_skipped += 1
                continue
            cursor: date | None = last
            pages = 0
            while cursor is not None:
                bars = await self.broker.daily_bars(code, base_date=cursor, max_pages=1)
                self._sent(DAILY_API)
                pages += 1
                if pages > 1:
                    self.state.estimate += 1
                mine = [day_bar(b) for b in bars if b.day <= last]
                self.repo.save_daily(code, mine, last)
                self.state.bars_stored += len(mine)
                oldest = min((b.day for b in bars), default=None)
                cursor = None
                if oldest is not None and oldest > self.since:
                    cursor = oldest - timedelta(days=1)
            self.state.daily_read += 1

    async def _minutes(self) -> None:
        self.state.stage = "minute bars"
        read = self.repo.minutes_read(self.days[0], self.days[-1])
        for before, day in zip([self.since, *self.days], self.days, strict=False):
            previous = {b.code: b.volume for b in self.repo.daily_on(before)}
            chosen = leaders(self.repo.daily_on(day), previous, self.universe)
            for code in chosen:
                if code in read.get(day, set()):
                    self.state.minutes_skipped += 1
                    continue
                bars = await self._minutes_of(code, day)
                self.repo.save_minutes(code, day, bars)
                self.state.bars_stored += len(bars)
                self.state.minutes_read += 1
            # A day with fewer stocks than the universe has nothing more to read.
            short = self.universe - max(len(chosen), len(read.get(day, set())))
            self.state.estimate -= max(short, 0)

    async def _minutes_of(self, code: str, day: date) -> list[MinuteBar]:
        # One page (900 rows, newest first from the end of ``day``) holds the whole day: a
        # session has 381 one-minute bars.
        bars = await self.broker.minute_bars(code, 1, base_date=day, max_pages=1)
        self._sent(MINUTE_API)
        mine = [b for b in bars if b.time.astimezone(KST).date() == day]
        return sorted((minute_bar(b) for b in mine), key=lambda b: b.start)
