"""``stockagent config show|reset`` and the start on the stored overrides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.store.engine import create_db_engine, session_factory
from agent.store.models import ChangedBy
from agent.store.repositories import SettingsOverrideRepository
from stockagent.bootstrap import boot
from stockagent.cli import main

AT = datetime(2026, 12, 2, 0, 41, tzinfo=UTC)  # 09:41 in Seoul


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    for name in ("STOCKAGENT_CONFIG", "STOCKAGENT_DATABASE_URL", "STOCKAGENT_MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(path))
    monkeypatch.setenv("STOCKAGENT_LOGGING_CONSOLE", "false")
    return path


def _store(data_dir: Path, component: str, old: dict[str, object], new: dict[str, object]) -> None:
    assert main(["db", "upgrade"]) == 0
    engine = create_db_engine(f"sqlite:///{data_dir / 'stockagent.db'}")
    try:
        SettingsOverrideRepository(session_factory(engine)).record_changes(
            component, old, new, ChangedBy.UI, AT
        )
    finally:
        engine.dispose()


def _stored_keys(data_dir: Path) -> list[str]:
    engine = create_db_engine(f"sqlite:///{data_dir / 'stockagent.db'}")
    try:
        return [o.key for o in SettingsOverrideRepository(session_factory(engine)).overrides()]
    finally:
        engine.dispose()


@pytest.fixture
def stored(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir whose database holds overrides of risk.stop_loss_pct (over the env) and
    strategy.top_n."""
    monkeypatch.setenv("STOCKAGENT_RISK_STOP_LOSS_PCT", "-4")
    _store(data_dir, "risk", {"stop_loss_pct": -4.0}, {"stop_loss_pct": -4.5})
    _store(data_dir, "strategy", {"top_n": 10}, {"top_n": 7})
    return data_dir


def test_config_show_marks_the_stored_overrides_and_what_they_hide(
    stored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    assert main(["config", "show"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert (
        "stop_loss_pct = -4.5  # override by ui at 2026-12-02 09:41 KST, "
        "over env STOCKAGENT_RISK_STOP_LOSS_PCT"
    ) in lines
    assert "top_n = 7  # override by ui at 2026-12-02 09:41 KST" in lines
    assert "max_positions = 3  # default" in lines


def test_config_show_without_a_database_reads_nothing_and_writes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "show"]) == 0

    assert "stop_loss_pct = -3.0  # default" in capsys.readouterr().out.splitlines()
    assert not data_dir.exists()


def test_config_reset_key_drops_that_override_and_says_what_applies_next(
    stored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    assert main(["config", "reset", "risk.stop_loss_pct"]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out == [
        "dropped risk.stop_loss_pct = -4.5 (override by ui at 2026-12-02 09:41 KST); "
        "the next start uses -4.0 (env STOCKAGENT_RISK_STOP_LOSS_PCT)",
        "A running agent is not affected: it keeps the values it has until it restarts.",
    ]
    assert _stored_keys(stored) == ["strategy.top_n"]


def test_config_reset_drops_every_override(
    stored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    assert main(["config", "reset"]) == 0

    out = capsys.readouterr().out
    assert "dropped risk.stop_loss_pct = -4.5" in out
    assert "dropped strategy.top_n = 7 (override by ui at 2026-12-02 09:41 KST); " in out
    assert "the next start uses 10 (default)" in out
    assert _stored_keys(stored) == []


def test_config_reset_refuses_an_unknown_key_and_drops_nothing(
    stored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    assert main(["config", "reset", "risk.stop_loss"]) == 2

    err = capsys.readouterr().err
    assert "no setting risk.stop_loss" in err
    assert _stored_keys(stored) == ["risk.stop_loss_pct", "strategy.top_n"]


def test_config_reset_of_a_setting_without_an_override_says_there_is_nothing_to_drop(
    stored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    assert main(["config", "reset", "risk.max_positions"]) == 0

    assert capsys.readouterr().out.strip() == (
        "nothing to drop: risk.max_positions has no stored override (it is 3 (default))"
    )


def test_the_start_applies_the_stored_overrides(stored: Path) -> None:
    runtime = boot(console=False, overrides=True)
    runtime.engine.dispose()

    assert runtime.settings.risk.stop_loss_pct == -4.5
    assert runtime.settings.strategy.top_n == 7


def test_an_override_that_no_longer_fits_refuses_the_start_naming_the_key(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Stored by an older version whose range allowed it, or written before a downgrade.
    _store(data_dir, "risk", {"stop_loss_pct": -3.0}, {"stop_loss_pct": -6.5})
    capsys.readouterr()

    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "stockagent: invalid setting risk.stop_loss_pct = -6.5 (override by ui at 2026-12-02 "
        "09:41 KST): expected `float` >= -5.0; drop the stored override with "
        "`stockagent config reset risk.stop_loss_pct`"
    )

    assert main(["config", "show"]) == 1  # the settings without it, and why
    shown = capsys.readouterr()
    assert "stop_loss_pct = -3.0  # default" in shown.out.splitlines()
    assert "stockagent config reset risk.stop_loss_pct" in shown.err

    assert main(["config", "reset", "risk.stop_loss_pct"]) == 0
    assert boot(console=False, overrides=True).settings.risk.stop_loss_pct == -3.0
