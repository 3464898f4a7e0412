"""The real Kiwoom client against the real simulator, over HTTP and WebSocket on loopback.

One simulator serves a whole module where its tests do not interfere; its market clock is a
ManualClock the tests step by hand, and its rate limiter is off except where a test says so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

import httpx
import pytest

from agent.clock import KST, ManualClock
from agent.kiwoom import ClientConfig, KiwoomClient
from agent.kiwoom.config import RateProfile as ClientRate
from agent.secret import Secret
from krxsim import RateProfile, RunningSimulator, SimulatorConfig

DAY = date(2026, 11, 24)
APP_KEY = "contract-app-key"
SECRET_KEY = "contract-secret"
UNLIMITED = ClientRate(per_api_id=10_000, margin=0.0)


def sim_config(**overrides: Any) -> SimulatorConfig:
    """A small, fast simulated day: 300 listings, quick pushes, no rate limits."""
    base: dict[str, Any] = {
        "trading_date": DAY,
        "rate_profile": RateProfile.OFF,
        "listed_codes": 300,
        "app_key": APP_KEY,
        "app_secret": SECRET_KEY,
        "ws_ping_seconds": 0.2,
        "ws_push_seconds": 0.02,
        "ws_login_timeout_seconds": 2.0,
        "market_tick_seconds": 0.01,
    }
    base.update(overrides)
    return SimulatorConfig(**base)


def client_config(sim: RunningSimulator, **overrides: Any) -> ClientConfig:
    """A client pointed at ``sim`` with short timeouts and backoffs."""
    base: dict[str, Any] = {
        "appkey": Secret(APP_KEY),
        "secretkey": Secret(SECRET_KEY),
        "base_url": sim.base_url,
        "ws_url": sim.ws_url,
        "rate": UNLIMITED,
        "read_timeout": 2.0,
        "connect_timeout": 1.0,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "ws_backoff_max": 0.1,
        "ws_ack_timeout": 2.0,
    }
    base.update(overrides)
    return ClientConfig(**base)


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, second, tzinfo=KST)


@asynccontextmanager
async def connected(
    sim: RunningSimulator, clock: ManualClock, **overrides: Any
) -> AsyncIterator[KiwoomClient]:
    """A logged-in client; its token is revoked when the block ends."""
    async with KiwoomClient(client_config(sim, **overrides), clock=clock) as client:
        await client.login()
        yield client


@pytest.fixture(scope="module")
def market_clock() -> ManualClock:
    return ManualClock(at(9, 30))


@pytest.fixture(scope="module")
def shared_sim(market_clock: ManualClock) -> Iterator[RunningSimulator]:
    """One simulator for a module of tests that do not disturb each other."""
    with RunningSimulator(sim_config(), clock=market_clock) as sim:
        yield sim


class Wire:
    """Records the headers of every request a client sends (an httpx event hook)."""

    def __init__(self) -> None:
        self.sent: list[dict[str, str]] = []

    async def __call__(self, request: httpx.Request) -> None:
        self.sent.append(dict(request.headers))

    def api_ids(self) -> list[str]:
        return [h.get("api-id", "") for h in self.sent]


@asynccontextmanager
async def recorded(
    sim: RunningSimulator, clock: ManualClock, **overrides: Any
) -> AsyncIterator[tuple[KiwoomClient, Wire]]:
    """A logged-in client whose requests are recorded."""
    wire = Wire()
    config = client_config(sim, **overrides)
    async with httpx.AsyncClient(
        base_url=config.base_url,
        timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
        event_hooks={"request": [wire]},
    ) as http:
        client = KiwoomClient(config, clock=clock, http=http)
        async with client:
            await client.login()
            yield client, wire
