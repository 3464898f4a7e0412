"""The soak's figures: one :class:`SessionFigures` per simulated day, and its samples.

Pure data and arithmetic, no process or database, like the criteria (soak_verdicts.py) and the
output (soak_report.py), so a unit test can feed them canned samples
(tests/unit/bench/test_soak_figures.py). ``bench/soak.py`` fills the figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, kw_only=True)
class ProcessSample:
    """One look at the agent process: resident memory, open descriptors, threads."""

    rss_kb: int
    fds: int
    threads: int

    @property
    def rss_mb(self) -> float:
        return self.rss_kb / 1024


@dataclass(frozen=True, kw_only=True)
class Limits:
    """How flat is flat: the allowed spread across sessions of the close figures."""

    rss_mb: float = 20.0
    rss_pct: float = 15.0
    """Memory may spread by the larger of ``rss_mb`` and ``rss_pct`` of the first session's."""
    fds: int = 5
    threads: int = 5


@dataclass(kw_only=True)
class SessionFigures:
    """One simulated trading day: what was done to the agent and what it left behind."""

    number: int
    day: date
    carried_in: dict[str, int] = field(default_factory=dict)
    """Shares the broker held at the open (yesterday's close, passed as ``--holding``)."""
    held_overnight: bool = False
    """The agent ran with ``risk.eod_exit = hold``: positions may stay at the close."""
    lives: int = 0
    """Agent starts recorded for the day (1 + kills + unexpected exits)."""
    kills: list[str] = field(default_factory=list)
    """Market time of each SIGKILL ("09:14:02 in flight": an order was unfinished)."""
    unexpected_exits: list[int] = field(default_factory=list)
    """Exit statuses of lives that ended without being asked to."""
    faults: int = 0
    """Fault sets scripted at the simulator (each hits one call)."""
    orders: int = 0
    """The agent's orders of the day."""
    broker_orders: int = 0
    """New orders the broker took (cancels and modifies are not sends)."""
    fills: int = 0
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)
    """Every disagreement of the books with the broker's (tests/support/ledger.py)."""
    positions: dict[str, int] = field(default_factory=dict)
    holdings: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    """System events the agent recorded during the day, by kind."""
    start: ProcessSample | None = None
    """The day's last life, once its API answered after its (re)start."""
    midday: ProcessSample | None = None
    """The same life at the first sample from 12:00 market time (warmed up, morning done)."""
    close: ProcessSample | None = None
    """The same life at the close (the day_closed event recorded)."""
    peak_rss_kb: int = 0
    earlier_lives: list[dict[str, float | None]] = field(default_factory=list)
    """RSS after the start and before the kill of each life killed that day."""
    low: ProcessSample | None = None
    """The fewest of each figure over the samples from noon to the close, 2 s apart (with
    ``high``: how far one sample at the close may move without anything leaking)."""
    high: ProcessSample | None = None
    close_fds: dict[str, int] = field(default_factory=dict)
    """The close's descriptors by kind (Linux only): sockets, pipes, the database's files."""
    sigterm_rc: int | None = None
    """Exit status after SIGTERM at the end of the day (None: it did not exit in time)."""
    wall_s: float = 0.0
    ran_to_close: bool = True
    """False: the day was given up before its close (the simulator stopped answering)."""

    @property
    def positions_match(self) -> bool:
        return self.positions == held(self.holdings)


def band(samples: Sequence[ProcessSample]) -> tuple[ProcessSample, ProcessSample] | None:
    """Return the lowest and the highest of each figure over ``samples`` (None without)."""
    if not samples:
        return None
    low = ProcessSample(
        rss_kb=min(s.rss_kb for s in samples),
        fds=min(s.fds for s in samples),
        threads=min(s.threads for s in samples),
    )
    high = ProcessSample(
        rss_kb=max(s.rss_kb for s in samples),
        fds=max(s.fds for s in samples),
        threads=max(s.threads for s in samples),
    )
    return low, high


def held(holdings: dict[str, int]) -> dict[str, int]:
    return {code: qty for code, qty in holdings.items() if qty > 0}


def count_duplicates(
    owners: Iterable[str], broker_numbers: Iterable[str], fill_keys: Counter[Any]
) -> int:
    """Count what was done twice: broker orders no local order owns (a send repeated after a
    crash or a timeout), extra local owners of one broker order, fills recorded again.

    ``owners`` has the broker number of every local order that has one (repeats mean several
    owners); ``broker_numbers`` every new order the broker took.
    """
    owned = Counter(owners)
    orphans = sum(1 for number in set(broker_numbers) if number not in owned)
    shared = sum(count - 1 for count in owned.values() if count > 1)
    refilled = sum(count - 1 for count in fill_keys.values() if count > 1)
    return orphans + shared + refilled
