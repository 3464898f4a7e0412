"""Settings overrides: strategy and risk values changed while the agent ran, kept across starts.

Each change is written with its parameter-history rows in one transaction, so a change is never
in the history without lasting, nor lasting without its history. The start applies the overrides
on top of the file and the environment (agent.settings.layers); ``stockagent config reset``
drops them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from agent.settings.layers import Override
from agent.store.models import ChangedBy, ParameterChange, SettingOverride
from agent.store.repositories.system import parameter_changes


class SettingsOverrideRepository:
    """The stored overrides, keyed by dotted setting name (``risk.stop_loss_pct``)."""

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
        """Record every key of ``component`` whose value differs between ``old`` and ``new``
        in the parameter history, and keep its new value as the override of
        ``component.key``; return the history rows."""
        changes = parameter_changes(component, old, new, changed_by, at, note)
        if not changes:
            return []
        with self._sessions() as session:
            session.add_all(changes)
            for change in changes:
                session.merge(
                    SettingOverride(
                        key=f"{component}.{change.key}",
                        value=change.new_value,
                        changed_by=changed_by,
                        changed_at=at,
                    )
                )
            session.commit()
        return changes

    def overrides(self) -> list[Override]:
        """Return every stored override, by key."""
        with self._sessions() as session:
            rows = session.scalars(select(SettingOverride).order_by(SettingOverride.key))
            return [_override(row) for row in rows]

    def drop(self, key: str | None = None) -> list[Override]:
        """Drop the override of ``key``, or every one when None; return what was dropped."""
        with self._sessions() as session:
            query = select(SettingOverride).order_by(SettingOverride.key)
            removal = delete(SettingOverride)
            if key is not None:
                query = query.where(SettingOverride.key == key)
                removal = removal.where(SettingOverride.key == key)
            dropped = [_override(row) for row in session.scalars(query)]
            session.execute(removal)
            session.commit()
        return dropped


def _override(row: SettingOverride) -> Override:
    return Override(
        key=row.key,
        value=row.value,
        changed_by=row.changed_by.value,
        changed_at=row.changed_at,
    )
