"""System events and parameter history are kept as they happened; daily metrics are unique."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agent.store.models import ChangedBy, EventKind, LearningMetrics, Severity
from agent.store.repositories import ParameterHistoryRepository, SystemEventRepository

T0 = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)


def test_system_events_come_back_newest_first_and_filter_by_kind(
    sessions: sessionmaker[Session],
) -> None:
    repo = SystemEventRepository(sessions)
    repo.record(EventKind.AGENT_STARTED, T0)
    repo.record(
        EventKind.ACTOR_RESTARTED,
        T0,
        severity=Severity.WARNING,
        actor_id="stock:005930",
        reason="ZeroDivisionError",
        restart_count=2,
        detail={"digest": "abc"},
    )

    recent = repo.recent()
    restarts = repo.recent(kind=EventKind.ACTOR_RESTARTED)

    assert [e.kind for e in recent] == [EventKind.ACTOR_RESTARTED, EventKind.AGENT_STARTED]
    assert len(restarts) == 1
    assert restarts[0].actor_id == "stock:005930"
    assert restarts[0].restart_count == 2
    assert restarts[0].detail == {"digest": "abc"}


def test_parameter_changes_store_only_the_keys_that_changed(
    sessions: sessionmaker[Session],
) -> None:
    repo = ParameterHistoryRepository(sessions)

    changes = repo.record_changes(
        "risk",
        old={"stop_loss_pct": -3.0, "max_positions": 3},
        new={"stop_loss_pct": -4.0, "max_positions": 3},
        changed_by=ChangedBy.UI,
        at=T0,
    )

    assert [(c.key, c.old_value, c.new_value) for c in changes] == [("stop_loss_pct", -3.0, -4.0)]
    history = repo.history("risk")
    assert len(history) == 1
    assert history[0].changed_by is ChangedBy.UI
    assert repo.history("strategy") == []


def test_learning_metrics_allow_one_row_per_date(sessions: sessionmaker[Session]) -> None:
    def row() -> LearningMetrics:
        return LearningMetrics(
            date=date(2026, 11, 24),
            trades=3,
            wins=2,
            realized_pnl=12_000,
            max_drawdown=-5_000,
            parameters={},
            computed_at=T0,
        )

    with sessions() as session:
        session.add(row())
        session.commit()
    with sessions() as session:
        session.add(row())
        with pytest.raises(IntegrityError):
            session.commit()
