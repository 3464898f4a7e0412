"""The soak's criteria: what "flat", "no duplicate" and "equal to the broker" mean in figures.

Every criterion compares the sessions of one run with each other, the first session's close
the baseline: nothing is compared with a figure from another machine or another day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from soak_figures import Limits, SessionFigures, held

BY_HAND = ("lot_reduced", "external_order")
"""System events that say the user traded in the account: in the soak nobody does, so each
is the agent taking one of its own orders or fills for the user's."""


@dataclass(frozen=True, kw_only=True)
class Verdict:
    name: str
    criterion: str
    figure: str
    ok: bool


def _spread(name: str, values: Sequence[float], allowed: float, unit: str, rule: str) -> Verdict:
    spread = max(values) - min(values)
    shown = ", ".join(f"{v:.1f}" if unit == "MB" else f"{v:g}" for v in values)
    figure = f"{shown} {unit}: spread {spread:.1f}"
    return Verdict(name=name, criterion=rule, figure=figure, ok=spread <= allowed)


STOCK_THREADS = 2
"""Threads a held code keeps: its StockActor's and its bar timer's (actors/stock/actor.py
re-arms a ``threading.Timer``, one thread per pending call). Measured in the soak itself: the
close's threads less this per code held were the same on every day of a run."""
DATABASE = "stockagent.db"
POOL_FDS = 2 * (5 + 10) + 1
"""The most descriptors one SQLAlchemy engine's pool may hold on the SQLite database: 5 kept
and 10 overflow connections, each the file and its WAL, and the shared memory."""


def database_fds(kinds: dict[str, int]) -> int:
    """Count the descriptors on the database's files (``{}``: unknown, 0)."""
    return sum(n for kind, n in kinds.items() if kind.startswith(DATABASE))


def process_figures(session: SessionFigures) -> dict[str, float] | None:
    """The close's figures as judged: RSS (MB), descriptors but the database's (its pool
    keeps as many connections as were ever busy at once), threads less the held codes'."""
    close = session.close
    if close is None:
        return None
    return {
        "memory": close.rss_mb,
        "open files": float(close.fds - database_fds(session.close_fds)),
        "threads": float(close.threads - STOCK_THREADS * len(held(session.positions))),
    }


def _process_verdicts(sessions: Sequence[SessionFigures], limits: Limits) -> list[Verdict]:
    figures = [process_figures(s) for s in sessions]
    missing = [s.number for s, f in zip(sessions, figures, strict=True) if f is None]
    names = ("memory", "open files", "threads", "database")
    if missing or not sessions:
        rule = "a sample of the day's last life at the close, every session"
        figure = f"no sample for session(s) {missing}" if missing else "no session"
        return [Verdict(name=name, criterion=rule, figure=figure, ok=False) for name in names]
    values = [f for f in figures if f is not None]
    memory = [f["memory"] for f in values]
    allowed = max(limits.rss_mb, limits.rss_pct / 100 * memory[0])
    rule = (
        f"RSS at the close: spread <= max({limits.rss_mb:g} MB, {limits.rss_pct:g}% of "
        f"session 1) = {allowed:.1f} MB"
    )
    out = [_spread("memory", memory, allowed, "MB", rule)]
    rule = f"descriptors at the close but the database's: spread <= {limits.fds}"
    out.append(_spread("open files", [f["open files"] for f in values], limits.fds, "fds", rule))
    rule = (
        f"threads at the close less {STOCK_THREADS} per code held (its StockActor and bar "
        f"timer): spread <= {limits.threads}"
    )
    threads = [f["threads"] for f in values]
    out.append(_spread("threads", threads, limits.threads, "threads", rule))
    pooled = [database_fds(s.close_fds) for s in sessions]
    out.append(
        Verdict(
            name="database",
            criterion=f"descriptors on the database at the close <= {POOL_FDS} (one pool)",
            figure=", ".join(map(str, pooled)) if any(pooled) else "not known on this system",
            ok=max(pooled) <= POOL_FDS,
        )
    )
    return out


def verdicts(sessions: Sequence[SessionFigures], limits: Limits | None = None) -> list[Verdict]:
    """Judge the run: flat memory, descriptors and threads, no duplicate, the positions equal
    to the broker's every day, the books agreeing, every stop clean."""
    out = _process_verdicts(sessions, limits or Limits())
    duplicates = [s.duplicates for s in sessions]
    out.append(
        Verdict(
            name="duplicates",
            criterion="0 every day (broker orders sent twice, shared, fills recorded twice)",
            figure=f"{sum(duplicates)} ({', '.join(map(str, duplicates))})",
            ok=sum(duplicates) == 0,
        )
    )
    off = [s.number for s in sessions if not s.positions_match]
    out.append(
        Verdict(
            name="positions",
            criterion="the positions table equals the broker's holdings at every close",
            figure=f"equal on {len(sessions) - len(off)}/{len(sessions)} days"
            + (f", not on session(s) {off}" if off else ""),
            ok=not off and bool(sessions),
        )
    )
    disagreeing = [s.number for s in sessions if s.problems]
    out.append(
        Verdict(
            name="books",
            criterion="no ledger problem (orders resolved, fills as executed)",
            figure=f"{sum(len(s.problems) for s in sessions)} problem(s)"
            + (f" on session(s) {disagreeing}" if disagreeing else ""),
            ok=not disagreeing,
        )
    )
    unclean = [f"{s.number}: {s.sigterm_rc}" for s in sessions if s.sigterm_rc != 0]
    out.append(
        Verdict(
            name="SIGTERM",
            criterion="exit status 0 at every day's end",
            figure="all 0" if not unclean else "; ".join(unclean),
            ok=not unclean,
        )
    )
    by_hand = [
        f"{s.number}: {kind} {s.events[kind]}"
        for s in sessions
        for kind in BY_HAND
        if s.events.get(kind)
    ]
    out.append(
        Verdict(
            name="own orders",
            criterion="no lot reduced, no external order: nobody trades by hand in the soak",
            figure="none" if not by_hand else "; ".join(by_hand),
            ok=not by_hand,
        )
    )
    cut = [s.number for s in sessions if not s.ran_to_close]
    out.append(
        Verdict(
            name="days",
            criterion="every session runs to its close",
            figure=f"{len(sessions) - len(cut)}/{len(sessions)} closed"
            + (f", not session(s) {cut}" if cut else ""),
            ok=not cut and bool(sessions),
        )
    )
    crashed = [f"{s.number}: {s.unexpected_exits}" for s in sessions if s.unexpected_exits]
    out.append(
        Verdict(
            name="unasked exits",
            criterion="no life ends unless killed or stopped",
            figure="none" if not crashed else "; ".join(crashed),
            ok=not crashed,
        )
    )
    return out
