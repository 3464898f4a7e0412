"""The KRX trading calendar: exchange-calendars' ``XKRX`` corrected by a local override table.

XKRX is right about weekends, public holidays, the Dec 31 closure and the 10:00 open on the first
trading day of the year, but misses ad hoc closures (2026-06-03 local elections), holidays newer
than its release (제헌절 again from 2026) and models CSAT late-opening days only up to 2020
(shared/docs/stack-notes.md). Every correction lives in
:data:`OVERRIDES`, with its reason and source; two rules (Dec 31 closed, the year's first trading
day opens late) are applied on top so they also hold for days XKRX gets wrong.

Building XKRX takes about two seconds (pandas), so this module imports exchange-calendars only
inside :func:`xkrx_base_days`, :func:`default_calendar` builds it once per process, and its
sessions are cached on disk per exchange-calendars version (:func:`cached_xkrx_base_days`).
"""

from __future__ import annotations

import bisect
import importlib.metadata
import json
import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from agent.clock import KST
from agent.market.sessions import SCHEDULE, DayKind, ScheduleEra, SessionTimes, build_session

__all__ = [
    "DEFAULT_END",
    "DEFAULT_START",
    "OVERRIDES",
    "BaseDays",
    "KrxCalendar",
    "Override",
    "default_calendar",
    "weekday_base_days",
    "xkrx_base_days",
]

# The explicit range of the default calendar: XKRX otherwise ends one year after today.
DEFAULT_START = date(2018, 1, 1)
DEFAULT_END = date(2029, 12, 31)


@dataclass(frozen=True, slots=True)
class Override:
    """A correction to the upstream calendar: ``kind`` None means the market is closed."""

    day: date
    kind: DayKind | None
    reason: str
    source: str


_CSAT_SRC = "KRX shifts every CSAT day +1 h; XKRX models this only up to 2020 (stack-notes.md)"

_JEHEONJEOL_SRC = (
    "공휴일에 관한 법률 amendment (all 국경일 are public holidays): passed 2026-01-29, "
    "https://m.seoul.co.kr/news/2026/01/29/20260129500182 ; promulgation passed the cabinet "
    "2026-02-03, https://gndnews1.com/mobile/article.html?no=1166215 ; "
    "KRX closes on public holidays"
)

OVERRIDES: tuple[Override, ...] = (
    Override(
        date(2026, 6, 3),
        None,
        "9th nationwide local elections: KRX closed; XKRX shows a session",
        "stack-notes.md (KRX calendar); krx-market-rules.md takeaway 1",
    ),
    # 제헌절 (Jul 17) is a public holiday again from 2026; XKRX (4.13) still shows a session.
    # 2027-07-17 is a Saturday: add a substitute day only once the KRX notice names one.
    Override(date(2026, 7, 17), None, "제헌절: public holiday again from 2026", _JEHEONJEOL_SRC),
    Override(date(2028, 7, 17), None, "제헌절 (public holiday since 2026)", _JEHEONJEOL_SRC),
    Override(date(2029, 7, 17), None, "제헌절 (public holiday since 2026)", _JEHEONJEOL_SRC),
    Override(
        date(2021, 11, 18),
        DayKind.CSAT,
        "2022학년도 수능: 10:00-16:30",
        "https://www.donga.com/news/amp/all/20211104/110076830/1",
    ),
    Override(
        date(2022, 11, 17),
        DayKind.CSAT,
        "2023학년도 수능: 10:00-16:30",
        "https://m.khan.co.kr/economy/finance/article/202211161242001",
    ),
    Override(date(2023, 11, 16), DayKind.CSAT, "2024학년도 수능 [G]", _CSAT_SRC),
    Override(date(2024, 11, 14), DayKind.CSAT, "2025학년도 수능 [G]", _CSAT_SRC),
    Override(
        date(2025, 11, 13),
        DayKind.CSAT,
        "2026학년도 수능: regular session 10:00-16:30",
        "https://news.tf.co.kr/read/economy/2261781.htm ; https://liveissue.kr/?p=49160 ; "
        "https://www.edaily.co.kr/News/Read?newsId=05520246642365064",
    ),
    Override(
        date(2026, 11, 19),
        DayKind.CSAT,
        "2027학년도 수능 [G]: verify against the KRX notice",
        "krx-market-rules.md B2 [G]",
    ),
)

