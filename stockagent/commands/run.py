"""``stockagent run``: the agent, long-running, against the broker the settings name.

* ``--simulator URL``: a separately started ``stockagent simulator``; the agent follows its
  market clock, so the agent can be killed and restarted mid-day while the broker keeps its
  state, exactly as in production.
* mode ``paper``: Kiwoom's mock server with mock keys.
* mode ``live``: Kiwoom's real server; refused without ``--live``.
"""

from __future__ import annotations

import argparse
import logging
import threading

from agent.clock import RealClock
from agent.kiwoom.config import MOCK_BASE_URL, MOCK_WS_URL, REAL_BASE_URL, REAL_WS_URL, ClientConfig
from agent.market.calendar import default_calendar
from agent.news.client import NewsClient
from agent.settings import Mode, Settings
from stockagent.agent_process import AgentProcess
from stockagent.bootstrap import Runtime, boot
from stockagent.commands.catalog import help_of
from stockagent.power import KeepAwake
from stockagent.server import build_server
from stockagent.signals import on_stop_signals
from stockagent.wiring import connect_simulator, credentials, news_bus

log = logging.getLogger("stockagent")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser("run", help=help_of("run"))
    run.add_argument("--port", type=int, default=None, help="API port (default: api.port)")
    run.add_argument(
        "--simulator",
        metavar="URL",
        default=None,
        help="trade against a running `stockagent simulator` (e.g. http://127.0.0.1:8101)",
    )
    run.add_argument(
        "--live", action="store_true", help="required to trade real money in mode 'live'"
    )
    run.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    # Kiwoom's keys are looked up only to trade on Kiwoom: a simulator takes any pair, and the
    # keys in the keyring are not sent to one.
    runtime = boot(args.config, overrides=True, keys=not args.simulator)
    settings = runtime.settings
    if settings.mode is Mode.LIVE and not args.live:
        log.error("mode is 'live' (real money): start with `stockagent run --live` to confirm")
        return 2
    if args.simulator:
        return _against_simulator(runtime, args.simulator.rstrip("/"), args.port)
    if settings.mode in (Mode.PAPER, Mode.LIVE):
        return _against_kiwoom(runtime, args.port)
    log.error(
        "mode %s has no broker to run against: use `stockagent demo`, or "
        "`stockagent run --simulator URL` with a running `stockagent simulator`",
        settings.mode.value,
    )
    return 2


def _against_simulator(runtime: Runtime, base_url: str, port: int | None) -> int:
    settings = runtime.settings
    bus = news_bus(settings)
    ws_url = base_url.replace("http://", "ws://").replace("https://", "wss://")
    connection = connect_simulator(
        settings,
        base_url,
        f"{ws_url}/api/dostk/websocket",
        bus,
        rate=settings.kiwoom.rate_profile,
    )
    agent = AgentProcess(
        settings,
        runtime.engine,
        connection.client_config,
        connection.clock.clock,
        calendar=default_calendar(),
        news_scores=connection.news_scores,
        news_bus=bus,
    )
    try:
        return _serve(runtime, agent, port)
    finally:
        connection.close()
        bus.stop()


def _against_kiwoom(runtime: Runtime, port: int | None) -> int:
    settings = runtime.settings
    live = settings.mode is Mode.LIVE
    appkey, secretkey = credentials(settings)
    config = ClientConfig(
        appkey=appkey,
        secretkey=secretkey,
        base_url=settings.kiwoom.base_url or (REAL_BASE_URL if live else MOCK_BASE_URL),
        ws_url=settings.kiwoom.ws_url or (REAL_WS_URL if live else MOCK_WS_URL),
        rate="real"
        if (settings.kiwoom.rate_profile or ("real" if live else "mock")) == "real"
        else "mock",
        stop_order_exchange=settings.kiwoom.stop_order_exchange,
    )
    clock = RealClock()
    news = _news(settings, clock)
    bus = news_bus(settings)
    agent = AgentProcess(
        settings,
        runtime.engine,
        config,
        clock,
        calendar=default_calendar(),
        news_scores=news.scores_of if news is not None else None,
        news_bus=bus,
    )
    try:
        return _serve(runtime, agent, port)
    finally:
        bus.stop()
        if news is not None:
            news.close()


class _News:
    def __init__(self, client: NewsClient) -> None:
        self._client = client

    def scores_of(self, codes: list[str]) -> dict[str, int | None]:
        found = self._client.scores(codes)
        return {code: (s.score if s is not None else None) for code, s in found.items()}

    def close(self) -> None:
        self._client.close()


def _news(settings: Settings, clock: RealClock) -> _News | None:
    if not settings.news.stocknews_url:
        if settings.strategy.require_news:
            log.warning(
                "no [news] stocknews_url: with strategy.require_news every entry is refused"
            )
        return None
    return _News(NewsClient(settings.news, clock))


def _serve(runtime: Runtime, agent: AgentProcess, port: int | None) -> int:
    """Run the API and the agent until a signal or until the tree gives up."""
    stop = threading.Event()
    on_stop_signals(lambda _signum: stop.set())
    server = build_server(
        runtime, port=port, board=agent.board, services=agent.services, system=agent
    )
    server_thread = threading.Thread(target=server.run, name="api", daemon=True)
    server_thread.start()
    agent.start()
    # On macOS the machine is kept from sleeping while the market is open (caffeinate).
    awake = KeepAwake(agent.services.calendar, agent.services.clock)
    awake.start()
    print(
        f"StockAgent running ({runtime.settings.mode.value}); API on "
        f"http://{server.config.host}:{server.config.port}/api/v1/health",
        flush=True,
    )
    try:
        while not stop.is_set() and not agent.failed.is_set():
            awake.check()
            stop.wait(1.0)
    finally:
        awake.stop()
        if agent.failed.is_set():
            agent.stop()
        else:
            agent.shutdown()
        server.should_exit = True
        server_thread.join(timeout=10)
    return 1 if agent.failed.is_set() else 0
