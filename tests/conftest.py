"""Fixtures shared by every test: databases (SQLite always, PostgreSQL when reachable or in CI)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import keyring
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import upgrade
from tests.support.keyrings import MemoryKeyring
from tests.support.services import POSTGRES_URL, require


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def os_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """An empty keyring in memory for every test: no test reads or writes the keyring of the
    machine it runs on (a developer's Keychain holds real Kiwoom keys), nor does a
    ``stockagent`` process a test starts (keyring's null backend: nothing found, nothing kept)."""
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    yield memory
    keyring.set_keyring(before)


def _postgres_engine() -> Iterator[Engine]:
    """Yield an engine whose every connection works in a fresh, private schema."""
    require("PostgreSQL", POSTGRES_URL, 5432)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_db_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_db_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """An engine on an empty database, once per backend."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "stockagent.db"
        engine = create_db_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
    else:
        yield from _postgres_engine()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a database migrated to the newest schema, once per backend."""
    upgrade(empty_engine)
    return empty_engine


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)
