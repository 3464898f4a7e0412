"""The embedded SQLite database runs in WAL mode with foreign keys enforced."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from agent.store.engine import create_db_engine, normalize_url


def test_sqlite_uses_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'nested' / 'agent.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "nested" / "agent.db").exists()
    engine.dispose()


def test_a_plain_postgresql_url_is_pointed_at_psycopg_3() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///x.db").drivername == "sqlite"
