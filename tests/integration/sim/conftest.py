"""A simulator on an ephemeral loopback port, stepped by a ManualClock, and a raw HTTP client
written from the Kiwoom document (headers, bodies), not from agent/kiwoom."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import httpx
import pytest

from agent.clock import KST, ManualClock
from krxsim.config import RateProfile, SimulatorConfig
from krxsim.server.runner import RunningSimulator

DAY = date(2026, 11, 24)
APP_KEY = "sim-app-key"
SECRET = "sim-secret"


def config(**overrides: Any) -> SimulatorConfig:
    base: dict[str, Any] = {
        "trading_date": DAY,
        "rate_profile": RateProfile.OFF,
        "listed_codes": 300,
        "app_key": APP_KEY,
        "app_secret": SECRET,
        "ws_ping_seconds": 0.3,
        "ws_push_seconds": 0.02,
        "ws_login_timeout_seconds": 0.5,
        "market_tick_seconds": 0.01,
    }
    base.update(overrides)
    return SimulatorConfig(**base)


class Kiwoom:
    """Raw requests in Kiwoom's wire format."""

    def __init__(self, sim: RunningSimulator) -> None:
        self.sim = sim
        self.http = httpx.Client(base_url=sim.base_url, timeout=10)
        self.token = ""

    def issue(self, appkey: str = APP_KEY, secretkey: str = SECRET) -> httpx.Response:
        return self.http.post(
            "/oauth2/token",
            json={"grant_type": "client_credentials", "appkey": appkey, "secretkey": secretkey},
            headers={"Content-Type": "application/json;charset=UTF-8"},
        )

    def login(self) -> str:
        self.token = self.issue().json()["token"]
        return self.token

    def call(
        self, category: str, api_id: str | None, body: dict[str, Any], **headers: str
    ) -> httpx.Response:
        sent = {
            "Content-Type": "application/json;charset=UTF-8",
            "authorization": f"Bearer {self.token}",
        }
        if api_id is not None:
            sent["api-id"] = api_id
        sent.update({k.replace("_", "-"): v for k, v in headers.items()})
        return self.http.post(f"/api/dostk/{category}", json=body, headers=sent)

    def buy(self, code: str, qty: int, price: str = "", trde_tp: str = "3") -> httpx.Response:
        body = {
            "dmst_stex_tp": "KRX",
            "stk_cd": code,
            "ord_qty": str(qty),
            "ord_uv": price,
            "trde_tp": trde_tp,
            "cond_uv": "",
        }
        return self.call("ordr", "kt10000", body)

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 24, 9, 30, tzinfo=KST))


@pytest.fixture
def sim(clock: ManualClock) -> Iterator[RunningSimulator]:
    with RunningSimulator(config(), clock=clock) as running:
        yield running


@pytest.fixture
def kiwoom(sim: RunningSimulator) -> Iterator[Kiwoom]:
    client = Kiwoom(sim)
    client.login()
    yield client
    client.close()


@pytest.fixture(scope="module")
def shared_kiwoom() -> Iterator[Kiwoom]:
    """One simulator for a module of read-only tests (market data), at 09:30."""
    clock = ManualClock(datetime(2026, 11, 24, 9, 30, tzinfo=KST))
    with RunningSimulator(config(), clock=clock) as running:
        client = Kiwoom(running)
        client.login()
        yield client
        client.close()
