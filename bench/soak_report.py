"""The soak's output: the per-session table, each day's notes and the verdicts, or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from soak_figures import Limits, ProcessSample, SessionFigures
from soak_verdicts import process_figures, verdicts


def _mb(sample: ProcessSample | None) -> str:
    return "-" if sample is None else f"{sample.rss_mb:.0f}"


def _judged(session: SessionFigures, field_name: str, judged: str) -> str:
    """The close's figure and, in brackets, the part of it judged."""
    close, figures = session.close, process_figures(session)
    if close is None or figures is None:
        return "-"
    return f"{getattr(close, field_name)} ({figures[judged]:g})"


def _growth(session: SessionFigures) -> str:
    if session.midday is None or session.close is None:
        return "-"
    return f"{(session.close.rss_kb - session.midday.rss_kb) / 1024:+.1f}"


def _book(positions: dict[str, int]) -> str:
    return ", ".join(f"{code}x{qty}" for code, qty in sorted(positions.items())) or "flat"


HEADER = (
    "| # | date | lives | kills | faults | orders | broker | dup | books | positions "
    "| = broker | RSS MB start/noon/close | noon->close MB | fds (but db) | threads (less held) "
    "| SIGTERM | wall s |"
)


def table(sessions: Sequence[SessionFigures]) -> str:
    """Return the per-session table (Markdown), process figures from each day's last life."""
    rows = [HEADER, _rule()]
    for s in sessions:
        close = s.close
        rows.append(
            f"| {s.number} | {s.day.isoformat()}{' (hold)' if s.held_overnight else ''} "
            f"| {s.lives} | {len(s.kills)} | {s.faults} | {s.orders} | {s.broker_orders} "
            f"| {s.duplicates} | {'agree' if not s.problems else f'{len(s.problems)} off'} "
            f"| {_book(s.positions)} | {'yes' if s.positions_match else 'NO'} "
            f"| {_mb(s.start)}/{_mb(s.midday)}/{_mb(close)} | {_growth(s)} "
            f"| {_judged(s, 'fds', 'open files')} | {_judged(s, 'threads', 'threads')} "
            f"| {s.sigterm_rc} | {s.wall_s:.0f} |"
        )
    return "\n".join(rows)


def _rule() -> str:
    return "|" + "---|" * (HEADER.count("|") - 1)


def report(sessions: Sequence[SessionFigures], limits: Limits, run: dict[str, Any]) -> str:
    """Return the table, each day's notes (kills, events, problems) and the verdict lines."""
    lines = [table(sessions), ""]
    for s in sessions:
        events = ", ".join(f"{kind} {n}" for kind, n in sorted(s.events.items()))
        carried = f"; carried in {_book(s.carried_in)}" if s.carried_in else ""
        lines.append(
            f"session {s.number} {s.day}: kills at {', '.join(s.kills) or '-'}{carried}; "
            f"events: {events or '-'}"
        )
        if s.low is not None and s.high is not None:
            lines.append(
                f"    from noon to the close: RSS {s.low.rss_mb:.1f}-{s.high.rss_mb:.1f} MB, "
                f"fds {s.low.fds}-{s.high.fds}, threads {s.low.threads}-{s.high.threads}"
            )
        if s.close_fds:
            fds = ", ".join(f"{kind} {n}" for kind, n in sorted(s.close_fds.items()))
            lines.append(f"    descriptors at the close: {fds}")
        lines.extend(f"    problem: {p}" for p in s.problems)
    lines.append("")
    lines.append(f"run: {', '.join(f'{k} {v}' for k, v in run.items())}")
    for v in verdicts(sessions, limits):
        lines.append(f"{'ok  ' if v.ok else 'FAIL'} {v.name}: {v.figure}  [{v.criterion}]")
    return "\n".join(lines)


def as_json(
    sessions: Sequence[SessionFigures], limits: Limits, run: dict[str, Any]
) -> dict[str, Any]:
    """Return everything :func:`report` prints, as plain data."""
    judged = verdicts(sessions, limits)
    return {
        "run": run,
        "limits": asdict(limits),
        "sessions": [
            {**asdict(s), "day": s.day.isoformat(), "positions_match": s.positions_match}
            for s in sessions
        ],
        "verdicts": [asdict(v) for v in judged],
        "ok": all(v.ok for v in judged),
    }
