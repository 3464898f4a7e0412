"""The opening scanner: which turnover leaders to watch, and why each candidate was or was not.

Ranking rule (:func:`scan`), applied to the union of the three ranking lists:

1. Every candidate is checked by every rule, and its reasons list each outcome:
   window (``OUT_OF_WINDOW`` fails all), turnover rank (``TURNOVER_RANK_LOW`` if it is not within
   the first ``pool_factor * top_n`` of the turnover list), change over the previous close
   (``CHANGE_TOO_LOW`` / ``CHANGE_TOO_HIGH``), news (``NEWS_SCORE_LOW`` fails only when the
   settings require news; ``NEWS_MISSING`` never fails here, since scores may still be on their
   way at 09:00, and the entry rule enforces them).
2. Candidates failing no rule are *eligible*. Boosts: ``VOLUME_SURGE`` (on the surge list),
   ``GAINER`` (on the gainers list) and ``NEWS_SCORE_OK``. Eligible candidates are ordered by
   number of boosts (more first), then turnover rank, then code; that order is their
   ``position``. So boosts reorder only inside the turnover pool: a stock has to be a turnover
   leader first.
3. The first ``top_n`` positions are selected (``TURNOVER_TOP``); other eligible ones are dropped
   with ``BELOW_CUTOFF``.

Hysteresis (:func:`watch_diff`): a stock starts being watched when it is selected (position
``<= top_n``) and stops only when its position falls beyond ``top_n + band`` or it becomes
ineligible. A stock flickering between positions N and N+band is neither started nor stopped
every poll, and no more than ``top_n + band`` stocks are ever watched (plus pinned ones). An
empty poll (no candidates at all: a failed or empty ranking TR) stops nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta

from msgspec import Struct

from agent.settings.components import StrategySettings
from agent.strategy.reasons import Reason
from agent.strategy.thresholds import Thresholds, in_window, thresholds

_BOOSTS = frozenset({Reason.VOLUME_SURGE, Reason.GAINER, Reason.NEWS_SCORE_OK})
_FAILS = frozenset(
    {
        Reason.OUT_OF_WINDOW,
        Reason.TURNOVER_RANK_LOW,
        Reason.CHANGE_TOO_LOW,
        Reason.CHANGE_TOO_HIGH,
        Reason.NEWS_SCORE_LOW,
    }
)


class RankEntry(Struct, frozen=True, kw_only=True):
    """One row of a ranking TR (turnover, volume surge or gainers), in that list's order."""

    code: str
    name: str = ""
    price: int
    change_bps: int
    """Change over the previous close in basis points (``2986`` = +29.86 %)."""
    volume: int
    turnover_won: int | None = None
    prev_volume: int | None = None
    surge_bps: int | None = None
    """Volume surge ratio against the reference period, in bp, where the TR gives it."""


class Candidate(Struct, frozen=True, kw_only=True):
    """A stock the scanner considered, with the outcome of every rule."""

    code: str
    name: str
    turnover_rank: int | None
    """1-based place in the turnover list; None if it was only on the other lists."""
    position: int | None
    """1-based place among eligible candidates after boosts; None if a rule failed."""
    selected: bool
    price: int
    change_bps: int
    turnover_won: int | None
    news_score: int | None
    reasons: tuple[Reason, ...]


