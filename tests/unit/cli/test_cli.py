"""The command line: settings shown masked, bad settings stop start-up with nothing written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from stockagent.cli import build_parser, main


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    for name in ("STOCKAGENT_CONFIG", "STOCKAGENT_DATABASE_URL", "STOCKAGENT_MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(path))
    monkeypatch.setenv("STOCKAGENT_LOGGING_CONSOLE", "false")
    return path


def test_config_show_prints_effective_settings_with_secrets_masked(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STOCKAGENT_KIWOOM_APPKEY", "do-not-print-me-123")
    monkeypatch.setenv("STOCKAGENT_RISK_MAX_POSITIONS", "4")

    assert main(["config", "show"]) == 0

    out = capsys.readouterr().out
    assert "max_positions = 4" in out
    assert 'appkey = "***"' in out
    assert "do-not-print-me-123" not in out


def test_a_wrong_setting_stops_start_up_with_one_line_and_writes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STOCKAGENT_RISK_STOP_LOSS_PCT", "-12")

    assert main(["db", "upgrade"]) == 2

    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "risk.stop_loss_pct" in err
    assert "-12" in err
    assert not data_dir.exists()


def test_db_upgrade_then_current_reports_up_to_date(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "current"]) == 0

    out = capsys.readouterr().out
    assert "up to date" in out
    assert (data_dir / "stockagent.db").exists()
    assert data_dir.stat().st_mode & 0o077 == 0


def test_db_upgrade_refusing_shared_broker_numbers_says_so_in_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade", "0006"]) == 0
    with sqlite3.connect(data_dir / "stockagent.db") as db:
        for cid in ("run-1", "run-2"):
            db.execute(
                "INSERT INTO orders (client_order_id, trade_date, code, side, order_type, "
                "purpose, quantity, price, status, filled_quantity, reason_codes, created_at, "
                "updated_at, broker_order_no) VALUES (?, '2026-12-02', '005930', 'buy', "
                "'limit', 'entry', 1, 10000, 'accepted', 0, '[]', '2026-12-02 00:00:00', "
                "'2026-12-02 00:00:00', '0000001')",
                (cid,),
            )
    capsys.readouterr()

    assert main(["db", "upgrade"]) == 2

    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "orders 1 (run-1), 2 (run-2)" in err
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.startswith("0006: behind")


def test_ctl_refuses_to_liquidate_without_confirmation(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ctl", "--url", "http://127.0.0.1:9", "liquidate"]) == 2
    assert "--yes" in capsys.readouterr().err


def test_ctl_points_to_watch_for_a_stock_actor(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A StockActor comes and goes with the watch list (its id's slash has no API route)."""
    assert main(["ctl", "--url", "http://127.0.0.1:9", "restart", "stock/005930"]) == 2
    assert "unwatch and watch 005930" in capsys.readouterr().err


def test_ctl_says_so_when_no_agent_answers(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ctl", "--url", "http://127.0.0.1:9", "status", "--json"]) == 3
    assert "no agent" in capsys.readouterr().err


def test_token_rotate_replaces_the_token_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "show"]) == 0
    first = capsys.readouterr().out.strip()
    assert main(["token", "rotate"]) == 0
    capsys.readouterr()
    assert main(["token", "show"]) == 0

    assert capsys.readouterr().out.strip() != first
    assert (data_dir / "api-token").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["ctl", "status"], "ctl"),
        (["--config", "run", "ctl", "status"], "ctl"),  # a settings file named like a command
        (["journal", "--json"], "journal"),
    ],
)
def test_only_the_command_named_is_loaded_and_it_parses(argv: list[str], command: str) -> None:
    args = build_parser(argv).parse_args(argv)

    assert args.command == command
    assert callable(args.func)
