"""``stockagent demo``: the simulator, the agent and the API trading one synthetic day."""

from __future__ import annotations

import argparse
import logging
import threading
import time

from actors.recorder.actor import SUMMARY
from agent.learning.daily import DailySummary
from agent.market.calendar import default_calendar, latest_regular_day
from agent.settings import load_settings
from stockagent.agent_process import AgentProcess
from stockagent.bootstrap import boot
from stockagent.commands import simulator as simulator_command
from stockagent.commands.catalog import help_of
from stockagent.console import ConsoleLine
from stockagent.server import build_server
from stockagent.signals import on_stop_signals
from stockagent.summary import render_summary
from stockagent.wiring import (
    connect_simulator,
    first_free_order_no,
    news_bus,
    start_simulator,
)
from web.dashboard import STATIC_DIR

log = logging.getLogger("stockagent.demo")

CONSOLE_EVERY_S = 2.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = subparsers.add_parser("demo", help=help_of("demo"))
    demo.add_argument("--port", type=int, default=None, help="API port (default: api.port)")
    demo.add_argument(
        "--seed", type=int, default=None, help="which synthetic day (same seed, same day)"
    )
    demo.add_argument(
        "--speed", type=float, default=None, help="market seconds per real second (default 60)"
    )
    demo.add_argument(
        "--until-close", action="store_true", help="exit with status 0 after the daily summary"
    )
    simulator_command.add_account_arguments(demo)
    demo.set_defaults(func=run_demo)


def _raise_interrupt(_signum: int) -> None:
    raise KeyboardInterrupt


def run_demo(args: argparse.Namespace) -> int:
    # SIGTERM (a service manager, ``kill``) ends the demo as gracefully as Ctrl-C does.
    on_stop_signals(_raise_interrupt)
    # The account options are checked before boot writes or logs anything.
    configured = load_settings(args.config, keys=False)
    seed = configured.simulator.seed if args.seed is None else args.seed
    try:
        account = simulator_command.account_options(args, seed=seed)
    except simulator_command.BadAccountOption as error:
        return simulator_command.refuse(error)
    runtime = boot(args.config, overrides=True, keys=False)  # the simulator takes any key pair
    settings = runtime.settings
    speed = settings.simulator.speed if args.speed is None else args.speed
    calendar = default_calendar()
    bus = news_bus(settings)
    trading_date = latest_regular_day(calendar)
    simulator = start_simulator(
        settings,
        calendar,
        bus,
        seed=seed,
        speed=speed,
        holdings=account.holdings,
        margin_room_won=account.margin_room_won,
        trading_date=trading_date,
        # A second demo of the day on the same database: its numbers go on from the first's.
        first_order_no=first_free_order_no(runtime.engine, trading_date),
    )
    connection = connect_simulator(settings, simulator.base_url, simulator.ws_url, bus)
    agent = AgentProcess(
        settings,
        runtime.engine,
        connection.client_config,
        connection.clock.clock,
        calendar=calendar,
        news_scores=connection.news_scores,
        news_bus=bus,
    )
    server = build_server(
        runtime, port=args.port, board=agent.board, services=agent.services, system=agent
    )
    server_thread = threading.Thread(target=server.run, name="api", daemon=True)
    try:
        server_thread.start()
        print(
            f"simulator {simulator.base_url} (seed {seed}, {speed:g}x, "
            f"day {connection.clock.trading_date})",
            flush=True,
        )
        print(
            f"trade the account by hand: stockagent broker --base-url {simulator.base_url} "
            "positions | buy CODE QTY | sell CODE QTY",
            flush=True,
        )
        api = f"http://{server.config.host}:{server.config.port}"
        print(f"API {api}/api/v1/health  (token: stockagent token show)", flush=True)
        if (STATIC_DIR / "index.html").is_file():
            print(f"Dashboard {api}/  (sign in with the token)", flush=True)
        else:
            print(f"Dashboard {api}/  (not built: make ui)", flush=True)
        agent.start()
        console = ConsoleLine(agent.board)
        summary_printed = False
        while not agent.failed.is_set():
            console.print()
            snapshot = agent.board.snapshot(SUMMARY)
            if snapshot is not None and isinstance(snapshot.data, DailySummary):
                if not summary_printed:
                    day = connection.clock.trading_date.isoformat()
                    print(render_summary(day, snapshot.data), flush=True)
                    summary_printed = True
                if args.until_close:
                    break
            time.sleep(CONSOLE_EVERY_S)
        return 1 if agent.failed.is_set() else 0
    except KeyboardInterrupt:
        return 0
    finally:
        if agent.failed.is_set():
            agent.stop()
        else:
            agent.shutdown()
        connection.close()
        bus.stop()
        simulator.stop()
        server.should_exit = True
        server_thread.join(timeout=10)
