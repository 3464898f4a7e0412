"""Domain results of the Kiwoom client: frozen Structs with int won, KST datetimes, plain codes."""

from __future__ import annotations

from agent.kiwoom.models.market import (
    Bar,
    BookLevel,
    DailyBar,
    Designation,
    ListingInfo,
    OrderBook,
    Quote,
    RankedStock,
    SecurityKind,
    StockInfo,
    ViStock,
)
from agent.kiwoom.models.trading import (
    Balance,
    CancelAck,
    CancelRequest,
    Deposit,
    Fill,
    Holding,
    ModifyAck,
    ModifyRequest,
    OpenOrder,
    OrderAck,
    OrderRequest,
    Side,
    TradeType,
)

__all__ = [
    "Balance",
    "Bar",
    "BookLevel",
    "CancelAck",
    "CancelRequest",
    "DailyBar",
    "Deposit",
    "Designation",
    "Fill",
    "Holding",
    "ListingInfo",
    "ModifyAck",
    "ModifyRequest",
    "OpenOrder",
    "OrderAck",
    "OrderBook",
    "OrderRequest",
    "Quote",
    "RankedStock",
    "SecurityKind",
    "Side",
    "StockInfo",
    "TradeType",
    "ViStock",
]
