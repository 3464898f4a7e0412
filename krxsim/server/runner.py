"""Run the simulator: in a background thread for tests and the demo, or in the foreground."""

from __future__ import annotations

import threading
import time
from types import TracebackType

import uvicorn

from krxsim.clock import AcceleratedClock, Clock
from krxsim.config import SimulatorConfig
from krxsim.news.publisher import NewsPublisher
from krxsim.server.app import asgi_app
from krxsim.server.runtime import SimRuntime


def make_clock(config: SimulatorConfig) -> AcceleratedClock:
    """Return the market clock: starts at the configured day and time, runs ``speed`` times."""
    return AcceleratedClock(config.start_at(), config.speed)


class RunningSimulator:
    """A simulator served by uvicorn on a background thread.

    Use as a context manager::

        with RunningSimulator(SimulatorConfig(speed=60)) as sim:
            httpx.post(sim.base_url + "/oauth2/token", json=...)
    """

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        *,
        clock: Clock | None = None,
        publisher: NewsPublisher | None = None,
    ) -> None:
        self.config = config or SimulatorConfig()
        self.clock = clock or make_clock(self.config)
        self.runtime = SimRuntime(self.config, self.clock, publisher)
        self._server = uvicorn.Server(
            uvicorn.Config(
                asgi_app(self.runtime),
                host=self.config.host,
                port=self.config.port,
                log_level="warning",
                lifespan="on",
                ws="websockets-sansio",
                timeout_graceful_shutdown=2,
            )
        )
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://{self.config.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.config.host}:{self.port}/api/dostk/websocket"

    def start(self, timeout: float = 10.0) -> RunningSimulator:
        """Start serving; return once the port is bound."""
        self._thread = threading.Thread(target=self._server.run, name="kiwoom-sim", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("simulator failed to start")
            time.sleep(0.01)
        socket = self._server.servers[0].sockets[0]
        self.port = int(socket.getsockname()[1])
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to exit and wait for it."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> RunningSimulator:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(config: SimulatorConfig) -> None:
    """Serve in the foreground until interrupted (the CLI)."""
    runtime = SimRuntime(config, make_clock(config))
    uvicorn.run(
        asgi_app(runtime),
        host=config.host,
        port=config.port,
        log_level="info",
        ws="websockets-sansio",
    )
