"""Typed settings: one struct per component, loaded from TOML and ``STOCKAGENT_*`` variables."""

from agent.settings.components import (
    ApiSettings,
    DatabaseSettings,
    ExecutionSettings,
    KiwoomSettings,
    LogSettings,
    Mode,
    NewsSettings,
    NotifySettings,
    RedisSettings,
    RiskSettings,
    Settings,
    ShutdownSettings,
    SimulatorSettings,
    StrategySettings,
    WatchdogSettings,
)
from agent.settings.errors import SecretsError, SettingsError
from agent.settings.layers import Origin, Override
from agent.settings.loader import Explained, explain_settings, key_store, load_settings
from agent.settings.render import render_settings

__all__ = [
    "ApiSettings",
    "DatabaseSettings",
    "ExecutionSettings",
    "Explained",
    "KiwoomSettings",
    "LogSettings",
    "Mode",
    "NewsSettings",
    "NotifySettings",
    "Origin",
    "Override",
    "RedisSettings",
    "RiskSettings",
    "SecretsError",
    "Settings",
    "SettingsError",
    "ShutdownSettings",
    "SimulatorSettings",
    "StrategySettings",
    "WatchdogSettings",
    "explain_settings",
    "key_store",
    "load_settings",
    "render_settings",
]
