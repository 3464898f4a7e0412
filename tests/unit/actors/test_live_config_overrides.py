"""A parameter changed while the agent runs is stored before it is in force, and lasts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors.runtime.live_config import ConfigRejected, LiveConfig
from agent.settings import Settings, load_settings
from agent.store.models import ChangedBy
from agent.store.repositories import SettingsOverrideRepository

AT = datetime(2026, 12, 2, 0, 41, tzinfo=UTC)


def test_a_risk_change_is_stored_as_an_override_the_next_load_applies(
    sessions: sessionmaker[Session],
) -> None:
    repo = SettingsOverrideRepository(sessions)
    live = LiveConfig(Settings(), repo, lambda: AT)

    changed = live.update_risk(
        msgspec.structs.replace(live.risk(), stop_loss_pct=-4.5, max_positions=2), ChangedBy.CLI
    )
    restarted = load_settings(environ={}, overrides=repo.overrides())

    assert changed == ["max_positions", "stop_loss_pct"]
    assert (restarted.risk.stop_loss_pct, restarted.risk.max_positions) == (-4.5, 2)
    assert {(o.key, o.changed_by, o.changed_at) for o in repo.overrides()} == {
        ("risk.max_positions", "cli", AT),
        ("risk.stop_loss_pct", "cli", AT),
    }


def test_a_rejected_change_stores_nothing(sessions: sessionmaker[Session]) -> None:
    repo = SettingsOverrideRepository(sessions)
    live = LiveConfig(Settings(), repo, lambda: AT)

    with pytest.raises(ConfigRejected):
        live.update_strategy(
            msgspec.structs.replace(live.strategy(), window_end="08:30"), ChangedBy.UI
        )

    assert repo.overrides() == []


class _RefusingStore:
    def record_changes(self, *args: Any) -> object:
        raise OSError("disk full")


def test_a_change_the_database_refuses_is_not_made() -> None:
    live = LiveConfig(Settings(), _RefusingStore(), lambda: AT)
    heard: list[Settings] = []
    live.listeners.append(heard.append)

    with pytest.raises(OSError, match="disk full"):
        live.update_risk(msgspec.structs.replace(live.risk(), max_positions=1), ChangedBy.UI)

    assert live.risk().max_positions == 3
    assert live.version == 0
    assert heard == []
