"""Start-up shared by every command: settings, data directory, logging, database."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sqlalchemy import Engine

from agent.log_config import configure_logging
from agent.settings import Settings, explain_settings, load_settings
from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import current_revision, head_revision, upgrade
from agent.store.repositories import SettingsOverrideRepository

log = logging.getLogger("stockagent")


def package_version() -> str:
    try:
        return version("stockagent")
    except PackageNotFoundError:  # running from a source tree without an install
        return "0+unknown"


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: Engine
    log_file: Path


def prepare_data_dir(path: Path) -> Path:
    """Create the data directory, private to the user: it holds the database and tokens."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def boot(
    config_file: Path | None = None,
    *,
    migrate: bool = True,
    console: bool = True,
    overrides: bool = False,
    keys: bool = True,
) -> Runtime:
    """Load and check settings (before anything is written), then logging and the database;
    with ``overrides`` (the agent's start: ``run``, ``demo``), the strategy and risk values
    stored when they were changed while the agent ran are applied on top (after migrating).

    ``keys=False``: the command never uses the Kiwoom keys, so they are not looked up (see
    :func:`agent.settings.load_settings`).

    Raises :class:`agent.settings.SettingsError` with nothing written when a setting of the file
    or the environment is wrong or a key cannot be read; a stored override that no longer fits
    is refused after the database is migrated, with the key named and how to drop it
    (`stockagent config reset KEY`).
    """
    settings = load_settings(config_file, keys=keys)
    data_dir = prepare_data_dir(settings.data_path)
    log_file = configure_logging(
        data_dir,
        level=settings.logging.level,
        console=console and settings.logging.console,
        retention_days=settings.logging.retention_days,
        secrets=settings.secrets(),
    )
    engine = create_db_engine(settings.database_url, echo=settings.database.echo)
    if migrate:
        before = current_revision(engine)
        if before != head_revision(engine):
            upgrade(engine)
            log.info("database migrated from %s to %s", before or "empty", current_revision(engine))
    if overrides:
        settings = with_stored_overrides(config_file, settings, engine, keys=keys)
    log.info("StockAgent %s, mode %s, data in %s", package_version(), settings.mode.value, data_dir)
    return Runtime(settings=settings, engine=engine, log_file=log_file)


def with_stored_overrides(
    config_file: Path | None, settings: Settings, engine: Engine, *, keys: bool = True
) -> Settings:
    """Return ``settings`` with the stored overrides applied, each one logged with its origin."""
    stored = SettingsOverrideRepository(session_factory(engine)).overrides()
    if not stored:
        return settings
    explained = explain_settings(config_file, overrides=stored, keys=keys)
    for override in stored:
        log.info(
            "setting %s = %r: %s (stockagent config reset %s drops it)",
            override.key,
            override.value,
            explained.origin(override.key),
            override.key,
        )
    return explained.settings
