"""``stockagent secrets``: keys go into the keyring (or the 0600 file) from a hidden prompt or a
pipe, never from argv, and no part of a value is ever printed or logged."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from agent.settings.kiwoom_keys import SERVICE
from agent.settings.secret_file import read_secrets, secrets_path
from stockagent.cli import main
from stockagent.commands import secrets as secrets_command
from tests.support.keyrings import KEYRING_FILE_ENV, LockedKeyring, MemoryKeyring

ROOT = Path(__file__).resolve().parents[3]
APPKEY = "Zq9Wt4Lm8Rk2Hx6~^"
SECRETKEY = "Pv3Jn7Bc5Yf1Gd0`|"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    for name in (
        "STOCKAGENT_CONFIG",
        "STOCKAGENT_MODE",
        "STOCKAGENT_KIWOOM_APPKEY",
        "STOCKAGENT_KIWOOM_SECRETKEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(path))
    monkeypatch.setenv("STOCKAGENT_LOGGING_CONSOLE", "false")
    return path


def _pipe(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def _shows_nothing_of(text: str, *values: str) -> bool:
    """No value, nor its first or last three characters (a "fingerprint"), is in ``text``."""
    return not any(part in text for v in values for part in (v, v[:3], v[-3:], v[-2:]))


def test_set_reads_a_piped_key_into_the_keyring_and_prints_nothing_of_it(
    data_dir: Path,
    os_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _pipe(monkeypatch, APPKEY + "\n")

    assert main(["secrets", "set", "appkey", "--mode", "paper"]) == 0

    assert os_keyring.items[(SERVICE, "kiwoom.paper.appkey")] == APPKEY
    out, err = capsys.readouterr()
    assert "keyring" in out
    assert _shows_nothing_of(out + err, APPKEY)


def test_set_asks_on_a_hidden_prompt_at_a_terminal(
    data_dir: Path, os_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(secrets_command, "prompt", lambda text: asked.append(text) or SECRETKEY)
    monkeypatch.setenv("STOCKAGENT_MODE", "live")
    monkeypatch.setenv("STOCKAGENT_RISK_CAPITAL_WON", "1000000")

    assert main(["secrets", "set", "secretkey"]) == 0  # the scope: the settings' mode

    assert os_keyring.items[(SERVICE, "kiwoom.live.secretkey")] == SECRETKEY
    assert len(asked) == 1
    assert "live secretkey" in asked[0]


def test_a_key_is_never_taken_from_the_command_line(
    data_dir: Path, os_keyring: MemoryKeyring
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["secrets", "set", "appkey", APPKEY, "--mode", "paper"])

    assert caught.value.code == 2
    assert os_keyring.items == {}


@pytest.mark.parametrize("text", ["", "\n", "two\nlines", "with space"])
def test_set_refuses_what_is_not_a_key_and_stores_nothing(
    data_dir: Path,
    os_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
) -> None:
    _pipe(monkeypatch, text)

    assert main(["secrets", "set", "appkey", "--mode", "paper"]) == 2

    assert os_keyring.items == {}
    assert "nothing stored" in capsys.readouterr().err


def test_set_needs_a_scope_when_the_mode_has_no_kiwoom(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _pipe(monkeypatch, APPKEY)

    assert main(["secrets", "set", "appkey"]) == 2  # mode demo

    assert "--mode paper" in capsys.readouterr().err


def test_without_a_keyring_set_points_to_the_file_which_then_holds_the_key_0600(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    _pipe(monkeypatch, APPKEY)

    assert main(["secrets", "set", "appkey", "--mode", "paper"]) == 2
    refused = capsys.readouterr().err
    _pipe(monkeypatch, APPKEY)
    assert main(["secrets", "set", "appkey", "--mode", "paper", "--file"]) == 0

    assert "--file" in refused
    assert "STOCKAGENT_KIWOOM_APPKEY" in refused
    path = secrets_path(data_dir)
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_secrets(path) == {"paper": {"appkey": APPKEY}}
    assert _shows_nothing_of(refused + capsys.readouterr().out, APPKEY)


def test_delete_removes_the_key_and_says_where_it_now_comes_from(
    data_dir: Path,
    os_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    os_keyring.items[(SERVICE, "kiwoom.paper.appkey")] = APPKEY
    monkeypatch.setenv("STOCKAGENT_KIWOOM_APPKEY", "Qv8envKeyWq")

    assert main(["secrets", "delete", "appkey", "--mode", "paper"]) == 0
    first = capsys.readouterr().out
    assert main(["secrets", "delete", "appkey", "--mode", "paper"]) == 1

    assert os_keyring.items == {}
    assert "STOCKAGENT_KIWOOM_APPKEY" in first
    assert "not in the OS keyring" in capsys.readouterr().err


def test_status_says_where_each_key_is_and_nothing_of_it(
    data_dir: Path,
    os_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    os_keyring.items[(SERVICE, "kiwoom.paper.appkey")] = APPKEY
    monkeypatch.setenv("STOCKAGENT_KIWOOM_APPKEY", "Qv8envKeyWq")
    data_dir.mkdir()
    path = secrets_path(data_dir)
    path.write_text(f'[kiwoom.live]\nsecretkey = "{SECRETKEY}"\n')
    os.chmod(path, 0o600)

    assert main(["secrets", "status", "--json"]) == 0
    out = capsys.readouterr().out
    assert main(["secrets", "status"]) == 0
    text = capsys.readouterr().out

    report = json.loads(out)
    sources = {(row["scope"], row["key"]): (row["source"], row["also"]) for row in report["keys"]}
    assert sources == {
        ("paper", "appkey"): ("keyring", ["env"]),
        ("paper", "secretkey"): ("missing", []),
        ("live", "appkey"): ("env", []),
        ("live", "secretkey"): ("file", []),
    }
    assert report["file"] == str(path)
    assert report["problems"] == []
    assert "kiwoom.paper.appkey" in text
    assert _shows_nothing_of(out + text, APPKEY, SECRETKEY, "Qv8envKeyWq")


def test_status_reports_a_locked_keyring_and_an_open_file_without_failing_over(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(LockedKeyring())
    data_dir.mkdir()
    path = secrets_path(data_dir)
    path.write_text(f'[kiwoom.live]\nsecretkey = "{SECRETKEY}"\n')
    os.chmod(path, 0o644)

    assert main(["secrets", "status"]) == 1

    err = capsys.readouterr().err
    assert "KeyringLocked" in err
    assert f"chmod 600 {path}" in err
    assert "Traceback" not in err


def test_start_up_with_a_locked_keyring_is_one_line_not_a_traceback(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(LockedKeyring())
    monkeypatch.setenv("STOCKAGENT_MODE", "paper")

    assert main(["db", "current"]) == 0  # needs no keys: never asks the keyring
    capsys.readouterr()
    assert main(["config", "show"]) == 2

    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "kiwoom.paper.appkey" in err
    assert "Traceback" not in err


def test_no_value_reaches_any_log_record(
    data_dir: Path,
    os_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    config = data_dir.parent / "config.toml"
    config.write_text(f'[kiwoom]\nsecretkey = "{SECRETKEY}"\n')  # warned about, still used
    monkeypatch.setenv("STOCKAGENT_MODE", "paper")
    _pipe(monkeypatch, APPKEY)
    assert main(["secrets", "set", "appkey"]) == 0
    assert main(["--config", str(config), "secrets", "status"]) == 0
    assert main(["--config", str(config), "config", "show"]) == 0
    assert main(["secrets", "delete", "appkey"]) == 0

    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.__dict__!r}" for r in caplog.records)
    assert caplog.records  # the lookups were logged (debug), the config file warned about
    assert _shows_nothing_of(logged, APPKEY, SECRETKEY)


def test_a_piped_key_reaches_the_keyring_of_a_real_stockagent_process(tmp_path: Path) -> None:
    """The whole path as a script uses it: ``printf %s "$KEY" | stockagent secrets set``."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("STOCKAGENT_")},
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "tests.support.keyrings.FileKeyring",
        KEYRING_FILE_ENV: str(tmp_path / "keyring.json"),
        "STOCKAGENT_DATA_DIR": str(tmp_path / "data"),
        "STOCKAGENT_MODE": "paper",
    }

    def stockagent(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-m", "stockagent", *argv],
            input=stdin,
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    stored = stockagent("secrets", "set", "appkey", stdin=APPKEY + "\n")
    status = stockagent("secrets", "status", "--json", "--mode", "paper")

    assert stored.returncode == 0, stored.stderr
    assert json.loads((tmp_path / "keyring.json").read_text()) == {
        f"{SERVICE}/kiwoom.paper.appkey": APPKEY
    }
    rows = json.loads(status.stdout)["keys"]
    assert [(row["key"], row["source"]) for row in rows] == [
        ("appkey", "keyring"),
        ("secretkey", "missing"),
    ]
    everything = stored.stdout + stored.stderr + status.stdout + status.stderr
    assert _shows_nothing_of(everything, APPKEY)
