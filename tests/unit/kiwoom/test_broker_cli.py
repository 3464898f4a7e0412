from __future__ import annotations

import argparse
import json
from pathlib import Path

import httpx
import keyring
import pytest

from agent.clock import ManualClock
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.config import ClientConfig
from agent.settings.kiwoom_keys import KeyStore
from stockagent.commands import broker
from stockagent.wiring import DEMO_APPKEY, DEMO_SECRETKEY
from tests.support.keyrings import LockedKeyring, MemoryKeyring

from .conftest import APPKEY, SECRETKEY, AutoSleep, FakeKiwoom, ok, reply

ENV = {broker.APPKEY_ENV: APPKEY, broker.SECRETKEY_ENV: SECRETKEY}


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="stockagent")
    broker.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["broker", *argv])


@pytest.fixture
def fake_broker(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    kiwoom: FakeKiwoom,
    clock: ManualClock,
    auto_sleep: AutoSleep,
) -> FakeKiwoom:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    # The token cache goes to the data directory: a private one per test.
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(tmp_path))

    def factory(config: ClientConfig) -> KiwoomClient:
        http = httpx.AsyncClient(
            base_url=config.base_url, transport=httpx.MockTransport(kiwoom.handle)
        )
        return KiwoomClient(config, clock=clock, http=http, sleep=auto_sleep)

    monkeypatch.setattr(broker, "client_factory", factory)
    return kiwoom


def test_the_simulator_is_the_default_host() -> None:
    config = broker.config_from(parse("quote", "005930"), ENV)

    assert config.base_url == "http://127.0.0.1:8101"
    assert config.ws_url == "ws://127.0.0.1:8101/api/dostk/websocket"
    assert config.rate == "mock"


@pytest.mark.parametrize(
    "argv",
    [
        ("--base-url", "http://127.0.0.1:9000", "--json", "buy", "005930", "3"),
        ("buy", "005930", "3", "--base-url", "http://127.0.0.1:9000", "--json"),
    ],
)
def test_the_connection_options_go_before_or_after_the_action(argv: tuple[str, ...]) -> None:
    args = parse(*argv)

    assert broker.config_from(args, ENV).base_url == "http://127.0.0.1:9000"
    assert args.json is True
    assert (args.code, args.qty) == ("005930", 3)


def test_an_option_after_the_action_wins_over_one_before() -> None:
    args = parse(
        "--base-url", "http://127.0.0.1:1", "quote", "005930", "--base-url", "http://127.0.0.1:2"
    )

    assert broker.config_from(args, ENV).base_url == "http://127.0.0.1:2"
    assert args.json is False
    assert args.live is False


def test_the_real_host_is_refused_without_live() -> None:
    with pytest.raises(broker._UsageError, match="--live"):
        broker.config_from(parse("balance", "--base-url", "https://api.kiwoom.com"), ENV)


def test_the_real_host_with_live_uses_the_real_rate_and_websocket() -> None:
    config = broker.config_from(
        parse("balance", "--base-url", "https://api.kiwoom.com", "--live"), ENV
    )

    assert config.rate == "real"
    assert config.ws_url == "wss://api.kiwoom.com:10000/api/dostk/websocket"


@pytest.mark.parametrize("host", ["https://mockapi.kiwoom.com", "https://api.kiwoom.com"])
def test_missing_credentials_for_kiwoom_are_a_usage_error(host: str) -> None:
    args = parse("login", "--base-url", host, "--live")

    with pytest.raises(broker._UsageError, match="STOCKAGENT_KIWOOM_APPKEY"):
        broker.config_from(args, {})


def test_half_a_key_pair_is_a_usage_error_even_for_a_simulator() -> None:
    with pytest.raises(broker._UsageError, match="STOCKAGENT_KIWOOM_SECRETKEY"):
        broker.config_from(parse("login"), {"STOCKAGENT_KIWOOM_APPKEY": "mine"})


def test_a_simulator_without_credentials_gets_the_demos_key_pair() -> None:
    config = broker.config_from(parse("positions", "--base-url", "http://127.0.0.1:40123"), {})

    assert config.appkey.reveal() == DEMO_APPKEY
    assert config.secretkey.reveal() == DEMO_SECRETKEY


