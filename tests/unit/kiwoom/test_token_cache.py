"""The on-disk token cache (agent/kiwoom/token_cache.py) and the broker commands that share it."""

from __future__ import annotations

import argparse
import json
import logging
import os
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent.clock import KST, ManualClock
from agent.kiwoom.auth import Token
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.config import ClientConfig
from agent.kiwoom.token_cache import TokenCache, cache_file_name
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


def test_a_token_with_more_than_ten_minutes_left_is_reused(
    cache: TokenCache, clock: ManualClock
) -> None:
    cache.issued(token(left=timedelta(minutes=30)))
    clock.advance(19 * 60)

    loaded = cache.load()

    assert loaded is not None
    assert loaded.value.reveal() == "CACHED-TOKEN-0001"
    assert loaded.expires_at == START + timedelta(minutes=30)


def test_a_token_with_ten_minutes_or_less_left_is_not_reused(
    cache: TokenCache, clock: ManualClock
) -> None:
    cache.issued(token(left=timedelta(minutes=30)))
    clock.advance(20 * 60)

    assert cache.load() is None


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


def test_a_token_close_to_expiry_is_replaced_by_a_new_one(
    fake_broker: FakeKiwoom, data_dir: Path, clock: ManualClock
) -> None:
    fake_broker.expires_dt = (START + timedelta(minutes=15)).strftime("%Y%m%d%H%M%S")
    assert quote(fake_broker) == 0
    clock.advance(6 * 60)  # 9 minutes left

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
