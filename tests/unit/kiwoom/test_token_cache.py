"""The on-disk token cache (agent/kiwoom/token_cache.py) and the broker commands that share it."""

from __future__ import annotations

import argparse
import fcntl
import json
import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from agent.clock import KST, ManualClock
from agent.kiwoom.auth import Token
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.token_cache import (
    TokenCache,
    cache_file_name,
    canonical_host,
    legacy_cache_file_name,
)
from agent.secret import Secret
from stockagent.commands import broker

from .conftest import APPKEY, SECRETKEY, START, AutoSleep, FakeKiwoom, make_config, ok, reply

TOKEN_INVALID = {
    "return_code": 3,
    "return_msg": "인증에 실패했습니다[8005:Token이 유효하지 않습니다]",
}


def token(value: str = "CACHED-TOKEN-0001", left: timedelta = timedelta(hours=20)) -> Token:
    return Token(value=Secret(value), expires_at=START + left, issued_at=START)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def write_private(path: Path, body: dict[str, str]) -> None:
    """A cache file as another process (or an earlier version) would have left it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(json.dumps(body))


@contextmanager
def held_lock(path: Path) -> Iterator[None]:
    """Hold the issue lock the way another process would (its own open file)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@pytest.fixture
def cache(tmp_path: Path, clock: ManualClock) -> TokenCache:
    return TokenCache(tmp_path / "data", make_config(), clock)


def test_a_kept_token_is_written_0600_in_a_private_directory(cache: TokenCache) -> None:
    cache.issued(token())

    assert mode_of(cache.path) == 0o600
    assert mode_of(cache.path.parent) == 0o700
    assert json.loads(cache.path.read_text()) == {
        "token": "CACHED-TOKEN-0001",
        "expires_dt": (START + timedelta(hours=20)).astimezone(KST).strftime("%Y%m%d%H%M%S"),
    }
    assert [p.name for p in cache.path.parent.iterdir()] == [cache.path.name]


def test_the_file_is_created_0600_and_exclusive_whatever_the_umask(
    cache: TokenCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    created: list[tuple[int, int]] = []
    real_open = os.open

    def recording_open(path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
        if flags & os.O_CREAT:
            created.append((flags, mode))
        return real_open(path, flags, mode, **kw)

    monkeypatch.setattr(os, "open", recording_open)
    old_umask = os.umask(0)
    try:
        cache.issued(token())
    finally:
        os.umask(old_umask)

    assert created
    assert all(mode == 0o600 and flags & os.O_EXCL for flags, mode in created)
    assert mode_of(cache.path) == 0o600


def test_the_file_name_hashes_host_and_app_key_without_showing_either() -> None:
    sim = cache_file_name(make_config(base_url="http://127.0.0.1:8101"))
    mock = cache_file_name(make_config(base_url="https://mockapi.kiwoom.com"))
    other_key = cache_file_name(make_config(appkey=Secret("ANOTHER-KEY")))

    assert sim.startswith("kiwoom-token-")
    assert sim.endswith(".json")
    assert len({sim, mock, other_key}) == 3
    assert APPKEY not in sim


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("http://localhost:18105", "http://127.0.0.1:18105"),
        ("http://127.0.0.1:18105/", "http://127.0.0.1:18105"),
        ("http://[::1]:18105", "http://127.0.0.1:18105"),
        ("HTTP://LocalHost:18105/", "http://127.0.0.1:18105"),
        ("http://localhost", "http://127.0.0.1:80"),
        ("https://api.kiwoom.com", "https://api.kiwoom.com:443/"),
        ("https://API.Kiwoom.com/", "https://api.kiwoom.com"),
        (" https://mockapi.kiwoom.com/api/ ", "https://mockapi.kiwoom.com"),
    ],
)
def test_spellings_of_one_server_share_one_file(typed: str, same_as: str) -> None:
    assert cache_file_name(make_config(base_url=typed)) == cache_file_name(
        make_config(base_url=same_as)
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("http://127.0.0.1:18105", "http://127.0.0.1:18106"),
        ("http://127.0.0.1:8101", "https://127.0.0.1:8101"),
        ("https://api.kiwoom.com", "https://mockapi.kiwoom.com"),
        ("http://10.0.0.5:8101", "http://127.0.0.1:8101"),
    ],
)
def test_different_servers_get_different_files(one: str, other: str) -> None:
    assert cache_file_name(make_config(base_url=one)) != cache_file_name(
        make_config(base_url=other)
    )