# (month, day, reason): closed every year; no make-up day when it falls on a weekend.
ANNUAL_CLOSURES: tuple[tuple[int, int, str], ...] = (
    (12, 31, "year-end closure (krx-market-rules.md B2)"),
)

# XKRX (open, close) in KST -> kind of day, from 2016-08-01 (the 15:30 close) on.
_XKRX_HOURS: dict[tuple[time, time], DayKind] = {
    (time(9), time(15, 30)): DayKind.REGULAR,
    (time(10), time(15, 30)): DayKind.YEAR_OPENING,
    (time(10), time(16, 30)): DayKind.CSAT,
}


@dataclass(frozen=True, slots=True)
class BaseDays:
    """The upstream calendar's sessions over [first, last] and the kind of each."""

    first: date
    last: date
    kinds: Mapping[date, DayKind]


def xkrx_base_days(start: date = DEFAULT_START, end: date = DEFAULT_END) -> BaseDays:
    """Read the sessions of exchange-calendars' XKRX between ``start`` and ``end``."""
    # Imported here, not at the top: it is slow and pulls in pandas.
    import exchange_calendars as xc

    with warnings.catch_warnings():
        # exchange-calendars 4.13 trips a pandas 3 deprecation inside its own code.
        warnings.filterwarnings("ignore", message="Series.values returning an ndarray")
        cal = xc.get_calendar("XKRX", start=start.isoformat(), end=end.isoformat())
    opens = cal.opens.dt.tz_convert("Asia/Seoul")
    closes = cal.closes.dt.tz_convert("Asia/Seoul")
    kinds: dict[date, DayKind] = {}
    for session in cal.sessions:
        hours = (opens[session].time(), closes[session].time())
        if hours not in _XKRX_HOURS:
            raise ValueError(f"XKRX hours {hours} on {session.date()} match no known kind of day")
        kinds[session.date()] = _XKRX_HOURS[hours]
    return BaseDays(first=start, last=end, kinds=kinds)


def weekday_base_days(start: date, end: date, holidays: Iterable[date] = ()) -> BaseDays:
    """Return every weekday in [start, end] but ``holidays`` as a regular day (tests, demo)."""
    closed = set(holidays)
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    kinds = {d: DayKind.REGULAR for d in days if d.weekday() < 5 and d not in closed}
    return BaseDays(first=start, last=end, kinds=kinds)


