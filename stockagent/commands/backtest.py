"""``stockagent backtest``: trade one seeded synthetic day deterministically, as fast as possible.

The strategy, risk and execution parameters come from the usual settings (file and
``STOCKAGENT_*`` environment), so a parameter change is tried by running it again with other
settings. Nothing is written: no database, no logs, no network.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import msgspec

from agent.backtest import BacktestConfig, BacktestResult, run_backtest
from agent.market.calendar import default_calendar, latest_regular_day
from agent.settings import load_settings
from stockagent.commands.arguments import iso_date
from stockagent.commands.catalog import help_of
from stockagent.summary import render_summary


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
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config_file: Path | None = args.config
    settings = load_settings(config_file)
    calendar = default_calendar()
    seed = settings.simulator.seed if args.seed is None else args.seed
    day = args.date or latest_regular_day(calendar)
    config = BacktestConfig(
        seed=seed,
        trading_date=day,
        strategy=settings.strategy,
        risk=settings.risk,
        execution=settings.execution,
    )
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