def test_the_canonical_host_spells_out_scheme_host_and_port() -> None:
    assert canonical_host("https://API.kiwoom.com/") == "https://api.kiwoom.com:443"
    assert canonical_host("http://localhost:8101/x") == "http://127.0.0.1:8101"
    assert canonical_host("http://[::1]:8101") == "http://127.0.0.1:8101"
    assert canonical_host("http://[fe80::1]:8101") == "http://[fe80::1]:8101"


def test_the_simulators_default_url_keeps_its_old_file_name() -> None:
    config = make_config(base_url="http://127.0.0.1:8101")

    assert cache_file_name(config) == legacy_cache_file_name(config)


def test_a_file_named_the_old_way_is_read_until_a_token_is_written_under_the_new_name(
    tmp_path: Path, clock: ManualClock
) -> None:
    config = make_config(base_url="https://mockapi.kiwoom.com/")
    cache = TokenCache(tmp_path, config, clock)
    legacy = tmp_path / legacy_cache_file_name(config)
    assert legacy != cache.path
    write_private(legacy, {"token": "OLD-NAME-TOKEN", "expires_dt": "20260304090000"})

    loaded = cache.load()
    cache.issued(token("NEW-NAME-TOKEN"))

    assert loaded is not None
    assert loaded.value.reveal() == "OLD-NAME-TOKEN"
    assert not legacy.exists()
    assert json.loads(cache.path.read_text())["token"] == "NEW-NAME-TOKEN"


def test_a_dropped_token_is_deleted_from_a_file_named_the_old_way_too(
    tmp_path: Path, clock: ManualClock
) -> None:
    config = make_config(base_url="https://mockapi.kiwoom.com/")
    cache = TokenCache(tmp_path, config, clock)
    legacy = tmp_path / legacy_cache_file_name(config)
    write_private(legacy, {"token": "OLD-NAME-TOKEN", "expires_dt": "20260304090000"})

    cache.dropped(token("OLD-NAME-TOKEN"))

    assert not legacy.exists()


def test_a_cached_token_is_reused_until_it_is_renew_due(
    cache: TokenCache, clock: ManualClock
) -> None:
    cache.issued(token(left=timedelta(minutes=30)))
    clock.advance(25 * 60 - 1)  # the renew margin (300 s) and one second left

    loaded = cache.load()

    assert loaded is not None
    assert loaded.value.reveal() == "CACHED-TOKEN-0001"
    assert loaded.expires_at == START + timedelta(minutes=30)


def test_a_cached_token_within_the_renew_margin_is_not_reused(
    cache: TokenCache, clock: ManualClock
) -> None:
    cache.issued(token(left=timedelta(minutes=30)))
    clock.advance(25 * 60)

    assert cache.load() is None


def test_the_reuse_threshold_is_the_configured_renew_margin(
    tmp_path: Path, clock: ManualClock
) -> None:
    cache = TokenCache(tmp_path, make_config(renew_margin=60), clock)
    cache.issued(token(left=timedelta(minutes=3)))

    clock.advance(119)
    kept = cache.load()
    clock.advance(1)
    stale = cache.load()

    assert kept is not None
    assert stale is None


def test_a_command_reuses_any_token_the_agent_would_still_use(
    tmp_path: Path, clock: ManualClock
) -> None:
    # The agent keeps its token until renew_margin before expiry: a command must not issue
    # (and log the agent out) at any moment before that.
    config = make_config()
    cache = TokenCache(tmp_path, config, clock)
    expires_at = START + timedelta(minutes=30)
    cache.issued(token(left=timedelta(minutes=30)))

    for seconds_left in range(30 * 60, 0, -30):
        clock.set(expires_at - timedelta(seconds=seconds_left))
        agent_keeps = seconds_left > config.renew_margin
        assert (cache.load() is not None) == agent_keeps, seconds_left


