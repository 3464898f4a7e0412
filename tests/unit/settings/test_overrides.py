"""Stored overrides on top of the file and the environment: the precedence, the origin of every
value, and an override that no longer fits refused with its key and how to drop it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agent.settings import (
    Origin,
    Override,
    SettingsError,
    explain_settings,
    load_settings,
    render_settings,
)

AT = datetime(2026, 12, 2, 0, 41, tzinfo=UTC)  # 09:41 in Seoul


def _override(key: str, value: Any, by: str = "ui") -> Override:
    return Override(key=key, value=value, changed_by=by, changed_at=AT)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[risk]\nstop_loss_pct = -3.5\nmax_positions = 4\n\n[strategy]\nwindow_end = "09:30"\n',
        encoding="utf-8",
    )
    return path


def test_an_override_wins_over_the_environment_the_file_and_the_default(config: Path) -> None:
    environ = {"STOCKAGENT_RISK_STOP_LOSS_PCT": "-4", "STOCKAGENT_RISK_MAX_WEIGHT_PCT": "8"}
    overrides = [_override("risk.stop_loss_pct", -4.5), _override("strategy.top_n", 7)]

    settings = load_settings(config, environ=environ, overrides=overrides)

    assert settings.risk.stop_loss_pct == -4.5  # over env and file
    assert settings.strategy.top_n == 7  # over the default
    assert settings.risk.max_weight_pct == 8.0  # env, no override
    assert settings.risk.max_positions == 4  # the file stays the base
    assert settings.risk.daily_loss_limit_pct == -2.0  # default


def test_every_value_says_where_it_comes_from_and_what_an_override_hides(config: Path) -> None:
    explained = explain_settings(
        config,
        environ={"STOCKAGENT_RISK_STOP_LOSS_PCT": "-4"},
        overrides=[_override("risk.stop_loss_pct", -4.5), _override("strategy.top_n", 7, "cli")],
    )

    assert str(explained.origin("risk.stop_loss_pct")) == (
        "override by ui at 2026-12-02 09:41 KST, over env STOCKAGENT_RISK_STOP_LOSS_PCT"
    )
    assert str(explained.origin("strategy.top_n")) == "override by cli at 2026-12-02 09:41 KST"
    assert explained.origin("risk.max_positions") == Origin(source="file", name=str(config))
    assert str(explained.origin("risk.max_weight_pct")) == "default"


def test_config_show_marks_each_line_with_its_origin_and_json_carries_them(config: Path) -> None:
    explained = explain_settings(
        config,
        environ={"STOCKAGENT_KIWOOM_APPKEY": "app-key-do-not-show"},
        overrides=[_override("risk.stop_loss_pct", -4.5), _override("risk.capital_won", None)],
    )

    text = render_settings(explained.settings, origins=explained.origins)
    data = json.loads(render_settings(explained.settings, as_json=True, origins=explained.origins))

    lines = text.splitlines()
    assert (
        f"stop_loss_pct = -4.5  # override by ui at 2026-12-02 09:41 KST, over file {config}"
        in lines
    )
    assert f"max_positions = 4  # file {config}" in lines
    assert "max_weight_pct = 10.0  # default" in lines
    assert "# capital_won is unset (override by ui at 2026-12-02 09:41 KST)" in lines
    assert 'appkey = "***"  # env STOCKAGENT_KIWOOM_APPKEY' in lines
    assert "app-key-do-not-show" not in text
    assert data["risk"]["stop_loss_pct"] == -4.5
    assert data["origins"]["risk.stop_loss_pct"] == {
        "source": "override",
        "changed_by": "ui",
        "changed_at": "2026-12-02T00:41:00Z",
        "hides": {"source": "file", "name": str(config)},
    }
    assert data["origins"]["mode"] == {"source": "default"}
    assert data["origins"]["kiwoom.appkey"] == {"source": "env", "name": "STOCKAGENT_KIWOOM_APPKEY"}
    assert "app-key-do-not-show" not in json.dumps(data)


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        (
            _override("risk.stop_loss_pct", -6.0),
            "invalid setting risk.stop_loss_pct = -6.0 (override by ui at 2026-12-02 09:41 KST, "
            "over file {config}): expected `float` >= -5.0; drop the stored override with "
            "`stockagent config reset risk.stop_loss_pct`",
        ),
        (
            _override("risk.stop_los_pct", -4.0),  # a setting renamed by an upgrade
            "unknown setting risk.stop_los_pct (override by ui at 2026-12-02 09:41 KST): no such "
            "field (see `stockagent config show`); drop the stored override with "
            "`stockagent config reset risk.stop_los_pct`",
        ),
        (
            _override("risk.eod_exit", "sell"),
            "allowed: flatten, hold; drop the stored override with "
            "`stockagent config reset risk.eod_exit`",
        ),
        (
            _override("api.port", 9000),
            "stored setting api.port (override by ui at 2026-12-02 09:41 KST): only strategy and "
            "risk settings are stored; drop the stored override with "
            "`stockagent config reset api.port`",
        ),
    ],
    ids=["out-of-range", "renamed", "not-allowed", "not-a-runtime-section"],
)
def test_an_override_that_no_longer_fits_is_refused_naming_its_key_and_the_reset(
    config: Path, override: Override, expected: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(config, environ={}, overrides=[override])

    assert expected.format(config=config) in str(caught.value)
    assert caught.value.field == override.key
    assert "\n" not in str(caught.value)


def test_a_rule_broken_only_with_the_overrides_names_them_though_it_blames_the_file(
    config: Path,
) -> None:
    # The file ends the entry window at 09:30; an override moved its start past that.
    with pytest.raises(SettingsError) as caught:
        load_settings(config, environ={}, overrides=[_override("strategy.window_start", "09:45")])

    message = str(caught.value)
    assert message.startswith(
        f"invalid setting strategy.window_end = '09:30' (file {config}): must be later than "
        "strategy.window_start 09:45"
    )
    assert message.endswith(
        "the rule breaks only with the stored overrides (strategy.window_start): drop one with "
        "`stockagent config reset KEY`"
    )


def test_a_file_wrong_on_its_own_is_blamed_without_mentioning_the_overrides(
    config: Path,
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(
            config,
            environ={"STOCKAGENT_STRATEGY_WINDOW_START": "09:40"},
            overrides=[_override("risk.max_positions", 2)],
        )

    assert "strategy.window_end = '09:30'" in str(caught.value)
    assert "override" not in str(caught.value)
