"""The launchd and systemd units: what they tell the service manager, and what they never hold."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from agent.secret import Secret
from stockagent.service.units import (
    ServiceSpec,
    UnitError,
    plist_settings,
    render_plist,
    render_systemd,
    secret_variables,
    service_environment,
    systemd_settings,
)

DATA = Path("/srv/stock agent/100%data")


def _spec(*program: str, **environment: str) -> ServiceSpec:
    return ServiceSpec(
        program=(sys.executable, "-m", "stockagent", *program, "run"),
        working_directory=DATA,
        log_directory=DATA / "logs",
        environment={"STOCKAGENT_DATA_DIR": str(DATA), **environment},
    )


def test_the_plist_restarts_the_agent_only_after_a_failure() -> None:
    job = plistlib.loads(render_plist(_spec("--config", "/etc/sa.toml")))

    assert job["Label"] == "com.stockagent.agent"
    assert job["ProgramArguments"] == [
        sys.executable, "-m", "stockagent", "--config", "/etc/sa.toml", "run",
    ]  # fmt: skip
    assert job["KeepAlive"] == {"SuccessfulExit": False}
    assert job["RunAtLoad"] is True
    assert job["ThrottleInterval"] > 0
    assert job["ExitTimeOut"] >= 60
    assert job["ProcessType"] == "Interactive"
    assert job["WorkingDirectory"] == str(DATA)
    assert job["StandardOutPath"] == str(DATA / "logs" / "launchd.out.log")
    assert job["StandardErrorPath"] == str(DATA / "logs" / "launchd.err.log")


def test_the_plist_leaves_console_logging_off_unless_the_shell_asked_for_it() -> None:
    quiet = plistlib.loads(render_plist(_spec()))["EnvironmentVariables"]
    asked = plistlib.loads(render_plist(_spec(STOCKAGENT_LOGGING_CONSOLE="true")))

    assert quiet == {"STOCKAGENT_DATA_DIR": str(DATA), "STOCKAGENT_LOGGING_CONSOLE": "false"}
    assert asked["EnvironmentVariables"]["STOCKAGENT_LOGGING_CONSOLE"] == "true"


def test_the_systemd_unit_restarts_on_failure_and_stops_gracefully() -> None:
    lines = render_systemd(_spec()).splitlines()

    assert "Restart=on-failure" in lines
    assert "RestartPreventExitStatus=2" in lines
    assert "KillSignal=SIGTERM" in lines
    assert "TimeoutStopSec=60" in lines
    assert "WantedBy=default.target" in lines
    assert any(line.startswith("StartLimitBurst=") for line in lines)
    assert f"ExecStart={sys.executable} -m stockagent run" in lines


def test_systemd_words_are_quoted_and_escaped() -> None:
    spec = ServiceSpec(
        program=("/opt/py 3/bin/python", "-m", "stockagent", "--config", '/c/5%"$x".toml', "run"),
        working_directory=DATA,
        log_directory=DATA / "logs",
        environment={"STOCKAGENT_DATA_DIR": str(DATA), "STOCKAGENT_NEWS_STOCKNEWS_URL": "a\\b"},
    )

    lines = render_systemd(spec).splitlines()

    assert (
        'ExecStart="/opt/py 3/bin/python" -m stockagent --config "/c/5%%\\"$$x\\".toml" run'
        in lines
    )
    assert "WorkingDirectory=/srv/stock agent/100%%data" in lines
    assert (
        'Environment="STOCKAGENT_DATA_DIR=/srv/stock agent/100%%data" '
        '"STOCKAGENT_NEWS_STOCKNEWS_URL=a\\\\b"'
    ) in lines


ANALYZE = shutil.which("systemd-analyze")


@pytest.mark.skipif(ANALYZE is None, reason="no systemd-analyze here")
def test_systemd_analyze_accepts_the_unit(tmp_path: Path) -> None:
    assert ANALYZE is not None
    unit = tmp_path / "stockagent.service"
    unit.write_text(
        render_systemd(_spec("--config", "/etc/100% sure.toml", STOCKAGENT_MODE="paper"))
    )

    done = subprocess.run(  # noqa: S603 - a fixed program on our own file
        [ANALYZE, "verify", str(unit)], capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr
    assert unit.name not in done.stderr  # unknown keys and bad values are only warnings


def test_the_environment_withholds_credentials_by_name_and_by_url() -> None:
    environ = {
        "STOCKAGENT_KIWOOM_APPKEY": "app-123",
        "STOCKAGENT_KIWOOM_SECRETKEY": "sec-456",
        "STOCKAGENT_API_TOKEN": "tok-789",
        "STOCKAGENT_DATABASE_URL": "postgresql://trader:pw-000@db/stockagent",
        "STOCKAGENT_REDIS_URL": "redis://127.0.0.1:6379/0",
        "STOCKAGENT_RISK_MAX_POSITIONS": "4",
        "STOCKAGENT_CONFIG": "relative.toml",
        "STOCKAGENT_DATA_DIR": "~/elsewhere",
        "STOCKAGENT_TEST_POSTGRES_URL": "postgresql://127.0.0.1/test",
        "PATH": "/usr/bin",
    }

    env = service_environment(environ, data_dir=DATA)

    assert env.kept == {
        "STOCKAGENT_DATA_DIR": str(DATA),
        "STOCKAGENT_REDIS_URL": "redis://127.0.0.1:6379/0",
        "STOCKAGENT_RISK_MAX_POSITIONS": "4",
    }
    assert env.withheld == [
        "STOCKAGENT_API_TOKEN",
        "STOCKAGENT_DATABASE_URL",
        "STOCKAGENT_KIWOOM_APPKEY",
        "STOCKAGENT_KIWOOM_SECRETKEY",
    ]


class _Notify(msgspec.Struct, frozen=True):
    urls: list[Secret] = []
    channel: str = "ops"


class _Settings(msgspec.Struct, frozen=True):
    notify: _Notify = _Notify()
    passphrase: Secret | None = None


def test_a_setting_typed_secret_is_withheld_whatever_its_name() -> None:
    assert secret_variables(_Settings) == {"STOCKAGENT_NOTIFY_URLS", "STOCKAGENT_PASSPHRASE"}
    assert secret_variables() >= {"STOCKAGENT_KIWOOM_APPKEY", "STOCKAGENT_KIWOOM_SECRETKEY"}


def test_no_credential_reaches_either_unit() -> None:
    environ = {"STOCKAGENT_KIWOOM_APPKEY": "app-123", "STOCKAGENT_MODE": "paper"}
    env = service_environment(environ, data_dir=DATA)
    spec = _spec(**env.kept)

    assert b"app-123" not in render_plist(spec)
    assert "app-123" not in render_systemd(spec)
    assert "STOCKAGENT_MODE=paper" in render_systemd(spec)


def test_a_newline_in_a_value_is_refused_naming_the_variable() -> None:
    spec = _spec(STOCKAGENT_MODE="paper\nExecStartPre=/bin/sh")

    with pytest.raises(UnitError, match="STOCKAGENT_MODE"):
        render_systemd(spec)


def test_a_relative_working_directory_is_refused() -> None:
    spec = ServiceSpec(program=("x",), working_directory=Path("data"), log_directory=DATA)

    with pytest.raises(UnitError, match="absolute"):
        render_plist(spec)


def test_a_unit_edited_by_hand_is_described_with_its_credentials_masked() -> None:
    unit = render_systemd(_spec()).replace(
        "Environment=", 'Environment="STOCKAGENT_KIWOOM_APPKEY=app-123" '
    )
    plist = plistlib.dumps(
        {"Label": "x", "EnvironmentVariables": {"STOCKAGENT_KIWOOM_APPKEY": "app-123"}}
    )

    described = systemd_settings(unit.encode()) + plist_settings(plist)

    assert "Environment STOCKAGENT_KIWOOM_APPKEY = ***" in described
    assert "EnvironmentVariables.STOCKAGENT_KIWOOM_APPKEY = ***" in described
    assert not any("app-123" in line for line in described)