class WatchList(Struct, frozen=True, kw_only=True):
    """The scanner's answer at ``at``: the selected stocks in order, and everything it dropped."""

    at: datetime
    top_n: int
    selected: tuple[Candidate, ...]
    dropped: tuple[Candidate, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the selected codes, best first."""
        return tuple(c.code for c in self.selected)

    def position_of(self, code: str) -> int | None:
        """Return the eligible position of ``code``, None if ineligible or not considered."""
        for candidate in (*self.selected, *self.dropped):
            if candidate.code == code:
                return candidate.position
        return None

    def leader_rank(self, code: str) -> int | None:
        """Return the position of ``code`` if it is selected (a leader), else None.

        This is the entry rule's ``watch_rank``: a stock still watched only thanks to the
        hysteresis band is not a leader and takes no new entry.
        """
        for candidate in self.selected:
            if candidate.code == code:
                return candidate.position
        return None


def scan(
    turnover: Sequence[RankEntry],
    surges: Sequence[RankEntry],
    gainers: Sequence[RankEntry],
    news: Mapping[str, int | None],
    settings: StrategySettings | Thresholds,
    now: datetime,
    *,
    pool_factor: int = 2,
    window_shift: timedelta = timedelta(0),
) -> WatchList:
    """Return the watch list for ``now`` (see the module docstring for the rule).

    ``news`` maps codes to StockNews scores (0-100, None or absent if unknown); ``window_shift``
    moves the window on late-opening days (:func:`~agent.strategy.thresholds.window_shift_for`).
    """
    limits = thresholds(settings)
    open_window = in_window(limits, now, window_shift)
    pool = pool_factor * limits.top_n
    turnover_rank: dict[str, int] = {}
    for index, entry in enumerate(turnover, 1):
        turnover_rank.setdefault(entry.code, index)
    surge_codes = {e.code for e in surges}
    gainer_codes = {e.code for e in gainers}
    rows: dict[str, RankEntry] = {}
    for entry in (*turnover, *surges, *gainers):
        rows.setdefault(entry.code, entry)

    checked: list[tuple[RankEntry, int | None, list[Reason]]] = []
    for code, entry in rows.items():
        rank = turnover_rank.get(code)
        reasons = _rule_reasons(entry, rank, news.get(code), limits, open_window, pool)
        if code in surge_codes:
            reasons.append(Reason.VOLUME_SURGE)
        if code in gainer_codes:
            reasons.append(Reason.GAINER)
        checked.append((entry, rank, reasons))

    eligible = [c for c in checked if not _FAILS.intersection(c[2])]
    eligible.sort(key=lambda c: (-len(_BOOSTS.intersection(c[2])), c[1] or 0, c[0].code))
    position = {c[0].code: i for i, c in enumerate(eligible, 1)}

    selected: list[Candidate] = []
    dropped: list[Candidate] = []
    for entry, rank, reasons in checked:
        place = position.get(entry.code)
        chosen = place is not None and place <= limits.top_n
        if place is not None:
            reasons.insert(0, Reason.TURNOVER_TOP if chosen else Reason.BELOW_CUTOFF)
        candidate = Candidate(
            code=entry.code,
            name=entry.name,
            turnover_rank=rank,
            position=place,
            selected=chosen,
            price=entry.price,
            change_bps=entry.change_bps,
            turnover_won=entry.turnover_won,
            news_score=news.get(entry.code),
            reasons=tuple(reasons),
        )
        (selected if chosen else dropped).append(candidate)
    selected.sort(key=lambda c: c.position or 0)
    dropped.sort(key=lambda c: (c.position is None, c.position or 0, c.turnover_rank or 10**9))
    return WatchList(at=now, top_n=limits.top_n, selected=tuple(selected), dropped=tuple(dropped))


def _rule_reasons(
    entry: RankEntry,
    rank: int | None,
    score: int | None,
    limits: Thresholds,
    open_window: bool,
    pool: int,
) -> list[Reason]:
    reasons = [Reason.IN_WINDOW if open_window else Reason.OUT_OF_WINDOW]
    if rank is None or rank > pool:
        reasons.append(Reason.TURNOVER_RANK_LOW)
    if entry.change_bps < limits.min_change_bps:
        reasons.append(Reason.CHANGE_TOO_LOW)
    elif entry.change_bps > limits.max_change_bps:
        reasons.append(Reason.CHANGE_TOO_HIGH)
    else:
        reasons.append(Reason.CHANGE_OK)
    if score is None:
        reasons.append(Reason.NEWS_MISSING)
    elif score >= limits.news_threshold:
        reasons.append(Reason.NEWS_SCORE_OK)
    elif limits.require_news:
        reasons.append(Reason.NEWS_SCORE_LOW)
    else:
        reasons.append(Reason.NEWS_NOT_REQUIRED)
    return reasons


def default_band(top_n: int) -> int:
    """Return the hysteresis band used when none is given: a fifth of ``top_n``, at least 2."""
    return max(2, top_n // 5)


def watch_diff(
    watched: Collection[str],
    new: WatchList,
    *,
    band: int | None = None,
    pinned: Collection[str] = (),
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return ``(to_start, to_stop)`` moving ``watched`` towards ``new`` with hysteresis.

    ``to_start``: selected codes not watched yet, best first. ``to_stop``: watched codes, not in
    ``pinned`` (e.g. open positions), whose position is beyond ``top_n + band`` or None; sorted
    by code. An empty ``new`` (no candidates at all) stops nothing.
    """
    keep_within = new.top_n + (default_band(new.top_n) if band is None else band)
    to_start = tuple(code for code in new.codes if code not in watched)
    if not new.selected and not new.dropped:
        return to_start, ()
    keep = set(pinned)
    for candidate in (*new.selected, *new.dropped):
        if candidate.position is not None and candidate.position <= keep_within:
            keep.add(candidate.code)
    to_stop = tuple(sorted(code for code in watched if code not in keep))
    return to_start, to_stop
