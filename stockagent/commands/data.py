"""``stockagent data fetch``: read market history from the broker into the database.

The broker is the one ``stockagent broker`` talks to (``--base-url``, the simulator on
127.0.0.1:8101 by default; Kiwoom's real host only with ``--live``), or with ``--sim`` a
simulator started for this fetch alone, so the whole path runs on any machine. Its history does
not depend on the day it is served: the same seed gives the same past days. What is read, in
what order and why it resumes: :mod:`agent.history.fetch`.
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import ExitStack
from datetime import date, datetime, timedelta
from typing import TextIO

import anyio
import msgspec

from agent.clock import KST
from agent.history.fetch import Fetch, FetchState, plan
from agent.kiwoom.errors import KiwoomError
from agent.kiwoom.token_cache import TokenCache
from agent.market.calendar import default_calendar
from agent.settings import key_store
from agent.store.engine import session_factory
from agent.store.repositories.history import HistoryRepository
from stockagent.bootstrap import boot
from stockagent.commands import broker
from stockagent.commands.arguments import iso_date
from stockagent.commands.catalog import help_of

DEFAULT_UNIVERSE = 30
EXIT_BROKER_ERROR = 1
EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``data`` and its ``fetch`` action."""
    data = subparsers.add_parser("data", help=help_of("data"))
    actions = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    fetch = actions.add_parser(
        "fetch",
        parents=[broker._common_options()],
        help="read daily bars of every listed stock and minute bars of each day's leaders",
        description="Read the listings (ka10099), the daily bars of every listed stock "
        "(ka10081) and, for each trading day from --from to --to, the one-minute bars "
        "(ka10080) of the day's --universe stocks (a third each by turnover, gain and volume "
        "against the day before), within the broker's rate budget, into the database. Run it "
        "again to resume an interrupted fetch.",
    )
    fetch.add_argument("--from", dest="first", type=iso_date, required=True, metavar="D1")
    fetch.add_argument("--to", dest="last", type=iso_date, required=True, metavar="D2")
    fetch.add_argument(
        "--universe",
        type=int,
        default=DEFAULT_UNIVERSE,
        metavar="N",
        help=f"stocks a day whose minute bars are read (default {DEFAULT_UNIVERSE})",
    )
    fetch.add_argument(
        "--sim",
        action="store_true",
        help="start a simulator for this fetch (seed: simulator.seed) instead of --base-url",
    )
    fetch.add_argument(
        "--sim-listed",
        type=int,
        default=None,
        metavar="N",
        help="stocks the --sim simulator lists (default 2000)",
    )
    fetch.set_defaults(func=run)


