"""``stockagent backtest``: trade synthetic or fetched days deterministically, as fast as possible.

``--seed S`` (or nothing) trades one seeded synthetic day and writes nothing: no database, no
logs, no network. ``--seeds A-B`` trades the synthetic day of every seed, ``--from D1 --to D2``
every trading day whose minute bars ``stockagent data fetch`` stored (fetched days have no news
scores: ``--without-news`` is required while the strategy requires news); these, and any run
with ``--report FILE``, print the span's result, store it in the database (``backtest_runs``)
and, with ``--report``, write one HTML file with its equity curve, drawdown and per-pattern
table.

The strategy, risk and execution parameters come from the usual settings (file and
``STOCKAGENT_*`` environment), so a parameter change is tried by running it again with other
settings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from agent.backtest import BacktestConfig, BacktestResult, run_backtest
from agent.market.calendar import KrxCalendar, default_calendar, latest_regular_day
from agent.settings import load_settings
from stockagent.commands.arguments import iso_date
from stockagent.commands.catalog import help_of
from stockagent.summary import render_summary

if TYPE_CHECKING:
    # The span's module reads the database: imported when a span runs (``_span``).
    from agent.backtest.span import SpanResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``backtest`` command."""
    parser = subparsers.add_parser(
        "backtest",
        help=help_of("backtest"),
        description="Run the agent's scanner, entry rule, risk governor and order handling over "
        "a seeded synthetic day against the simulator's matching engine, one virtual second at "
        "a time. The same seed, date and settings always give the same trades.",
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="which synthetic day (default: simulator.seed)"
    )
    parser.add_argument(
        "--date",
        type=iso_date,
        default=None,
        help="trading date, YYYY-MM-DD (default: the day the demo trades)",
    )
    parser.add_argument(
        "--seeds",
        type=seed_range,
        default=None,
        metavar="A-B",
        help="trade the synthetic day of every seed from A to B",
    )
    parser.add_argument(
        "--from", dest="first", type=iso_date, default=None, metavar="D1", help="first fetched day"
    )
    parser.add_argument(
        "--to", dest="last", type=iso_date, default=None, metavar="D2", help="last fetched day"
    )
    parser.add_argument(
        "--without-news",
        action="store_true",
        help="trade without the news filter (fetched days carry no news scores)",
    )
    parser.add_argument("--report", type=Path, default=None, metavar="FILE", help="HTML report")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def seed_range(text: str) -> range:
    """Parse ``A-B`` (or one seed) for argparse."""
    first, _, last = text.partition("-")
    try:
        seeds = range(int(first), int(last or first) + 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected A-B, two whole numbers, got {text!r}") from None
    if not seeds:
        raise argparse.ArgumentTypeError(f"{text!r} is empty: A must not be above B")
    return seeds


def _fail(message: str) -> int:
    print(f"stockagent backtest: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    config_file: Path | None = args.config
    settings = load_settings(config_file, keys=False)
    calendar = default_calendar()
    seed = settings.simulator.seed if args.seed is None else args.seed
    day = args.date or latest_regular_day(calendar)
    fetched = args.first is not None or args.last is not None
    if fetched and (args.first is None or args.last is None):
        return _fail("--from and --to go together")
    if fetched and (args.seeds is not None or args.seed is not None or args.date is not None):
        return _fail("--from/--to trade fetched days: --seed, --seeds and --date do not apply")
    if args.seeds is not None and args.seed is not None:
        return _fail("give --seed or --seeds, not both")
    if fetched and args.first > args.last:
        return _fail("--from is after --to")
    strategy = settings.strategy
    if fetched and strategy.require_news and not args.without_news:
        return _fail(
            "fetched days carry no news scores, and strategy.require_news is on: no entry "
            "would pass the news filter. Add --without-news to trade them without it."
        )
    if args.without_news:
        strategy = msgspec.structs.replace(strategy, require_news=False)
    config = BacktestConfig(
        seed=seed,
        trading_date=day,
        strategy=strategy,
        risk=settings.risk,
        execution=settings.execution,
    )
    if fetched or args.seeds is not None or args.report is not None:
        return _span(args, config, calendar)
    try:
        result = run_backtest(config, calendar)
    except ValueError as exc:
        print(f"stockagent backtest: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(msgspec.json.format(msgspec.json.encode(result), indent=2).decode())
    else:
        print(render(result))
    return 0


def _won(amount: int) -> str:
    return f"{amount:+,}"


def render(result: BacktestResult) -> str:
    """Return the trades as a table, then the counts and the daily summary."""
    lines = [
        f"backtest of {result.trading_date.isoformat()}, seed {result.seed}: "
        f"leaders {' '.join(result.leaders) or '-'}",
        "",
        f"{'code':<7} {'qty':>6} {'entry':>8} {'price':>9} {'exit':>8} {'price':>9} "
        f"{'reason':<11} {'P&L won':>11} {'return':>7}  name",
    ]
    for t in result.trades:
        lines.append(
            f"{t.code:<7} {t.quantity:>6,} {t.entry_time:%H:%M:%S} {t.entry_price:>9,} "
            f"{t.exit_time:%H:%M:%S} {t.exit_price:>9,} {t.exit_reason:<11} "
            f"{_won(t.realized_pnl):>11} {t.return_bps / 100:>+6.2f}%  {t.name}"
        )
    if not result.trades:
        lines.append("(no trades)")
    refused = ", ".join(f"{reason} {count}" for reason, count in result.rejections)
    lines += [
        "",
        f"orders {result.orders}, intents approved {result.approved}, "
        f"rejected {result.rejected}" + (f" ({refused})" if refused else ""),
    ]
    if result.open_positions:
        held = ", ".join(f"{code} x{qty:,}" for code, qty in result.open_positions)
        lines.append(f"held after the close: {held}")
    label = f"{result.trading_date.isoformat()} (backtest, seed {result.seed})"
    lines.append(render_summary(label, result.summary))
    return "\n".join(lines)


def _span(args: argparse.Namespace, config: BacktestConfig, calendar: KrxCalendar) -> int:
    from agent.backtest.report import render_html
    from agent.backtest.span import run_days, run_seeds
    from agent.store.engine import session_factory
    from agent.store.repositories.backtests import BacktestRunRepository
    from agent.store.repositories.history import HistoryRepository
    from stockagent.bootstrap import boot

    runtime = boot(args.config, console=False, keys=False)
    sessions = session_factory(runtime.engine)
    result: SpanResult
    try:
        if args.first is not None:
            result = run_days(config, HistoryRepository(sessions), args.first, args.last, calendar)
            if not result.days:
                why = "; ".join(f"{day}: {reason}" for day, reason in result.skipped[:3])
                return _fail(
                    f"no fetched day to trade from {args.first} to {args.last}: "
                    + (why or "no KRX trading day in that range")
                )
        else:
            seeds = args.seeds or range(config.seed, config.seed + 1)
            result = run_seeds(config, list(seeds), calendar)
    except ValueError as exc:
        return _fail(str(exc))
    run_id = BacktestRunRepository(sessions).save(result, _parameters(config))
    if args.report is not None:
        args.report.write_text(render_html(result), encoding="utf-8")
    if args.json:
        print(msgspec.json.format(msgspec.json.encode(result), indent=2).decode())
    else:
        print(render_span(result, run_id, args.report))
    return 0


def _parameters(config: BacktestConfig) -> dict[str, object]:
    return {
        "strategy": msgspec.to_builtins(config.strategy),
        "risk": msgspec.to_builtins(config.risk),
        "execution": msgspec.to_builtins(config.execution),
    }


def render_span(result: SpanResult, run_id: int, report: Path | None) -> str:
    """Return a span's days, patterns and summary as readable lines."""
    lines = [f"backtest of {result.source} {result.span} (run {run_id}):", ""]
    lines.append(f"{'day':<10} {'seed':>6} {'trades':>6} {'P&L won':>13}  leaders")
    for d in result.days:
        seed = str(d.seed) if result.source == "seeds" else "-"
        lines.append(
            f"{d.trading_date.isoformat():<10} {seed:>6} {d.summary.trades:>6} "
            f"{_won(d.summary.realized_pnl):>13}  {len(d.leaders)} codes"
        )
    for day, why in result.skipped:
        lines.append(f"{day:<10} not run: {why}")
    if result.patterns:
        lines += [
            "",
            f"{'trades':>6} {'win':>6} {'avg':>7} {'per trade':>11} {'P&L won':>13}  pattern",
        ]
        for p in result.patterns:
            lines.append(
                f"{p.trades:>6} {p.win_rate_bps / 100:>5.1f}% "
                f"{p.avg_return_bps / 100:>+6.2f}% {_won(p.expectancy_won):>11} "
                f"{_won(p.realized_pnl):>13}  {p.pattern}"
            )
    lines += ["", f"fill model: {result.fill_model}"]
    lines.append(render_summary(f"{result.span} ({len(result.days)} days)", result.summary))
    if report is not None:
        lines.append(f"report written to {report}")
    return "\n".join(lines)
