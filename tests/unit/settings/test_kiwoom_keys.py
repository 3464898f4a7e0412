"""Where the Kiwoom keys come from: the OS keyring, then the environment, then the 0600 file,
then (with a warning) the config file; paper and live keys apart; failures in one line."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail, null

from agent.secret import Secret
from agent.settings import Mode, SecretsError, SettingsError, key_store, load_settings
from agent.settings.kiwoom_keys import SERVICE, KeyStore, Source
from agent.settings.secret_file import read_secrets, secrets_path
from tests.support.keyrings import LockedKeyring, MemoryKeyring

KEYRING_APPKEY = "from-the-keyring-Zq9~"
ENV_APPKEY = "from-the-env-Xw7^"
FILE_APPKEY = "from-the-file-Kv3|"
CONFIG_APPKEY = "from-the-config-Jp1`"


def _file(data_dir: Path, text: str, mode: int = 0o600) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = secrets_path(data_dir)
    path.write_text(text)
    os.chmod(path, mode)
    return path


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.name == "agent.settings.kiwoom_keys" and r.levelno == logging.WARNING
    ]


def _paper(data_dir: Path, **env: str) -> dict[str, str]:
    return {"STOCKAGENT_DATA_DIR": str(data_dir), "STOCKAGENT_MODE": "paper", **env}


def test_the_keyring_wins_over_the_environment_which_wins_over_the_file(
    tmp_path: Path, os_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[kiwoom]\nappkey = "{CONFIG_APPKEY}"\n')
    _file(tmp_path, f'[kiwoom.paper]\nappkey = "{FILE_APPKEY}"\n')
    env = _paper(tmp_path, STOCKAGENT_KIWOOM_APPKEY=ENV_APPKEY, STOCKAGENT_KIWOOM_SECRETKEY="s-1")
    os_keyring.items[(SERVICE, "kiwoom.paper.appkey")] = KEYRING_APPKEY

    def appkey() -> str:
        found = load_settings(config, environ=env).kiwoom.appkey
        assert found is not None
        return found.reveal()

    assert appkey() == KEYRING_APPKEY
    del os_keyring.items[(SERVICE, "kiwoom.paper.appkey")]
    assert appkey() == ENV_APPKEY
    del env["STOCKAGENT_KIWOOM_APPKEY"]
    assert appkey() == FILE_APPKEY
    secrets_path(tmp_path).unlink()
    assert not _warnings(caplog)
    assert appkey() == CONFIG_APPKEY
    assert len(_warnings(caplog)) == 1  # keys do not belong in the config file


def test_each_key_comes_from_its_own_strongest_place(
    tmp_path: Path, os_keyring: MemoryKeyring
) -> None:
    os_keyring.items[(SERVICE, "kiwoom.paper.appkey")] = KEYRING_APPKEY

    settings = load_settings(environ=_paper(tmp_path, STOCKAGENT_KIWOOM_SECRETKEY="s-env-123"))

    assert settings.kiwoom.appkey == Secret(KEYRING_APPKEY)
    assert settings.kiwoom.secretkey == Secret("s-env-123")
    assert KEYRING_APPKEY in settings.secrets()  # handed to the log redactor at boot


def test_paper_and_live_keys_are_kept_apart(tmp_path: Path, os_keyring: MemoryKeyring) -> None:
    os_keyring.items[(SERVICE, "kiwoom.paper.appkey")] = "paper-app-key"
    os_keyring.items[(SERVICE, "kiwoom.paper.secretkey")] = "paper-secret-key"
    _file(tmp_path, '[kiwoom.live]\nappkey = "live-app-key"\n')

    paper = load_settings(environ=_paper(tmp_path))
    with pytest.raises(SettingsError) as caught:
        load_settings(
            environ={
                "STOCKAGENT_DATA_DIR": str(tmp_path),
                "STOCKAGENT_MODE": "live",
                "STOCKAGENT_RISK_CAPITAL_WON": "1000000",
            }
        )

    assert paper.kiwoom.appkey == Secret("paper-app-key")
    assert "kiwoom.secretkey" in str(caught.value)
    assert "the secretkey is in none of" in str(caught.value)
    assert str(secrets_path(tmp_path)) in str(caught.value)


def test_without_an_os_keyring_the_lookup_skips_it(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())  # what a headless Linux has

    settings = load_settings(
        environ=_paper(
            tmp_path, STOCKAGENT_KIWOOM_APPKEY=ENV_APPKEY, STOCKAGENT_KIWOOM_SECRETKEY="s-env-1"
        )
    )

    assert settings.kiwoom.appkey == Secret(ENV_APPKEY)


def test_a_locked_keyring_stops_start_up_with_one_line_naming_it(tmp_path: Path) -> None:
    keyring.set_keyring(LockedKeyring())

    with pytest.raises(SecretsError) as caught:
        load_settings(environ=_paper(tmp_path, STOCKAGENT_KIWOOM_APPKEY=ENV_APPKEY))

    message = str(caught.value)
    assert "\n" not in message
    assert "kiwoom.paper.appkey" in message
    assert "OS keyring" in message
    assert "KeyringLocked" in message
    assert isinstance(caught.value, SettingsError)  # the command line's one-line error


@pytest.mark.parametrize("mode", ["demo", "backtest"])
def test_modes_without_kiwoom_never_ask_the_keyring(tmp_path: Path, mode: str) -> None:
    keyring.set_keyring(LockedKeyring())

    settings = load_settings(
        environ={"STOCKAGENT_DATA_DIR": str(tmp_path), "STOCKAGENT_MODE": mode}
    )

    assert settings.kiwoom.appkey is None


def test_commands_that_need_no_keys_load_settings_without_them(tmp_path: Path) -> None:
    keyring.set_keyring(LockedKeyring())  # e.g. `stockagent ctl status` over ssh
    env = {
        "STOCKAGENT_DATA_DIR": str(tmp_path),
        "STOCKAGENT_MODE": "live",
        "STOCKAGENT_RISK_CAPITAL_WON": "1000000",
    }

    settings = load_settings(environ=env, keys=False)
    same, store = key_store(environ=env)

    assert settings.mode is Mode.LIVE
    assert same == settings
    assert store.file == secrets_path(tmp_path)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644])
def test_a_secrets_file_other_users_can_open_is_refused(tmp_path: Path, mode: int) -> None:
    path = _file(tmp_path, f'[kiwoom.paper]\nappkey = "{FILE_APPKEY}"\n', mode)

    with pytest.raises(SecretsError) as caught:
        load_settings(environ=_paper(tmp_path))

    message = str(caught.value)
    assert str(path) in message
    assert f"chmod 600 {path}" in message
    assert FILE_APPKEY not in message


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_a_private_secrets_file_is_read(tmp_path: Path, mode: int) -> None:
    _file(tmp_path, '[kiwoom.paper]\nappkey = "file-app"\nsecretkey = "file-secret"\n', mode)

    settings = load_settings(environ=_paper(tmp_path))

    assert settings.kiwoom.secretkey == Secret("file-secret")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[kiwoom.demo]\nappkey = "x-key-123"\n', "kiwoom.demo"),
        ('[kiwoom.paper]\napp_key = "x-key-123"\n', "kiwoom.paper.app_key"),
        ("[kiwoom.paper]\nappkey = 12345678\n", "kiwoom.paper.appkey must be a string"),
        ('[kiwoom.paper]\nappkey = "two words"\n', "kiwoom.paper.appkey has spaces"),
        ('token = "x-key-123"\n', "unknown key token"),
        ('kiwoom.paper = "x-key-123"\n', "kiwoom.paper must be a table"),
        ('[kiwoom.paper]\nAbCdEfGhIjKlMnOpQrStUvWxYz0123 = "x"\n', "a name of 30 characters"),
    ],
)
def test_a_wrong_secrets_file_is_refused_naming_the_key(
    tmp_path: Path, text: str, named: str
) -> None:
    path = _file(tmp_path, text)

    with pytest.raises(SecretsError) as caught:
        read_secrets(path)

    assert named in str(caught.value)
    assert "two words" not in str(caught.value)
    assert "AbCdEfGh" not in str(caught.value)  # a long name may be a key pasted as one


def test_the_secrets_file_is_written_0600_keeping_what_else_it_holds(tmp_path: Path) -> None:
    store = KeyStore(data_dir=tmp_path / "data", environ={})
    old = os.umask(0o022)
    try:
        store.save_to_file("appkey", "paper", Secret("paper-app-1"))
        store.save_to_file("appkey", "live", Secret("live-app-1"))
        store.save_to_file("appkey", "paper", Secret("paper-app-2"))
    finally:
        os.umask(old)

    assert store.file.stat().st_mode & 0o777 == 0o600
    assert read_secrets(store.file) == {
        "paper": {"appkey": "paper-app-2"},
        "live": {"appkey": "live-app-1"},
    }
    assert store.remove_from_file("appkey", "live")
    assert not store.remove_from_file("appkey", "live")
    assert store.remove_from_file("appkey", "paper")
    assert not store.file.exists()  # nothing left, no file


def test_storing_without_an_os_keyring_says_where_else_to_keep_the_key(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    store = KeyStore(data_dir=tmp_path, environ={})

    with pytest.raises(SecretsError) as caught:
        store.save("secretkey", "live", Secret("live-secret-1"))

    message = str(caught.value)
    assert "secrets set secretkey --mode live --file" in message
    assert "STOCKAGENT_KIWOOM_SECRETKEY" in message
    assert "live-secret-1" not in message


def test_a_keyring_that_forgets_what_it_was_given_is_no_keyring(tmp_path: Path) -> None:
    keyring.set_keyring(null.Keyring())
    store = KeyStore(data_dir=tmp_path, environ={})

    with pytest.raises(SecretsError, match="no OS keyring"):
        store.save("appkey", "paper", Secret("paper-app-1"))


def test_holders_lists_every_place_and_what_could_not_be_read(
    tmp_path: Path, os_keyring: MemoryKeyring
) -> None:
    os_keyring.items[(SERVICE, "kiwoom.paper.appkey")] = KEYRING_APPKEY
    _file(tmp_path, f'[kiwoom.paper]\nappkey = "{FILE_APPKEY}"\n', 0o644)
    store = KeyStore(
        data_dir=tmp_path,
        environ={"STOCKAGENT_KIWOOM_APPKEY": ENV_APPKEY},
        configured={"appkey": Secret(CONFIG_APPKEY)},
    )

    found, problems = store.holders("appkey", "paper")

    assert [one.source for one in found] == [Source.KEYRING, Source.ENV, Source.CONFIG]
    assert len(problems) == 1
    assert "chmod 600" in problems[0]
