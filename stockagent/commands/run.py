"""``stockagent run`` and ``stockagent demo``: start the agent and its API."""

from __future__ import annotations

import argparse
import logging

from stockagent.bootstrap import boot
from stockagent.server import build_server

log = logging.getLogger("stockagent")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser("run", help="run the agent against the broker the settings name")
    run.add_argument("--port", type=int, default=None, help="API port (default: api.port)")
    run.add_argument(
        "--live", action="store_true", help="required to trade real money in mode 'live'"
    )
    run.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    runtime = boot(args.config)
    if runtime.settings.mode.value == "live" and not args.live:
        log.error("mode is 'live' (real money): start with `stockagent run --live` to confirm")
        return 2
    server = build_server(runtime, port=args.port)
    url = f"http://{server.config.host}:{server.config.port}"
    print(f"StockAgent API on {url}/api/v1/health  (Ctrl-C stops)", flush=True)
    server.run()
    return 0 if server.started else 1
