"""Settings come from defaults, a TOML file and the environment, in that order of strength."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.settings import Mode, SettingsError, load_settings, render_settings


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_follow_the_design(tmp_path: Path) -> None:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})

    assert settings.mode is Mode.DEMO
    assert settings.risk.max_weight_pct == 10.0
    assert -5.0 <= settings.risk.stop_loss_pct <= -3.0
    assert settings.strategy.window_start == "09:00"
    assert settings.strategy.window_end == "10:00"
    assert settings.api.host == "127.0.0.1"
    assert settings.database_url == f"sqlite:///{tmp_path / 'stockagent.db'}"


def test_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "c.toml", "[risk]\nstop_loss_pct = -4.0\nmax_positions = 4\n")

    settings = load_settings(config, environ={"STOCKAGENT_RISK_STOP_LOSS_PCT": "-5"})

    assert settings.risk.stop_loss_pct == -5.0
    assert settings.risk.max_positions == 4


def test_documented_environment_names_map_to_their_fields(tmp_path: Path) -> None:
    settings = load_settings(
        environ={
            "STOCKAGENT_MODE": "paper",
            "STOCKAGENT_DATA_DIR": str(tmp_path),
            "STOCKAGENT_DATABASE_URL": "postgresql://u@127.0.0.1/x",
            "STOCKAGENT_REDIS_URL": "redis://127.0.0.1:6379/0",
            "STOCKAGENT_KIWOOM_APPKEY": "app-key-123456",
            "STOCKAGENT_KIWOOM_SECRETKEY": "secret-key-123456",
            "STOCKAGENT_API_PORT": "8100",
            "STOCKAGENT_API_CORS_ORIGINS": "http://a.test, http://b.test",
        }
    )

    assert settings.mode is Mode.PAPER
    assert settings.database_url == "postgresql://u@127.0.0.1/x"
    assert settings.redis.url == "redis://127.0.0.1:6379/0"
    assert settings.kiwoom.appkey is not None
    assert settings.kiwoom.appkey.reveal() == "app-key-123456"
    assert settings.api.port == 8100
    assert settings.api.cors_origins == ["http://a.test", "http://b.test"]


def test_the_config_file_is_found_in_the_data_directory(tmp_path: Path) -> None:
    _write(tmp_path / "config.toml", "[strategy]\ntop_n = 7\n")

    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})

    assert settings.strategy.top_n == 7


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"STOCKAGENT_RISK_STOP_LOSS_PCT": "-7"},
            "risk.stop_loss_pct = '-7' (env STOCKAGENT_RISK_STOP_LOSS_PCT): "
            "expected `float` >= -5.0",
        ),
        ({"STOCKAGENT_STRATEGY_TOP_N": "many"}, "strategy.top_n = 'many'"),
        ({"STOCKAGENT_MODE": "yolo"}, "allowed: demo, paper, live, backtest"),
        ({"STOCKAGENT_RISK_MAX_WEIGHT_PCT": "0"}, "risk.max_weight_pct = '0'"),
        ({"STOCKAGENT_API_HOST": "192.0.2.1"}, "api.host = '192.0.2.1'"),
        ({"STOCKAGENT_RISK_EOD_EXIT_TIME": "15:25"}, "before the 15:20 closing auction"),
        ({"STOCKAGENT_STRATEGY_WINDOW_END": "08:59"}, "strategy.window_end"),
        ({"STOCKAGENT_RISKY_THING": "1"}, "unknown setting STOCKAGENT_RISKY_THING"),
        ({"STOCKAGENT_MODE": "live"}, "live mode needs Kiwoom's real keys; the appkey and the"),
    ],
)
def test_a_wrong_value_names_the_field_the_value_and_what_is_allowed(
    tmp_path: Path, environ: dict[str, str], expected: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path), **environ})

    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_unknown_key_in_the_file_is_refused_with_its_name(tmp_path: Path) -> None:
    config = _write(tmp_path / "c.toml", "[risk]\nstop_los_pct = -4.0\n")

    with pytest.raises(SettingsError, match=r"unknown setting risk\.stop_los_pct"):
        load_settings(config, environ={})


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "c.toml", "[risk\n")

    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(config, environ={})


def test_secrets_are_masked_in_repr_errors_and_the_rendered_settings(tmp_path: Path) -> None:
    secret = "very-secret-value-42"
    settings = load_settings(
        environ={
            "STOCKAGENT_DATA_DIR": str(tmp_path),
            "STOCKAGENT_KIWOOM_APPKEY": secret,
            "STOCKAGENT_KIWOOM_SECRETKEY": secret + "x",
            "STOCKAGENT_DATABASE_URL": f"postgresql://trader:{secret}@127.0.0.1/db",
        }
    )

    assert secret not in repr(settings)
    assert secret not in render_settings(settings)
    assert secret not in render_settings(settings, as_json=True)
    assert "***" in render_settings(settings)
    with pytest.raises(SettingsError) as caught:
        load_settings(environ={"STOCKAGENT_KIWOOM_APPKEY": secret, "STOCKAGENT_MODE": "live"})
    assert secret not in str(caught.value)


def test_the_test_suites_service_variables_are_not_settings(tmp_path: Path) -> None:
    settings = load_settings(
        environ={
            "STOCKAGENT_DATA_DIR": str(tmp_path),
            "STOCKAGENT_TEST_POSTGRES_URL": "postgresql+psycopg://postgres@127.0.0.1:1/test",
        }
    )

    assert settings.database.url is None