def test_expires_dt_is_read_as_korea_time(tmp_path: Path) -> None:
    # 2026-11-25 09:30:00 KST is 00:30 UTC; read as UTC it would look nine hours longer.
    clock = ManualClock(datetime(2026, 11, 25, 0, 20, tzinfo=UTC))
    cache = TokenCache(tmp_path, make_config(), clock)
    write_private(cache.path, {"token": "KST-TOKEN", "expires_dt": "20261125093000"})

    early = cache.load()
    clock.set(datetime(2026, 11, 25, 0, 26, tzinfo=UTC))
    late = cache.load()

    assert early is not None
    assert early.expires_at == datetime(2026, 11, 25, 0, 30, tzinfo=UTC)
    assert late is None


def test_expires_dt_is_written_in_korea_time_whatever_the_tokens_zone(cache: TokenCache) -> None:
    utc_expiry = datetime(2026, 11, 25, 0, 30, tzinfo=UTC)

    cache.issued(Token(value=Secret("UTC-TOKEN"), expires_at=utc_expiry, issued_at=START))

    assert json.loads(cache.path.read_text())["expires_dt"] == "20261125093000"


def test_a_refused_token_is_not_loaded(cache: TokenCache) -> None:
    cache.issued(token("REFUSED-TOKEN"))

    assert cache.load(refused={"REFUSED-TOKEN"}) is None
    assert cache.load(refused={"SOME-OTHER"}) is not None


def test_a_cache_file_others_can_read_is_ignored(cache: TokenCache) -> None:
    cache.issued(token())
    cache.path.chmod(0o644)

    assert cache.load() is None


def test_a_cache_file_that_is_a_symlink_is_ignored(cache: TokenCache, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"token": "PLANTED", "expires_dt": "20991231000000"}))
    elsewhere.chmod(0o600)
    cache.path.parent.mkdir(mode=0o700)
    cache.path.symlink_to(elsewhere)

    assert cache.load() is None


def test_an_unreadable_cache_file_is_ignored(cache: TokenCache) -> None:
    cache.issued(token())
    cache.path.write_text("not json")

    assert cache.load() is None


def test_a_dropped_token_is_deleted_only_if_the_file_still_holds_it(cache: TokenCache) -> None:
    cache.issued(token("NEWER-TOKEN"))

    cache.dropped(token("OLDER-TOKEN"))
    assert cache.path.exists()

    cache.dropped(token("NEWER-TOKEN"))
    assert not cache.path.exists()


def test_a_token_is_not_dropped_while_another_process_holds_the_issue_lock(
    cache: TokenCache,
) -> None:
    cache.issued(token("ABOUT-TO-BE-REPLACED"))
    with held_lock(cache.lock_path):
        cache.dropped(token("ABOUT-TO-BE-REPLACED"))

    assert cache.path.exists()


def test_the_lock_file_is_private_and_empty(cache: TokenCache) -> None:
    async def take() -> None:
        async with cache.issuing():
            pass

    anyio.run(take)

    assert mode_of(cache.lock_path) == 0o600
    assert cache.lock_path.read_bytes() == b""


# The broker commands, on a scripted Kiwoom.


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="stockagent")
    broker.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["broker", *argv])


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "stockagent"


@pytest.fixture
def fake_broker(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    kiwoom: FakeKiwoom,
    clock: ManualClock,
    auto_sleep: AutoSleep,
) -> FakeKiwoom:
    monkeypatch.setenv(broker.APPKEY_ENV, APPKEY)
    monkeypatch.setenv(broker.SECRETKEY_ENV, SECRETKEY)
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(data_dir))

    def factory(config: ClientConfig) -> KiwoomClient:
        http = httpx.AsyncClient(
            base_url=config.base_url, transport=httpx.MockTransport(kiwoom.handle)
        )
        return KiwoomClient(config, clock=clock, http=http, sleep=auto_sleep)

    monkeypatch.setattr(broker, "client_factory", factory)
    return kiwoom


