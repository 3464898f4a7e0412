"""``stockagent tune``: search strategy and risk parameters with optuna over backtested days.

    stockagent tune --study NAME --trials N [--jobs J] [--storage URL]
                    (--seeds A-B [--date D] | --from D1 --to D2 [--without-news])
                    [--train-days K --test-days M] [--objective return|profit_factor|sharpe]
                    [--param NAME[=LOW:HIGH]]...
    stockagent tune show NAME [--storage URL] [--json]

Every trial is a backtest of the chosen days through the one core (:mod:`agent.tuning`).
The storage is an SQLite file in the data directory unless ``--storage`` names another,
such as ``postgresql+psycopg://user@host/db``: every ``stockagent tune`` on the same study
and storage, on this machine or another, is one more worker of the same search. ``--jobs J``
starts J workers here. Nothing is applied to the settings: a person reads ``tune show`` and
decides.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import msgspec

from agent.settings import Settings, load_settings
from stockagent.commands.arguments import iso_date
from stockagent.commands.catalog import help_of

if TYPE_CHECKING:
    import optuna

    from agent.tuning.report import TuneReport
    from agent.tuning.study import Progress

OBJECTIVES = ("return", "profit_factor", "sharpe")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``tune`` command."""
    parser = subparsers.add_parser(
        "tune",
        help=help_of("tune"),
        description="Search strategy and risk parameters with optuna (TPE sampler, median "
        "pruner), each trial a backtest of the chosen days through the agent's core. "
        "`stockagent tune show NAME` prints a study.",
    )
    parser.add_argument("action", nargs="?", choices=("show",), help="show a study")
    parser.add_argument("name", nargs="?", help="the study to show")
    parser.add_argument("--study", help="the study's name (a new one, or one to join)")
    parser.add_argument("--trials", type=_positive, help="trials in the study (per window)")
    parser.add_argument("--jobs", type=_positive, default=1, help="workers to start here")
    parser.add_argument(
        "--storage",
        default=None,
        metavar="URL",
        help="optuna storage (default: tuning.storage, else SQLite in the data directory; "
        "postgresql+psycopg://... to share the study between machines)",
    )
    parser.add_argument("--seeds", type=_seed_range, default=None, metavar="A-B")
    parser.add_argument("--date", type=iso_date, default=None, help="the seeded days' date")
    parser.add_argument("--from", dest="first", type=iso_date, default=None, metavar="D1")
    parser.add_argument("--to", dest="last", type=iso_date, default=None, metavar="D2")
    parser.add_argument("--without-news", action="store_true", help="trade without news")
    parser.add_argument("--train-days", type=_positive, default=None, metavar="K")
    parser.add_argument("--test-days", type=_positive, default=None, metavar="M")
    parser.add_argument("--objective", choices=OBJECTIVES, default="return")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME[=LOW:HIGH]",
        help="a parameter to search (repeat; default: the declared space)",
    )
    parser.add_argument("--json", action="store_true", help="tune show: print JSON")
    parser.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _seed_range(text: str) -> range:
    from stockagent.commands.backtest import seed_range

    return seed_range(text)


def _fail(message: str) -> int:
    print(f"stockagent tune: {message}", file=sys.stderr)
    return 2


def _storage_url(args: argparse.Namespace, settings: Settings) -> str:
    """``--storage``, else ``tuning.storage``, else SQLite in the data directory."""
    if args.storage:
        return str(args.storage)
    settings.data_path.mkdir(parents=True, exist_ok=True)
    return settings.tuning_storage


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, keys=False)
    if args.action == "show":
        if not args.name:
            return _fail("tune show needs the study's name: stockagent tune show NAME")
        return _show(args, _storage_url(args, settings))
    if args.name:
        return _fail(f"unexpected {args.name!r}: did you mean tune show {args.name}?")
    return _tune(args, settings)


def _show(args: argparse.Namespace, url: str) -> int:
    from agent.tuning.storage import StudyStorageError, open_storage
    from agent.tuning.study import show

    try:
        report = show(args.name, open_storage(url))
    except (StudyStorageError, KeyError) as exc:
        return _fail(str(exc).strip("'\""))
    if args.json:
        print(msgspec.json.format(msgspec.json.encode(report), indent=2).decode())
    else:
        print(render(report))
    return 0


