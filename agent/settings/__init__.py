"""Typed settings: one struct per component, loaded from TOML and ``STOCKAGENT_*`` variables."""

from agent.settings.components import (
    ApiSettings,
    DatabaseSettings,
    ExecutionSettings,
    KiwoomSettings,
    LogSettings,
    Mode,
    NewsSettings,
    RedisSettings,
    RiskSettings,
    Settings,
    SimulatorSettings,
    StrategySettings,
)
from agent.settings.errors import SecretsError, SettingsError
from agent.settings.loader import key_store, load_settings
from agent.settings.render import render_settings

__all__ = [
    "ApiSettings",
    "DatabaseSettings",
    "ExecutionSettings",
    "KiwoomSettings",
    "LogSettings",
    "Mode",
    "NewsSettings",
    "RedisSettings",
    "RiskSettings",
    "SecretsError",
    "Settings",
    "SettingsError",
    "SimulatorSettings",
    "StrategySettings",
    "key_store",
    "load_settings",
    "render_settings",
]
