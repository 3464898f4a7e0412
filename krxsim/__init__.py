"""The built-in Kiwoom-compatible simulator: the broker of tests, the demo, paper development
and backtests.

It speaks Kiwoom's REST API (``/oauth2/token``, ``/oauth2/revoke``, ``POST /api/dostk/{acnt,
ordr,stkinfo,mrkcond,rkinfo,chart}`` dispatched on the ``api-id`` header) and its realtime
WebSocket (``/api/dostk/websocket``) over a seeded synthetic trading day, as described in
shared/docs/kiwoom-rest-api.md. Beside Kiwoom's paths it serves ``GET /sim/clock`` (the market
clock), ``GET /sim/orders``, ``/sim/account`` and ``/sim/specials`` (what a test judges by) and a
fake StockNews service (``GET /news/v1/scores``, breaking news on Redis
``news_breaking_kr`` or a callback).

Layout: ``market/`` the synthetic day (listings, script, price paths, VI, book, history);
``exchange/`` the pure matching engine and account (against any ``Market``); ``replay/`` a
recorded day as a ``Market`` for backtests; ``news/`` the fake StockNews; ``server/``
the Litestar app, TR handlers, realtime sessions, faults and the uvicorn runner; ``rules/``
the KRX boards, tick tables and daily limits; ``clock.py`` KST and the market clock;
``config.py`` every setting, including each value the document leaves unknown.

krxsim imports nothing of the agent (tests/unit/test_layering.py): it is the judge of the
agent's orders, so its KRX rules are its own reading of shared/docs/krx-market-rules.md, held to
agreement with the agent's by a test rather than shared with it.

Programmatic use::

    from krxsim import RunningSimulator, SimulatorConfig

    with RunningSimulator(SimulatorConfig(speed=60)) as sim:
        sim.base_url   # http://127.0.0.1:<ephemeral port>
        sim.ws_url     # ws://127.0.0.1:<port>/api/dostk/websocket

Pass ``clock=`` any object with ``now()`` (in tests the agent's ``ManualClock``) to step the
market by hand; ``sim.runtime.faults.next(api_id,
Fault(...))`` (or ``POST /sim/faults/next`` from another process) scripts a fault for the next
call. From the shell: ``stockagent simulator --port 8101 --speed 60``. The choices made where the
Kiwoom document says "unknown" are listed in krxsim/README.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from krxsim.config import FaultConfig, RateProfile, SimulatorConfig, StartingHolding
from krxsim.market.specials import Designated, Halt, LimitDown
from krxsim.market.status import Designation

if TYPE_CHECKING:
    from krxsim.server.faults import Fault, FaultKind
    from krxsim.server.runner import RunningSimulator

_SERVER = {
    "Fault": "krxsim.server.faults",
    "FaultKind": "krxsim.server.faults",
    "RunningSimulator": "krxsim.server.runner",
}
"""Imported on first use: a backtest needs the market and the exchange, not the web server."""


def __getattr__(name: str) -> Any:
    if name in _SERVER:
        import importlib

        return getattr(importlib.import_module(_SERVER[name]), name)
    raise AttributeError(f"module 'krxsim' has no attribute {name!r}")


__all__ = [
    "Designated",
    "Designation",
    "Fault",
    "FaultConfig",
    "FaultKind",
    "Halt",
    "LimitDown",
    "RateProfile",
    "RunningSimulator",
    "SimulatorConfig",
    "StartingHolding",
]