def _usage(message: str) -> int:
    print(f"stockagent data fetch: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    today = datetime.now(KST).date()
    if args.first > args.last:
        return _usage("--from is after --to")
    if args.last >= today:
        return _usage(f"--to must be a finished day, before today ({today.isoformat()})")
    if args.universe < 1:
        return _usage("--universe must be at least 1")
    if args.sim_listed is not None and not args.sim:
        return _usage("--sim-listed goes with --sim")
    calendar = default_calendar()
    try:
        days = calendar.trading_days(args.first, args.last)
        since = calendar.previous_trading_day(args.first)
    except ValueError as exc:
        return _usage(str(exc))
    if not days:
        return _usage(f"no KRX trading day from {args.first} to {args.last}")
    runtime = boot(args.config, console=False, keys=False)
    repo = HistoryRepository(session_factory(runtime.engine))
    with ExitStack() as stack:
        if args.sim:
            args.base_url = _start_simulator(stack, runtime.settings.simulator.seed, args)
            args.rate = args.rate or "real"
        try:
            config = broker.config_from(args, keys=key_store(args.config)[1])
        except broker._UsageError as exc:
            return _usage(str(exc))
        counted = plan(repo, days, since, args.universe)
        known = "" if counted.daily_todo is not None else " (plus a daily read per listed stock)"
        print(
            f"fetching {len(days)} trading days ({days[0]} to {days[-1]}), "
            f"{args.universe} stocks a day, from {config.base_url}: "
            f"about {counted.requests()} requests{known}",
            file=sys.stderr,
        )
        bar = ProgressBar(sys.stderr)
        data_dir = runtime.settings.data_path

        async def fetch() -> FetchState:
            client = broker.client_factory(config)
            if not args.sim:  # a simulator of this run alone needs no token kept for later
                TokenCache(data_dir, config, client.clock).attach(client.auth)
            try:
                return await Fetch(
                    client, repo, days, since=since, universe=args.universe, progress=bar
                ).run()
            finally:
                await client.aclose(revoke=False)

        try:
            state = anyio.run(fetch)
        except KiwoomError as exc:
            bar.end()
            print(
                f"stockagent data fetch: kiwoom error {exc.code if exc.code is not None else '-'}"
                f": {exc.message}; what was read is kept, run it again to resume",
                file=sys.stderr,
            )
            return EXIT_BROKER_ERROR
        except KeyboardInterrupt:
            bar.end()
            print("interrupted: what was read is kept, run it again to resume", file=sys.stderr)
            return 130
        bar.end()
    if args.json:
        print(msgspec.json.encode(_summary(state, days)).decode())
    else:
        print(_render(state, days, bar.elapsed()))
    return 0


def _start_simulator(stack: ExitStack, seed: int, args: argparse.Namespace) -> str:
    from krxsim.config import RateProfile, SimulatorConfig
    from krxsim.server.runner import RunningSimulator

    # The simulator trades a week after --to: every day of the range is its history, read
    # with base_dt before the day it pins to its base, so each day is the same however the
    # range is fetched.
    day = args.last + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    config = SimulatorConfig(seed=seed, trading_date=day, rate_profile=RateProfile.REAL)
    if args.sim_listed is not None:
        config = msgspec.structs.replace(config, listed_codes=args.sim_listed)
    sim = stack.enter_context(RunningSimulator(config))
    return sim.base_url


class ProgressBar:
    """One line on a terminal, redrawn after every request; elsewhere a line per tenth."""

    WIDTH = 30

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.started = time.monotonic()
        self.tty = out.isatty()
        self.shown = -1
        self.drawn = False

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def __call__(self, state: FetchState) -> None:
        total = max(state.estimate, state.requests, 1)
        share = state.requests / total
        if not self.tty:
            tenth = int(share * 10)
            if tenth > self.shown:
                self.shown = tenth
                print(f"{state.requests}/{total} requests, {state.stage}", file=self.out)
            return
        filled = int(share * self.WIDTH)
        elapsed = self.elapsed()
        left = elapsed / share * (1 - share) if share > 0 else 0.0
        line = (
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {state.requests}/{total} "
            f"{state.stage:<12} {elapsed:5.0f}s, about {left:4.0f}s left"
        )
        self.out.write(line)
        self.out.flush()
        self.drawn = True

    def end(self) -> None:
        if self.drawn:
            self.out.write("\n")
            self.out.flush()
            self.drawn = False


def _summary(state: FetchState, days: list[date]) -> dict[str, object]:
    return {
        "days": [d.isoformat() for d in days],
        "requests": state.requests,
        "by_api": dict(sorted(state.sent.items())),
        "daily_read": state.daily_read,
        "daily_skipped": state.daily_skipped,
        "minutes_read": state.minutes_read,
        "minutes_skipped": state.minutes_skipped,
        "bars_stored": state.bars_stored,
    }


def _render(state: FetchState, days: list[date], elapsed: float) -> str:
    return (
        f"fetched {days[0]} to {days[-1]} ({len(days)} trading days) in {elapsed:.0f} s: "
        f"{state.requests} requests; daily bars of {state.daily_read} stocks "
        f"({state.daily_skipped} already stored), minute bars of {state.minutes_read} "
        f"stock-days ({state.minutes_skipped} already stored); {state.bars_stored:,} bars stored"
    )
