"""``stockagent simulator``: run the built-in Kiwoom-compatible simulator until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import time

import msgspec

from agent.settings.units import hhmm
from krxsim.config import RateProfile, SimulatorConfig, StartingHolding
from krxsim.market.listings import build_listings
from krxsim.server.runner import serve_forever
from stockagent.commands.arguments import iso_date
from stockagent.commands.catalog import help_of

DEFAULT_PORT = 8101
HOLDING_FORMAT = "expected CODE:QTY:AVG_PRICE, a six-digit code and whole positive numbers"


class BadAccountOption(Exception):
    """A ``--holding`` or ``--margin-room`` value the simulator cannot start with."""


class AccountOptions(msgspec.Struct, frozen=True, kw_only=True):
    """The simulated account's shares and 미수 room from the command line."""

    holdings: tuple[StartingHolding, ...] = ()
    margin_room_won: int | None = None
    """None: not given (the demo then takes ``simulator.margin_room_won``)."""


def add_account_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--holding`` and ``--margin-room`` (checked after parsing, see account_options)."""
    parser.add_argument(
        "--holding",
        action="append",
        default=[],
        metavar="CODE:QTY:AVG_PRICE",
        help="shares the account holds at the start (repeatable), e.g. 005930:100:68000",
    )
    parser.add_argument(
        "--margin-room",
        default=None,
        metavar="WON",
        help="미수 room: how far beyond the cash buys may go (default 0, a cash account)",
    )


def _holding(text: str) -> StartingHolding:
    parts = text.split(":")
    if len(parts) != 3 or not all(p.isdigit() and p.isascii() for p in parts):
        raise BadAccountOption(f"invalid --holding {text!r}: {HOLDING_FORMAT}")
    code, qty, price = parts
    if len(code) != 6 or int(qty) <= 0 or int(price) <= 0:
        raise BadAccountOption(f"invalid --holding {text!r}: {HOLDING_FORMAT}")
    return StartingHolding(code=code, qty=int(qty), avg_price=int(price))


def account_options(
    args: argparse.Namespace, *, seed: int, listed: int = SimulatorConfig().listed_codes
) -> AccountOptions:
    """Check ``--holding`` and ``--margin-room`` against the market of ``seed``.

    Raises :class:`BadAccountOption` naming the first bad value.
    """
    holdings = tuple(_holding(text) for text in args.holding)
    if holdings:
        listings = build_listings(seed, listed)
        for text, held in zip(args.holding, holdings, strict=True):
            if held.code not in listings:
                raise BadAccountOption(
                    f"invalid --holding {text!r}: the synthetic market of seed {seed} "
                    f"does not list {held.code}"
                )
    room: int | None = None
    if args.margin_room is not None:
        raw = str(args.margin_room)
        if not (raw.isdigit() and raw.isascii()):
            raise BadAccountOption(f"invalid --margin-room {raw!r}: expected whole won, 0 or more")
        room = int(raw)
    return AccountOptions(holdings=holdings, margin_room_won=room)


def refuse(error: BadAccountOption) -> int:
    """Print ``error`` as the command's one line on stderr; return the usage exit status."""
    print(f"stockagent: {error}", file=sys.stderr)
    return 2


def _start(text: str) -> time:
    try:
        return hhmm(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``simulator`` command."""
    parser = subparsers.add_parser(
        "simulator",
        help=help_of("simulator"),
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
    add_account_arguments(parser)
    parser.set_defaults(func=run)


def config_from(args: argparse.Namespace) -> SimulatorConfig:
    """Build the simulator's settings from parsed arguments.

    Raises :class:`BadAccountOption` for a bad ``--holding`` or ``--margin-room``.
    """
    account = account_options(args, seed=args.seed)
    return SimulatorConfig(
        host=args.host,
        port=args.port,
        seed=args.seed,
        speed=args.speed,
        start=args.start,
        trading_date=args.date,
        rate_profile=RateProfile(args.rate_profile),
        redis_url=args.redis_url,
        holdings=account.holdings,
        margin_room_won=account.margin_room_won or 0,
    )


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; return the exit status."""
    try:
        config = config_from(args)
    except BadAccountOption as error:
        return refuse(error)
    # Orders and refusals are logged by krxsim at INFO: show them on the console.
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
