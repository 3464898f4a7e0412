"""Repositories: the only code that reads and writes the tables."""

from agent.store.repositories.orders import NewFill, NewOrder, OrderRepository
from agent.store.repositories.overrides import SettingsOverrideRepository
from agent.store.repositories.system import ParameterHistoryRepository, SystemEventRepository

__all__ = [
    "NewFill",
    "NewOrder",
    "OrderRepository",
    "ParameterHistoryRepository",
    "SettingsOverrideRepository",
    "SystemEventRepository",
]