def _tune(args: argparse.Namespace, settings: Settings) -> int:
    from agent.market.calendar import default_calendar, latest_regular_day
    from agent.settings.space import SpaceError, resolve
    from agent.tuning.days import FetchedDays, SeedDays
    from agent.tuning.objective import windows
    from agent.tuning.storage import StudyStorageError, open_storage
    from agent.tuning.study import StudySpec, run_worker

    if not args.study:
        return _fail("--study NAME is required (the study to start or join)")
    if not args.trials:
        return _fail("--trials N is required (the study's number of trials)")
    fetched = args.first is not None or args.last is not None
    if fetched == (args.seeds is not None):
        return _fail("give the days: --seeds A-B, or --from D1 --to D2")
    if fetched and (args.first is None or args.last is None):
        return _fail("--from and --to go together")
    if fetched and args.first > args.last:
        return _fail("--from is after --to")
    if (args.train_days is None) != (args.test_days is None):
        return _fail("--train-days and --test-days go together")
    if "@" in args.study:
        return _fail("a study's name cannot hold '@' (window studies are named NAME@wN)")
    try:
        space = resolve(args.param)
    except SpaceError as exc:
        return _fail(str(exc))
    if fetched and settings.strategy.require_news and not args.without_news:
        return _fail(
            "fetched days carry no news scores, and strategy.require_news is on: add "
            "--without-news to tune without the news filter"
        )
    if args.without_news:
        strategy = msgspec.structs.replace(settings.strategy, require_news=False)
        settings = msgspec.structs.replace(settings, strategy=strategy)
    url = _storage_url(args, settings)
    try:
        storage = open_storage(url)
    except StudyStorageError as exc:
        return _fail(str(exc))
    calendar = default_calendar()
    source: SeedDays | FetchedDays
    if fetched:
        from agent.store.engine import create_db_engine, session_factory
        from agent.store.migrate import upgrade
        from agent.store.repositories.history import HistoryRepository

        engine = create_db_engine(settings.database_url)
        upgrade(engine)
        source = FetchedDays(
            HistoryRepository(session_factory(engine)), args.first, args.last, calendar
        )
        if not source.keys:
            return _fail(
                f"no fetched day from {args.first} to {args.last}: "
                "stockagent data fetch --from D1 --to D2 first"
            )
    else:
        day = args.date or latest_regular_day(calendar)
        if calendar.session(day) is None:
            return _fail(f"{day.isoformat()} is not a KRX trading day")
        source = SeedDays(list(args.seeds), day, calendar)
    spec = StudySpec(
        name=args.study,
        objective=args.objective,
        space=tuple(space),
        days=tuple(source.keys),
        trials=args.trials,
        train_days=args.train_days,
        test_days=args.test_days,
    )
    if args.train_days is not None:
        try:
            windows(spec.days, args.train_days, args.test_days)
        except ValueError as exc:
            return _fail(str(exc))
    helpers = [_spawn_worker() for _ in range(args.jobs - 1)]
    try:
        run_worker(spec, source, settings, storage, _progress_printer())
    except ValueError as exc:
        _stop(helpers)
        return _fail(str(exc))
    except KeyboardInterrupt:
        _stop(helpers)
        return 130
    failed = sum(1 for helper in helpers if helper.wait() != 0)
    if failed:
        return _fail(f"{failed} of {len(helpers)} other workers failed (their errors are above)")
    print(f"study {args.study}: done; stockagent tune show {args.study} prints it", file=sys.stderr)
    return 0


def _spawn_worker() -> subprocess.Popen[bytes]:
    """Start one more worker: this command again with ``--jobs 1``."""
    argv = [a for a in sys.argv[1:]]
    if "--jobs" in argv:
        at = argv.index("--jobs")
        del argv[at : at + 2]
    argv = [a for a in argv if not a.startswith("--jobs=")]
    # Our own interpreter running our own command line.
    return subprocess.Popen([sys.executable, "-m", "stockagent.cli", *argv, "--jobs", "1"])  # noqa: S603


def _stop(helpers: list[subprocess.Popen[bytes]]) -> None:
    for helper in helpers:
        helper.terminate()
    for helper in helpers:
        helper.wait()


def _progress_printer() -> Progress:
    """A progress bar on stderr for this worker (a line per trial when it is not a terminal)."""
    worker = os.getpid()
    started = time.monotonic()
    mine = 0
    tty = sys.stderr.isatty()

    def progress(study: optuna.Study, trial: optuna.trial.FrozenTrial, total: int) -> None:
        nonlocal mine
        mine += 1
        done = min(len(study.get_trials(deepcopy=False)), total)
        width = 24
        filled = width * done // max(total, 1)
        try:
            best = f"best {study.best_value:.4f}"
        except ValueError:
            best = "no trial complete yet"
        value = "-" if trial.value is None else f"{trial.value:.4f}"
        line = (
            f"[worker {worker}] [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
            f"{study.study_name}: trial {trial.number} {trial.state.name.lower()} {value}, "
            f"{best}, {mine} here in {time.monotonic() - started:.0f} s"
        )
        print(("\r" + line) if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)

    return progress


def render(report: TuneReport) -> str:
    """Return a study as readable lines."""
    lines = [
        f"study {report.study}: {report.complete} trials complete, objective {report.objective}"
    ]
    if report.best is not None:
        where = f" (window {report.best.window})" if report.best.window else ""
        lines.append(f"best {report.best.value:.4f}, trial {report.best.trial}{where}:")
        lines += [f"  {name} = {value:g}" for name, value in sorted(report.best.params.items())]
    else:
        lines.append("no trial has completed")
    if report.windows:
        lines += [
            "",
            f"{'window':>6} {'train':<23} {'test':<23} {'in-sample':>10} {'out-of-sample':>14}",
        ]
        for w in report.windows:
            ins = "-" if w.in_sample is None else f"{w.in_sample:.4f}"
            oos = "-" if w.out_of_sample is None else f"{w.out_of_sample:.4f}"
            lines.append(
                f"{w.window:>6} {w.train[0] + '..' + w.train[-1]:<23} "
                f"{w.test[0] + '..' + w.test[-1]:<23} {ins:>10} {oos:>14}"
            )
    states: dict[str, int] = {}
    for t in report.trials:
        states[t.state] = states.get(t.state, 0) + 1
    lines += ["", "trials: " + ", ".join(f"{n} {s}" for s, n in sorted(states.items()))]
    return "\n".join(lines)
