"""System events and parameter changes: what happened to the agent and who changed what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from agent.store.models import ChangedBy, EventKind, ParameterChange, Severity, SystemEvent


class SystemEventRepository:
    """Append-only log of system events."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self,
        kind: EventKind,
        at: datetime,
        *,
        severity: Severity = Severity.INFO,
        actor_id: str | None = None,
        reason: str | None = None,
        restart_count: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> SystemEvent:
        with self._sessions() as session:
            event = SystemEvent(
                kind=kind,
                at=at,
                severity=severity,
                actor_id=actor_id,
                reason=reason,
                restart_count=restart_count,
                detail=detail or {},
            )
            session.add(event)
            session.commit()
            return event

    def last_id(self) -> int:
        """Return the newest event's id (0: none yet)."""
        with self._sessions() as session:
            return session.scalar(select(func.max(SystemEvent.id))) or 0

    def after(self, event_id: int, limit: int = 500) -> list[SystemEvent]:
        """Return the events recorded after ``event_id``, oldest first (for followers)."""
        with self._sessions() as session:
            query = (
                select(SystemEvent)
                .where(SystemEvent.id > event_id)
                .order_by(SystemEvent.id)
                .limit(limit)
            )
            return list(session.scalars(query))

    def recent(self, limit: int = 100, kind: EventKind | None = None) -> list[SystemEvent]:
        """Return the newest events first."""
        with self._sessions() as session:
            query = select(SystemEvent).order_by(SystemEvent.id.desc()).limit(limit)
            if kind is not None:
                query = query.where(SystemEvent.kind == kind)
            return list(session.scalars(query))


class ParameterHistoryRepository:
    """Every strategy and risk parameter change with its old and new value."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record_changes(
        self,
        component: str,
        old: dict[str, Any],
        new: dict[str, Any],
        changed_by: ChangedBy,
        at: datetime,
        note: str | None = None,
    ) -> list[ParameterChange]:
        """Store one row per key whose value differs between ``old`` and ``new``."""
        changes = parameter_changes(component, old, new, changed_by, at, note)
        if not changes:
            return []
        with self._sessions() as session:
            session.add_all(changes)
            session.commit()
        return changes

    def history(self, component: str | None = None, limit: int = 200) -> list[ParameterChange]:
        """Return the newest changes first."""
        with self._sessions() as session:
            query = select(ParameterChange).order_by(ParameterChange.id.desc()).limit(limit)
            if component is not None:
                query = query.where(ParameterChange.component == component)
            return list(session.scalars(query))


def parameter_changes(
    component: str,
    old: dict[str, Any],
    new: dict[str, Any],
    changed_by: ChangedBy,
    at: datetime,
    note: str | None = None,
) -> list[ParameterChange]:
    """Return one history row per key whose value differs between ``old`` and ``new``."""
    return [
        ParameterChange(
            at=at,
            component=component,
            key=key,
            old_value=old.get(key),
            new_value=new.get(key),
            changed_by=changed_by,
            note=note,
        )
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]