class KrxCalendar:
    """Trading days and their schedules, with overrides and rules applied.

    Queries outside [first_day, last_day] raise ValueError rather than guess.
    """

    def __init__(
        self,
        base: BaseDays,
        overrides: Iterable[Override] = OVERRIDES,
        schedule: tuple[ScheduleEra, ...] = SCHEDULE,
    ) -> None:
        self._first = base.first
        self._last = base.last
        self._schedule = schedule
        kinds = dict(base.kinds)
        for day in list(kinds):
            if any((day.month, day.day) == (m, d) for m, d, _ in ANNUAL_CLOSURES):
                del kinds[day]
        explicit: set[date] = set()
        for override in overrides:
            if not base.first <= override.day <= base.last:
                continue
            explicit.add(override.day)
            if override.kind is None:
                kinds.pop(override.day, None)
            else:
                kinds[override.day] = override.kind
        self._days = sorted(kinds)
        # The first trading day of each year opens late, whichever day that turns out to be.
        # Years the base starts part-way through are left as the base says.
        previous_year = None
        for day in self._days:
            first_of_year = day.year != previous_year
            previous_year = day.year
            if day in explicit or base.first > date(day.year, 1, 1):
                continue
            if first_of_year and kinds[day] is DayKind.REGULAR:
                kinds[day] = DayKind.YEAR_OPENING
            elif not first_of_year and kinds[day] is DayKind.YEAR_OPENING:
                kinds[day] = DayKind.REGULAR
        self._kinds = kinds

    @property
    def first_day(self) -> date:
        return self._first

    @property
    def last_day(self) -> date:
        return self._last

    def _check(self, day: date) -> None:
        if not self._first <= day <= self._last:
            raise ValueError(f"{day} is outside the calendar ({self._first} to {self._last})")

    def day_kind(self, day: date) -> DayKind | None:
        """Return the kind of trading day ``day`` is, or None if the market is closed."""
        self._check(day)
        return self._kinds.get(day)

    def is_trading_day(self, day: date) -> bool:
        """Tell whether KRX trades on ``day``."""
        return self.day_kind(day) is not None

    def next_trading_day(self, day: date) -> date:
        """Return the first trading day strictly after ``day``."""
        self._check(day)
        index = bisect.bisect_right(self._days, day)
        if index == len(self._days):
            raise ValueError(f"no trading day after {day} within the calendar")
        return self._days[index]

    def previous_trading_day(self, day: date) -> date:
        """Return the last trading day strictly before ``day``."""
        self._check(day)
        index = bisect.bisect_left(self._days, day)
        if index == 0:
            raise ValueError(f"no trading day before {day} within the calendar")
        return self._days[index - 1]

    def add_trading_days(self, day: date, count: int) -> date:
        """Return the trading day ``count`` trading days after ``day`` (T+2 settlement: 2)."""
        result = day
        for _ in range(count):
            result = self.next_trading_day(result)
        return result

    def trading_days(self, start: date, end: date) -> list[date]:
        """Return the trading days in [start, end]."""
        self._check(start)
        self._check(end)
        lo = bisect.bisect_left(self._days, start)
        return self._days[lo : bisect.bisect_right(self._days, end)]

    def session(self, day: date) -> SessionTimes | None:
        """Return the day's session schedule, or None if the market is closed."""
        kind = self.day_kind(day)
        return None if kind is None else build_session(day, kind, self._schedule)


def latest_regular_day(calendar: KrxCalendar, today: date | None = None) -> date:
    """Return the newest regular KRX trading day up to ``today`` (default: today in Seoul):
    the day the demo and a default backtest trade."""
    day = today or datetime.now(KST).date()
    while calendar.day_kind(day) is not DayKind.REGULAR:
        day = calendar.previous_trading_day(day)
    return day


@lru_cache(maxsize=1)
def default_calendar() -> KrxCalendar:
    """Return the process-wide KRX calendar over [DEFAULT_START, DEFAULT_END], built once."""
    return KrxCalendar(cached_xkrx_base_days(DEFAULT_START, DEFAULT_END))


CACHE_FORMAT = 1
"""Bumped when what is cached changes meaning (the kinds of day read from XKRX's hours)."""


def cache_dir() -> Path:
    """Return where computed data is cached (``$XDG_CACHE_HOME/stockagent``, else
    ``~/.cache/stockagent``)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "stockagent"


def cached_xkrx_base_days(
    start: date = DEFAULT_START, end: date = DEFAULT_END, directory: Path | None = None
) -> BaseDays:
    """Return :func:`xkrx_base_days`, read from a cache file written the first time.

    Building XKRX takes seconds; its sessions change only with the library, so the file is
    named by exchange-calendars' version and the range. A missing, unreadable or damaged file
    is computed again (and rewritten when the directory is writable).
    """
    version = importlib.metadata.version("exchange_calendars")
    name = f"xkrx-v{CACHE_FORMAT}-{version}-{start}-{end}.json"
    path: Path | None = None
    try:
        path = (directory or cache_dir()) / name
        stored = json.loads(path.read_text(encoding="utf-8"))
        kinds = {date.fromisoformat(d): DayKind(k) for d, k in stored["kinds"].items()}
        if kinds and all(start <= d <= end for d in kinds):
            return BaseDays(first=start, last=end, kinds=kinds)
    except (OSError, RuntimeError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no home directory, no file, or a damaged one: compute
    base = xkrx_base_days(start, end)
    if path is None:
        return base
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        payload = {"kinds": {d.isoformat(): k.value for d, k in base.kinds.items()}}
        temporary.write_text(json.dumps(payload), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home: computed every time, as before
    return base