def quote(fake: FakeKiwoom) -> int:
    fake.script("ka10001", reply(ok(stk_cd="005930", stk_nm="삼성전자", cur_prc="+74800")))
    args = parse("quote", "005930")
    code: int = args.func(args)
    return code


def cache_files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob("kiwoom-token-*.json"))


def test_successive_commands_share_one_token_and_never_revoke_it(
    fake_broker: FakeKiwoom, data_dir: Path
) -> None:
    assert quote(fake_broker) == 0
    assert quote(fake_broker) == 0

    assert len(fake_broker.issued) == 1
    assert fake_broker.revoked == []
    sent = [r.headers["authorization"] for r in fake_broker.calls("ka10001")]
    assert sent == [f"Bearer {fake_broker.issued[0]}"] * 2
    (path,) = cache_files(data_dir)
    assert mode_of(path) == 0o600


def test_a_command_reuses_a_token_with_more_than_the_renew_margin_left(
    fake_broker: FakeKiwoom, data_dir: Path, clock: ManualClock
) -> None:
    fake_broker.expires_dt = (START + timedelta(minutes=15)).strftime("%Y%m%d%H%M%S")
    assert quote(fake_broker) == 0
    clock.advance(8 * 60)  # 7 minutes left: the agent (renew_margin 300 s) still uses it

    assert quote(fake_broker) == 0

    assert len(fake_broker.issued) == 1
    assert fake_broker.calls("ka10001")[1].headers["authorization"].endswith(fake_broker.issued[0])


def test_a_token_close_to_expiry_is_replaced_by_a_new_one(
    fake_broker: FakeKiwoom, data_dir: Path, clock: ManualClock
) -> None:
    fake_broker.expires_dt = (START + timedelta(minutes=15)).strftime("%Y%m%d%H%M%S")
    assert quote(fake_broker) == 0
    clock.advance(11 * 60)  # 4 minutes left: inside the renew margin

    assert quote(fake_broker) == 0

    assert len(fake_broker.issued) == 2
    assert fake_broker.calls("ka10001")[1].headers["authorization"].endswith(fake_broker.issued[1])
    (path,) = cache_files(data_dir)
    assert json.loads(path.read_text())["token"] == fake_broker.issued[1]


def test_a_refused_cached_token_is_dropped_reissued_once_and_the_call_replayed(
    fake_broker: FakeKiwoom, data_dir: Path
) -> None:
    assert quote(fake_broker) == 0
    fake_broker.script("ka10001", reply(TOKEN_INVALID))

    assert quote(fake_broker) == 0

    assert len(fake_broker.issued) == 2
    refused, replayed = fake_broker.calls("ka10001")[1:]
    assert refused.headers["authorization"].endswith(fake_broker.issued[0])
    assert replayed.headers["authorization"].endswith(fake_broker.issued[1])
    (path,) = cache_files(data_dir)
    assert json.loads(path.read_text())["token"] == fake_broker.issued[1]


def test_a_token_refused_again_after_the_renewal_is_an_error(fake_broker: FakeKiwoom) -> None:
    fake_broker.script("ka10001", reply(TOKEN_INVALID), reply(TOKEN_INVALID))
    args = parse("quote", "005930")

    code = args.func(args)

    assert code == broker.EXIT_BROKER_ERROR
    assert len(fake_broker.issued) == 2  # one renewal, never a loop


def test_the_token_is_never_printed_or_logged(
    fake_broker: FakeKiwoom,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert quote(fake_broker) == 0
    fake_broker.script("ka10001", reply(TOKEN_INVALID))
    assert quote(fake_broker) == 0
    args = parse("login")
    assert args.func(args) == 0

    captured = capsys.readouterr()
    seen = captured.out + captured.err + "\n".join(r.getMessage() for r in caplog.records)
    assert fake_broker.issued
    for value in fake_broker.issued:
        assert value not in seen
