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
    WatchdogSettings,
)
from agent.settings.loader import SettingsError, load_settings
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
    "Settings",
    "SettingsError",
    "SimulatorSettings",
    "StrategySettings",
    "WatchdogSettings",
    "load_settings",
    "render_settings",
]
