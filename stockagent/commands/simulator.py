"""``stockagent simulator``: run the built-in Kiwoom-compatible simulator until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
from datetime import datetime, time

from agent.sim.config import RateProfile, SimulatorConfig
from agent.sim.server.runner import serve_forever
from stockagent.commands.arguments import iso_date

DEFAULT_PORT = 8101


def _start(text: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected HH:MM, got {text!r}") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``simulator`` command."""
    parser = subparsers.add_parser(
        "simulator",
        help="run the Kiwoom-compatible simulator (a synthetic trading day)",
        description="Serve Kiwoom's REST and WebSocket API on loopback over a seeded synthetic "
        "market day, with a fake StockNews service and GET /sim/clock.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--seed", type=int, default=SimulatorConfig().seed)
    parser.add_argument("--speed", type=float, default=1.0, help="market seconds per real second")
    parser.add_argument("--start", type=_start, default=time(8, 30), help="market time, HH:MM")
    parser.add_argument("--date", type=iso_date, default=None, help="trading date (default today)")
    parser.add_argument(
        "--rate-profile", choices=[p.value for p in RateProfile], default=RateProfile.MOCK.value
    )
    parser.add_argument("--redis-url", default="", help="publish breaking news on Redis")
    parser.set_defaults(func=run)


def config_from(args: argparse.Namespace) -> SimulatorConfig:
    """Build the simulator's settings from parsed arguments."""
    return SimulatorConfig(
        host=args.host,
        port=args.port,
        seed=args.seed,
        speed=args.speed,
        start=args.start,
        trading_date=args.date,
        rate_profile=RateProfile(args.rate_profile),
        redis_url=args.redis_url,
    )


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; return the exit status."""
    config = config_from(args)
    # Orders and refusals are logged by agent.sim at INFO: show them on the console.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    print(
        f"Kiwoom simulator on http://{config.host}:{config.port} "
        f"(ws://{config.host}:{config.port}/api/dostk/websocket), "
        f"day {config.resolved_date().isoformat()} from {config.start:%H:%M} at x{config.speed:g}"
    )
    try:
        serve_forever(config)
    except KeyboardInterrupt:
        return 0
    return 0