@pytest.mark.parametrize(
    ("argv", "scope"),
    [
        (("--base-url", "https://mockapi.kiwoom.com"), "paper"),
        (("--base-url", "https://api.kiwoom.com", "--live"), "live"),
    ],
)
def test_kiwoom_hosts_take_their_modes_keys_from_the_keyring_first(
    tmp_path: Path, os_keyring: MemoryKeyring, argv: tuple[str, ...], scope: str
) -> None:
    for key in ("appkey", "secretkey"):
        os_keyring.items[("stockagent", f"kiwoom.{scope}.{key}")] = f"{scope}-{key}-kept"
    keys = KeyStore(data_dir=tmp_path, environ=ENV)

    config = broker.config_from(parse("balance", *argv), ENV, keys)

    assert config.appkey.reveal() == f"{scope}-appkey-kept"
    assert config.secretkey.reveal() == f"{scope}-secretkey-kept"


def test_missing_kiwoom_keys_name_every_place_looked(tmp_path: Path) -> None:
    keys = KeyStore(data_dir=tmp_path, environ={})
    args = parse("login", "--base-url", "https://mockapi.kiwoom.com")

    with pytest.raises(broker._UsageError) as caught:
        broker.config_from(args, {}, keys)

    assert "keyring" in str(caught.value)
    assert str(keys.file) in str(caught.value)


def test_a_simulator_never_gets_the_keys_kept_for_kiwoom(tmp_path: Path) -> None:
    keyring.set_keyring(LockedKeyring())  # asking it would fail
    keys = KeyStore(data_dir=tmp_path, environ={})

    config = broker.config_from(parse("positions"), {}, keys)

    assert config.appkey.reveal() == DEMO_APPKEY


def test_quote_prints_json_for_scripts(
    fake_broker: FakeKiwoom, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_broker.script("ka10001", reply(ok(stk_cd="005930", stk_nm="삼성전자", cur_prc="+74800")))
    args = parse("quote", "005930", "--json")

    code = args.func(args)

    assert code == 0
    assert json.loads(capsys.readouterr().out)["price"] == 74800


def test_positions_print_a_readable_table(
    fake_broker: FakeKiwoom, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_broker.script(
        "kt00018",
        reply(
            ok(
                acnt_evlt_remn_indv_tot=[
                    {
                        "stk_cd": "A005930",
                        "stk_nm": "삼성전자",
                        "rmnd_qty": "000000000000003",
                        "pur_pric": "000000000124500",
                    }
                ]
            )
        ),
    )
    args = parse("positions")

    code = args.func(args)

    out = capsys.readouterr().out
    assert code == 0
    assert "005930" in out
    assert "124,500" in out


def test_a_broker_error_exits_non_zero_with_kiwoom_code_and_message(
    fake_broker: FakeKiwoom, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_broker.script(
        "kt10000", reply({"return_code": 20, "return_msg": "[2000](RC4058:모의투자 장종료)"})
    )
    args = parse("buy", "005930", "1", "--price", "70000")

    code = args.func(args)

    err = capsys.readouterr().err
    assert code == broker.EXIT_BROKER_ERROR
    assert "RC4058" in err
    assert "모의투자 장종료" in err
    assert APPKEY not in err


def test_an_unknown_order_outcome_has_its_own_exit_status(
    fake_broker: FakeKiwoom, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_broker.script("kt10001", httpx.ReadTimeout("no answer"))
    args = parse("sell", "005930", "1")

    code = args.func(args)

    assert code == broker.EXIT_OUTCOME_UNKNOWN
    assert len(fake_broker.calls("kt10001")) == 1
    assert fake_broker.bodies("kt10001")[0]["trde_tp"] == "3"


def test_cancel_sends_quantity_zero_for_the_whole_remainder(
    fake_broker: FakeKiwoom, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_broker.script(
        "kt10003", reply(ok(ord_no="0000141", base_orig_ord_no="0000139", cncl_qty="000000000001"))
    )
    args = parse("cancel", "0000139", "005930")

    code = args.func(args)

    assert code == 0
    assert fake_broker.bodies("kt10003")[0] == {
        "dmst_stex_tp": "KRX",
        "orig_ord_no": "0000139",
        "stk_cd": "005930",
        "cncl_qty": "0",
    }


def test_login_never_prints_the_token(
    fake_broker: FakeKiwoom, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse("login")

    code = args.func(args)

    out = capsys.readouterr().out
    assert code == 0
    assert fake_broker.issued[0] not in out
    assert "expires_at" in out
