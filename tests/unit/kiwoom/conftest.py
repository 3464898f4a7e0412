"""Fakes for the Kiwoom client tests: a scripted Kiwoom behind httpx.MockTransport, a manual
clock and a sleep that advances it instead of waiting."""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

import anyio
import anyio.lowlevel
import httpx
import pytest

from agent.clock import KST, ManualClock
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.config import ClientConfig, RateProfile
from agent.secret import Secret

APPKEY = "APPKEY-abcdef123456"
SECRETKEY = "SECRETKEY-zyxw987654"
START = datetime(2026, 3, 3, 9, 0, 0, tzinfo=KST)

Reply = httpx.Response | Callable[[httpx.Request], httpx.Response] | Exception


def reply(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> httpx.Response:
    """A Kiwoom-style JSON response."""
    return httpx.Response(
        status,
        content=json.dumps(body, ensure_ascii=False).encode(),
        headers={"content-type": "application/json;charset=UTF-8", **(headers or {})},
    )


def ok(**fields: Any) -> dict[str, Any]:
    return {**fields, "return_code": 0, "return_msg": "정상적으로 처리되었습니다"}


class FakeKiwoom:
    """Answers token calls by itself; every other api-id from a per-api-id script."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.requests: list[httpx.Request] = []
        self.scripts: dict[str, deque[Reply]] = defaultdict(deque)
        self.issued: list[str] = []
        self.revoked: list[str] = []
        self.token_type = "Bearer"
        self.expires_dt = "20260304090000"

    def script(self, api_id: str, *replies: Reply) -> None:
        self.scripts[api_id].extend(replies)

    def calls(self, api_id: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.headers.get("api-id") == api_id]

    def bodies(self, api_id: str) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.calls(api_id)]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        api_id = request.headers.get("api-id", "")
        if self.scripts[api_id]:
            item = self.scripts[api_id].popleft()
            if isinstance(item, Exception):
                raise item
            return item(request) if callable(item) else item
        if request.url.path == "/oauth2/token":
            token = f"TOKEN{len(self.issued) + 1:04d}xyzxyzxyz"
            self.issued.append(token)
            return reply(
                {
                    "expires_dt": self.expires_dt,
                    "token_type": self.token_type,
                    "token": token,
                    "return_code": 0,
                    "return_msg": "정상적으로 처리되었습니다",
                }
            )
        if request.url.path == "/oauth2/revoke":
            self.revoked.append(json.loads(request.content)["token"])
            return reply({"return_code": 0, "return_msg": "정상적으로 처리되었습니다"})
        raise AssertionError(f"unscripted call {api_id} {request.url.path}")


async def wait_for(condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Poll ``condition`` until it holds; fail after ``deadline`` seconds."""
    with anyio.fail_after(deadline):
        while not condition():  # noqa: ASYNC110 - plain state to poll, no event to wait on
            await anyio.sleep(0.001)


class AutoSleep:
    """Sleeping advances the manual clock at once; every delay is recorded."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.clock.advance(max(seconds, 0.0))
        await anyio.lowlevel.checkpoint()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def kiwoom(clock: ManualClock) -> FakeKiwoom:
    return FakeKiwoom(clock)


@pytest.fixture
def auto_sleep(clock: ManualClock) -> AutoSleep:
    return AutoSleep(clock)


def make_config(**overrides: Any) -> ClientConfig:
    fields: dict[str, Any] = {
        "appkey": Secret(APPKEY),
        "secretkey": Secret(SECRETKEY),
        "base_url": "http://kiwoom.test",
        "rate": RateProfile(per_api_id=5, query_group=5, order_group=5),
    }
    fields.update(overrides)
    return ClientConfig(**fields)


@pytest.fixture
def make_client(
    kiwoom: FakeKiwoom, clock: ManualClock, auto_sleep: AutoSleep
) -> Callable[..., KiwoomClient]:
    def build(**overrides: Any) -> KiwoomClient:
        config = make_config(**overrides)
        http = httpx.AsyncClient(
            base_url=config.base_url, transport=httpx.MockTransport(kiwoom.handle)
        )
        return KiwoomClient(config, clock=clock, http=http, sleep=auto_sleep)

    return build


@pytest.fixture
def client(make_client: Callable[..., KiwoomClient]) -> KiwoomClient:
    return make_client()
