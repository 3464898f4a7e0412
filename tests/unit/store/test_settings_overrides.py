"""Settings overrides: stored with their history in one go, one per key, dropped one or all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from agent.settings import Override
from agent.store.migrate import downgrade, upgrade
from agent.store.models import ChangedBy
from agent.store.repositories import ParameterHistoryRepository, SettingsOverrideRepository

T0 = datetime(2026, 12, 2, 0, 10, tzinfo=UTC)


def test_a_change_is_kept_as_an_override_of_each_changed_key_beside_its_history(
    sessions: sessionmaker[Session],
) -> None:
    repo = SettingsOverrideRepository(sessions)

    changes = repo.record_changes(
        "risk",
        old={"stop_loss_pct": -3.0, "max_positions": 3, "capital_won": 5_000_000},
        new={"stop_loss_pct": -4.5, "max_positions": 3, "capital_won": None},
        changed_by=ChangedBy.UI,
        at=T0,
    )

    assert [c.key for c in changes] == ["capital_won", "stop_loss_pct"]
    assert repo.overrides() == [
        Override(key="risk.capital_won", value=None, changed_by="ui", changed_at=T0),
        Override(key="risk.stop_loss_pct", value=-4.5, changed_by="ui", changed_at=T0),
    ]
    history = ParameterHistoryRepository(sessions).history("risk")
    assert sorted((h.key, h.old_value, h.new_value) for h in history) == [
        ("capital_won", 5_000_000, None),
        ("stop_loss_pct", -3.0, -4.5),
    ]


def test_a_later_change_of_a_key_replaces_its_override_with_who_and_when(
    sessions: sessionmaker[Session],
) -> None:
    repo = SettingsOverrideRepository(sessions)
    repo.record_changes("strategy", {"top_n": 10}, {"top_n": 7}, ChangedBy.UI, T0)
    later = T0 + timedelta(minutes=5)

    repo.record_changes(
        "strategy",
        {"top_n": 7, "allow": ["ETF"]},
        {"top_n": 5, "allow": ["ETF", "REIT"]},
        ChangedBy.CLI,
        later,
    )

    assert repo.overrides() == [
        Override(key="strategy.allow", value=["ETF", "REIT"], changed_by="cli", changed_at=later),
        Override(key="strategy.top_n", value=5, changed_by="cli", changed_at=later),
    ]


def test_nothing_changed_stores_nothing(sessions: sessionmaker[Session]) -> None:
    repo = SettingsOverrideRepository(sessions)

    assert (
        repo.record_changes("risk", {"max_positions": 3}, {"max_positions": 3}, ChangedBy.UI, T0)
        == []
    )
    assert repo.overrides() == []


def test_drop_removes_one_key_or_every_one_and_returns_what_it_dropped(
    sessions: sessionmaker[Session],
) -> None:
    repo = SettingsOverrideRepository(sessions)
    repo.record_changes(
        "risk",
        {"max_positions": 3, "stop_loss_pct": -3.0},
        {"max_positions": 2, "stop_loss_pct": -4.0},
        ChangedBy.UI,
        T0,
    )
    repo.record_changes("strategy", {"top_n": 10}, {"top_n": 5}, ChangedBy.TUNER, T0)

    one = repo.drop("risk.max_positions")
    none = repo.drop("risk.max_positions")
    rest = repo.drop()

    assert [o.key for o in one] == ["risk.max_positions"]
    assert none == []
    assert [(o.key, o.value, o.changed_by) for o in rest] == [
        ("risk.stop_loss_pct", -4.0, "ui"),
        ("strategy.top_n", 5, "tuner"),
    ]
    assert repo.overrides() == []
    assert len(ParameterHistoryRepository(sessions).history()) == 3  # the history stays


def test_the_migration_adds_and_removes_the_table_around_revision_0004(
    empty_engine: Engine,
) -> None:
    upgrade(empty_engine, "0004")
    assert "settings_overrides" not in inspect(empty_engine).get_table_names()

    upgrade(empty_engine)
    assert "settings_overrides" in inspect(empty_engine).get_table_names()

    downgrade(empty_engine, "0004")
    assert "settings_overrides" not in inspect(empty_engine).get_table_names()
