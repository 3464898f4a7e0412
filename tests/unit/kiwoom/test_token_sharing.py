"""TokenManager with a TokenCache: adopt what another process issued before issuing anew.

Each "process" here is its own KiwoomClient and TokenCache over one directory, against one
scripted Kiwoom; the other process's lock is held on its own open file, as flock sees it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import anyio
import anyio.lowlevel
import httpx
import pytest

from agent.clock import ManualClock
from agent.kiwoom.auth import Token
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.token_cache import TokenCache
from agent.secret import Secret

from .conftest import START, AutoSleep, FakeKiwoom, make_config, ok, reply

pytestmark = pytest.mark.anyio

TOKEN_INVALID = {
    "return_code": 3,
    "return_msg": "인증에 실패했습니다[8005:Token이 유효하지 않습니다]",
}
QUOTE = ok(stk_cd="005930", stk_nm="삼성전자", cur_prc="+74800")


def other_token(value: str = "OTHER-PROCESS-TOKEN", left: timedelta = timedelta(hours=30)) -> Token:
    return Token(value=Secret(value), expires_at=START + left, issued_at=START)


class GatedTokens(httpx.AsyncBaseTransport):
    """The scripted Kiwoom, with token requests held until ``gate`` opens."""

    def __init__(self, kiwoom: FakeKiwoom) -> None:
        self.kiwoom = kiwoom
        self.gate = anyio.Event()
        self.gate.set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            await self.gate.wait()
        response = self.kiwoom.handle(request)
        await response.aread()
        return response


class FakeSleep:
    """Lock polling without waiting: every poll is a checkpoint; ``on_first`` runs once."""

    def __init__(self, on_first: Callable[[], None] = lambda: None) -> None:
        self.calls = 0
        self._on_first = on_first

    async def __call__(self, seconds: float) -> None:
        self.calls += 1
        if self.calls == 1:
            self._on_first()
        await anyio.lowlevel.checkpoint()


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def transport(kiwoom: FakeKiwoom) -> GatedTokens:
    return GatedTokens(kiwoom)


@pytest.fixture
def process(
    directory: Path, transport: GatedTokens, clock: ManualClock, auto_sleep: AutoSleep
) -> Callable[..., KiwoomClient]:
    """Start one "process": a client whose manager shares the cache in ``directory``."""

    def start(sleep: FakeSleep | None = None) -> KiwoomClient:
        config = make_config()
        http = httpx.AsyncClient(base_url=config.base_url, transport=transport)
        client = KiwoomClient(config, clock=clock, http=http, sleep=auto_sleep)
        TokenCache(directory, config, clock, sleep=sleep or FakeSleep()).attach(client.auth)
        return client

    return start


def other_cache(directory: Path, clock: ManualClock) -> TokenCache:
    """The cache as another process sees it."""
    return TokenCache(directory, make_config(), clock)


def hold_lock(cache: TokenCache) -> int:
    """Take the issue lock as another process would, on its own open file; close to release."""
    cache.lock_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(cache.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


async def test_a_refused_token_is_replaced_by_the_one_another_process_cached(
    process: Callable[..., KiwoomClient], kiwoom: FakeKiwoom, directory: Path, clock: ManualClock
) -> None:
    client = process()
    first = await client.login()
    other_cache(directory, clock).issued(other_token())  # another process issued: ours is dead
    kiwoom.script("ka10001", reply(TOKEN_INVALID), reply(QUOTE))

    info = await client.stock_info("005930")

    assert info.code == "005930"
    assert kiwoom.issued == [first.value.reveal()]
    refused, replayed = kiwoom.calls("ka10001")
    assert refused.headers["authorization"] == first.authorization
    assert replayed.headers["authorization"] == "Bearer OTHER-PROCESS-TOKEN"


async def test_a_renewal_adopts_a_newer_token_another_process_cached(
    process: Callable[..., KiwoomClient], kiwoom: FakeKiwoom, directory: Path, clock: ManualClock
) -> None:
    client = process()
    first = await client.login()
    other_cache(directory, clock).issued(other_token(left=timedelta(hours=30)))
    clock.set(first.expires_at - timedelta(seconds=200))  # inside the 300 s renew margin

    renewed = await client.login()

    assert renewed.value.reveal() == "OTHER-PROCESS-TOKEN"
    assert len(kiwoom.issued) == 1


async def test_a_token_is_issued_when_the_cache_holds_only_the_refused_one(
    process: Callable[..., KiwoomClient], kiwoom: FakeKiwoom, directory: Path, clock: ManualClock
) -> None:
    client = process()
    first = await client.login()
    await client.auth.invalidate(first)  # the server refused it
    other_cache(directory, clock).issued(first)  # a process that has not noticed puts it back

    second = await client.login()

    assert second.value.reveal() == kiwoom.issued[1]
    assert len(kiwoom.issued) == 2


async def test_a_stale_cached_token_is_not_adopted_on_renewal(
    process: Callable[..., KiwoomClient], kiwoom: FakeKiwoom, directory: Path, clock: ManualClock
) -> None:
    client = process()
    first = await client.login()
    other_cache(directory, clock).issued(other_token(left=timedelta(hours=24, seconds=100)))
    clock.set(first.expires_at - timedelta(seconds=200))  # both are inside the margin now

    renewed = await client.login()

    assert renewed.value.reveal() == kiwoom.issued[1]


async def test_a_process_waits_for_another_that_is_issuing_and_adopts_its_token(
    process: Callable[..., KiwoomClient], kiwoom: FakeKiwoom, directory: Path, clock: ManualClock
) -> None:
    cache = other_cache(directory, clock)
    lock = hold_lock(cache)  # the other process is in the middle of issuing

    def other_process_finishes() -> None:
        cache.issued(other_token())
        os.close(lock)

    sleep = FakeSleep(on_first=other_process_finishes)
    client = process(sleep)

    token = await client.login()

    assert sleep.calls >= 1
    assert token.value.reveal() == "OTHER-PROCESS-TOKEN"
    assert kiwoom.issued == []


async def test_two_processes_started_together_issue_one_token(
    process: Callable[..., KiwoomClient], kiwoom: FakeKiwoom, transport: GatedTokens
) -> None:
    transport.gate = anyio.Event()  # the first token request stays in flight until opened
    # Whichever process finds the lock taken lets the other's request complete.
    sleeps = [FakeSleep(on_first=transport.gate.set) for _ in range(2)]
    first, second = (process(sleep) for sleep in sleeps)
    tokens: dict[str, Token] = {}

    async def login(name: str, client: KiwoomClient) -> None:
        tokens[name] = await client.login()

    # A deadline: without the lock both requests would sit at the closed gate.
    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(login, "first", first)
            await anyio.lowlevel.checkpoint()
            tg.start_soon(login, "second", second)

    assert sum(sleep.calls for sleep in sleeps) >= 1  # one waited on the other's lock
    assert len(kiwoom.issued) == 1
    assert tokens["first"].value.reveal() == tokens["second"].value.reveal() == kiwoom.issued[0]


async def test_a_lock_never_released_delays_issuing_but_does_not_prevent_it(
    process: Callable[..., KiwoomClient], kiwoom: FakeKiwoom, directory: Path, clock: ManualClock
) -> None:
    lock = hold_lock(other_cache(directory, clock))
    sleep = FakeSleep()
    try:
        token = await process(sleep).login()
    finally:
        os.close(lock)

    assert sleep.calls > 1
    assert token.value.reveal() == kiwoom.issued[0]
