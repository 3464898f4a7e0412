"""The schema: every table StockAgent writes, as SQLAlchemy 2.0 typed models."""

from agent.store.models.base import Base
from agent.store.models.enums import (
    ChangedBy,
    EventKind,
    NewsChannel,
    OrderPurpose,
    OrderStatus,
    OrderType,
    Severity,
    Side,
    SignalDecision,
)
from agent.store.models.market import Bar, DailyBar, HistoryFetch, Instrument, NewsEvent, Tick
from agent.store.models.orders import Fill, Order, OrderStatusChange
from agent.store.models.system import (
    BacktestRun,
    LearningMetrics,
    ParameterChange,
    PatternDay,
    Report,
    SettingOverride,
    SystemEvent,
)
from agent.store.models.trading import (
    ExternalOrder,
    LotAdjustment,
    Position,
    Signal,
    TradeLog,
)

__all__ = [
    "BacktestRun",
    "Bar",
    "Base",
    "ChangedBy",
    "DailyBar",
    "EventKind",
    "ExternalOrder",
    "Fill",
    "HistoryFetch",
    "Instrument",
    "LearningMetrics",
    "LotAdjustment",
    "NewsChannel",
    "NewsEvent",
    "Order",
    "OrderPurpose",
    "OrderStatus",
    "OrderStatusChange",
    "OrderType",
    "ParameterChange",
    "PatternDay",
    "Position",
    "Report",
    "SettingOverride",
    "Severity",
    "Side",
    "Signal",
    "SignalDecision",
    "SystemEvent",
    "Tick",
    "TradeLog",
]
