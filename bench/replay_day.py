"""Replay throughput: journal events per second through the core, against decoding alone.

Goal (issue #13): the replay runs at least a third of the rate of a bare loop that decodes the
same journal (the ceiling: every replay decodes it). The journal is a seeded synthetic day
written as the live agent writes one: the parameters and the governor's start, the day's
leaders watched from 09:05 with their ranks, every print of theirs, the governor's exit timer
each second with the Account's answer to it (unchanged answers as the small "same" frame).

    .venv/bin/python bench/replay_day.py [--seed 42] [--date 2026-12-04] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent import journal
from agent.backtest.watch import reads_of
from agent.broker.events import TradeTick
from agent.clock import KST, ManualClock
from agent.market.calendar import default_calendar
from agent.replay.engine import Replay
from agent.risk.account import AccountView
from agent.settings import Settings
from krxsim.config import SimulatorConfig
from krxsim.market.market import SyntheticMarket

GOAL = 1 / 3


def write_day(path: Path, seed: int, day: date) -> int:
    """Write the synthetic day's journal at ``path``; return its entries."""
    sim = SimulatorConfig()
    market = SyntheticMarket(
        seed=seed,
        trading_date=day,
        listed=sim.listed_codes,
        surges=sim.surge_count,
        step=1,  # a print a second where the tape trades: nearer a real leader's day
    )
    open_at = datetime.combine(day, datetime.min.time(), tzinfo=KST) + timedelta(hours=9)
    clock = ManualClock(open_at - timedelta(minutes=10))
    writer = journal.JournalWriter(path.parent, clock, flush_every=3600)
    settings = Settings()
    writer.record(
        journal.Configured(
            strategy=settings.strategy, risk=settings.risk, execution=settings.execution
        )
    )
    writer.record(journal.Started(component="risk", format=journal.REPLAY_FORMAT, state="active"))
    leaders = [s.code for s in market.script.surges]
    watch_at = open_at + timedelta(minutes=5)
    clock.set(watch_at)
    for rank, code in enumerate(leaders, start=1):
        writer.record(
            journal.Watched(
                reads=reads_of(market, code, watch_at, open_at=open_at, prev_volume=None)
            )
        )
        writer.record(journal.Ranked(code=code, rank=rank, volume_rank=rank))
    prints = []
    for code in leaders:
        tape = market.day(code)
        start = tape.index_at(market.seconds(watch_at))
        for p in tape.prints(start, tape.index_at(6.5 * 3600)):
            prints.append((p.t, code, p))
    prints.sort(key=lambda item: (item[0], item[1]))
    view = AccountView(capital_won=100_000_000, cash_won=100_000_000)
    next_timer = market.seconds(watch_at)
    first = True
    for t, code, p in prints:
        while next_timer <= t:
            clock.set(market.at(next_timer))
            writer.record(journal.Timer(name=journal.EXIT_TIMER))
            writer.record(journal.AccountAnswer(view=view if first else None))
            writer.record(journal.Quotes(prices={}))
            first, next_timer = False, next_timer + 1
        at = market.at(t)
        clock.set(at)
        tick = TradeTick(
            code=code,
            time=at,
            price=p.price,
            change=0,
            rate_bp=0,
            qty=abs(p.qty),
            side=None,
            ask=p.price,
            bid=p.price,
            cum_volume=0,
            cum_turnover_won=0,
            open=p.price,
            high=p.price,
            low=p.price,
            strength_bp=0,
            session="2",
        )
        writer.record(journal.Print.of(tick))
    writer.close()
    return sum(1 for _ in journal.read_entries(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 12, 4))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    calendar = default_calendar()
    with tempfile.TemporaryDirectory() as directory:
        path = journal.journal_path(Path(directory), args.date)
        events = write_day(path, args.seed, args.date)
        size = path.stat().st_size
        bare, replay = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for _entry in journal.read_entries(path):
                pass
            bare.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            Replay(Settings(), calendar, list(journal.read_entries(path))).run()
            replay.append(time.perf_counter() - t0)
    bare_rate = events / statistics.median(bare)
    replay_rate = events / statistics.median(replay)
    ratio = replay_rate / bare_rate
    print(f"journal   {events:,} entries, {size:,} bytes (seed {args.seed}, {args.date})")
    print(f"baseline  decoding alone: {bare_rate:,.0f} entries/s")
    print(f"replay    decoding and the core: {replay_rate:,.0f} entries/s")
    verdict = "met" if ratio >= GOAL else "MISSED"
    print(f"ratio     {ratio:.2f} of the ceiling (goal at least {GOAL:.2f}): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
