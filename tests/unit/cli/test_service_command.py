"""``stockagent service``: the unit built from the user's settings, never from their secrets."""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from stockagent.cli import main
from stockagent.commands.service import default_platform
from stockagent.service.manage import Platform

CONFIG = """\
mode = "paper"
[kiwoom]
appkey = "file-appkey-123"
secretkey = "file-secret-456"
"""


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("STOCKAGENT_") and not name.startswith("STOCKAGENT_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    path = tmp_path / "data"
    path.mkdir()
    (path / "config.toml").write_text(CONFIG)
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(path))
    return path


def _written(out: str) -> str:
    """Return the unit a dry run prints between ``# would write PATH:`` and ``# would run:``."""
    return out.split("# would run:")[0].split(":\n", 1)[1]


def _unit_written(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    captured = capsys.readouterr()
    return _written(captured.out), captured.err


def test_the_unit_runs_this_interpreter_with_the_settings_file_in_use(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["service", "install", "--dry-run", "--platform", "linux"]) == 0

    unit, _ = _unit_written(capsys)
    config = data_dir / "config.toml"
    assert (
        f"ExecStart={Path(sys.executable).absolute()} -m stockagent --config {config} run\n" in unit
    )
    assert f"WorkingDirectory={data_dir}\n" in unit
    assert not (data_dir / "logs").exists()


def test_mode_live_needs_live_and_the_unit_then_runs_live(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STOCKAGENT_MODE", "live")
    monkeypatch.setenv("STOCKAGENT_RISK_CAPITAL_WON", "10000000")

    assert main(["service", "install", "--dry-run", "--platform", "linux"]) == 2
    assert "--live" in capsys.readouterr().err
    assert main(["service", "install", "--dry-run", "--platform", "linux", "--live"]) == 0

    unit, _ = _unit_written(capsys)
    assert " run --live\n" in unit
    assert '"STOCKAGENT_MODE=live"' in unit


def test_live_is_not_put_into_a_paper_unit(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["service", "install", "--dry-run", "--platform", "linux", "--live"]) == 0

    unit, _ = _unit_written(capsys)
    assert "--live" not in unit


def test_a_mode_without_a_broker_is_refused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STOCKAGENT_MODE", "demo")

    assert main(["service", "install", "--dry-run", "--platform", "linux"]) == 2
    assert "mode is 'demo'" in capsys.readouterr().err


def test_keys_held_by_the_settings_file_too_are_left_out_with_a_note(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STOCKAGENT_KIWOOM_APPKEY", "file-appkey-123")

    assert main(["service", "install", "--dry-run", "--platform", "linux"]) == 0

    captured = capsys.readouterr()
    assert "STOCKAGENT_KIWOOM_APPKEY" in captured.out
    assert "file-appkey-123" not in captured.out + captured.err


def test_credentials_only_this_shell_holds_stop_the_install(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STOCKAGENT_KIWOOM_APPKEY", "shell-appkey-789")
    monkeypatch.setenv("STOCKAGENT_DATABASE_URL", "postgresql://trader:pw-000@db/stockagent")

    assert main(["service", "install", "--platform", "linux"]) == 2

    captured = capsys.readouterr()
    assert "database.url, kiwoom.appkey" in captured.err
    assert "shell-appkey-789" not in captured.out + captured.err
    assert "pw-000" not in captured.out + captured.err
    assert not (data_dir.parent / "home" / ".config").exists()


def test_the_platform_defaults_to_the_running_system() -> None:
    assert default_platform("darwin") is Platform.MACOS
    assert default_platform("linux") is Platform.LINUX
    assert default_platform("win32") is None


def test_the_command_line_prints_a_valid_plist_on_a_dry_run(data_dir: Path) -> None:
    env = dict(os.environ, STOCKAGENT_KIWOOM_APPKEY="file-appkey-123")

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "stockagent",
            "service",
            "install",
            "--dry-run",
            "--platform",
            "macos",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    job = plistlib.loads(_written(done.stdout).encode())
    assert job["ProgramArguments"] == [
        str(Path(sys.executable).absolute()), "-m", "stockagent",
        "--config", str(data_dir / "config.toml"), "run",
    ]  # fmt: skip
    assert job["EnvironmentVariables"]["STOCKAGENT_DATA_DIR"] == str(data_dir)
    assert "launchctl bootstrap gui/" in done.stdout
    assert "file-appkey-123" not in done.stdout + done.stderr
    assert not (data_dir.parent / "home" / "Library").exists()
