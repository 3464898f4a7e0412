"""Order requests and acknowledgements, open orders, fills, deposit and holdings (int won)."""

from __future__ import annotations

import enum
from datetime import datetime

import msgspec


class Side(enum.Enum):
    BUY = "buy"
    SELL = "sell"


class TradeType(enum.Enum):
    """Kiwoom ``trde_tp`` codes (single-digit strings, not "00")."""

    LIMIT = "0"
    MARKET = "3"
    CONDITIONAL_LIMIT = "5"
    BEST_LIMIT = "6"
    FIRST_LIMIT = "7"
    LIMIT_IOC = "10"
    MARKET_IOC = "13"
    BEST_IOC = "16"
    LIMIT_FOK = "20"
    MARKET_FOK = "23"
    BEST_FOK = "26"
    STOP_LIMIT = "28"
    MID = "29"
    MID_IOC = "30"
    MID_FOK = "31"
    PRE_OPEN_AFTER_HOURS = "61"
    AFTER_HOURS_SINGLE = "62"
    POST_CLOSE_AFTER_HOURS = "81"

    @property
    def needs_price(self) -> bool:
        """Whether ``ord_uv`` must be set (it must be empty for every market-type code)."""
        return self.value in {"0", "5", "10", "20", "28", "62"}


class OrderRequest(msgspec.Struct, frozen=True, kw_only=True):
    """A new buy or sell order (kt10000 / kt10001)."""

    side: Side
    code: str
    qty: int
    price: int | None = None
    trade_type: TradeType = TradeType.LIMIT
    exchange: str = "KRX"
    stop_price: int | None = None

    def __post_init__(self) -> None:
        if self.qty <= 0:
            raise ValueError("qty must be positive")
        if self.trade_type.needs_price and (self.price is None or self.price <= 0):
            raise ValueError(f"{self.trade_type.name} needs a positive price")
        if not self.trade_type.needs_price and self.price is not None:
            raise ValueError(f"{self.trade_type.name} takes no price")
        if self.trade_type is TradeType.STOP_LIMIT and not self.stop_price:
            raise ValueError("STOP_LIMIT needs stop_price")


class OrderAck(msgspec.Struct, frozen=True, kw_only=True):
    """The broker accepted a new order (``return_code`` 0 and an ``ord_no``)."""

    order_no: str
    exchange: str
    message: str
    request: OrderRequest
    sent_at: datetime


class ModifyRequest(msgspec.Struct, frozen=True, kw_only=True):
    """Change the price (and quantity) of an open order (kt10002); ``qty`` 0 = all remaining."""

    orig_order_no: str
    code: str
    price: int
    qty: int = 0
    exchange: str = "KRX"


class ModifyAck(msgspec.Struct, frozen=True, kw_only=True):
    order_no: str
    orig_order_no: str
    qty: int
    message: str


class CancelRequest(msgspec.Struct, frozen=True, kw_only=True):
    """Cancel an open order (kt10003); ``qty`` 0 = everything remaining."""

    orig_order_no: str
    code: str
    qty: int = 0
    exchange: str = "KRX"


class CancelAck(msgspec.Struct, frozen=True, kw_only=True):
    order_no: str
    orig_order_no: str
    qty: int
    message: str


class OpenOrder(msgspec.Struct, frozen=True, kw_only=True):
    """ka10075 row: an order not yet fully filled or cancelled."""

    order_no: str
    code: str
    name: str
    side: Side | None
    kind: str
    """io_tp_nm as sent: +매수, -매도, +매수정정, -매도취소..."""
    status: str
    trade_type: str
    qty: int
    price: int
    open_qty: int
    filled_amount: int
    orig_order_no: str | None
    time: datetime | None
    exchange: str


class Fill(msgspec.Struct, frozen=True, kw_only=True):
    """ka10076 row: an order with its (cumulative) execution."""

    order_no: str
    code: str
    name: str
    side: Side | None
    kind: str
    status: str
    trade_type: str
    order_qty: int
    order_price: int
    fill_qty: int
    fill_price: int
    open_qty: int
    fee: int
    tax: int
    orig_order_no: str | None
    time: datetime | None


class Deposit(msgspec.Struct, frozen=True, kw_only=True):
    """kt00001 cash position."""

    cash: int
    d1: int
    d2: int
    orderable: int
    """ord_alow_amt 주문가능금액; on a margin (미수) account it may include credit room."""
    withdrawable: int
    orderable_cash_only: int = 0
    """100stk_ord_alow_amt 증거금100% 주문가능금액: what can be bought without 미수 or credit.
    0 when not given (test doubles): no cash is the safe assumption."""


class Holding(msgspec.Struct, frozen=True, kw_only=True):
    """One kt00018 position row."""

    code: str
    name: str
    qty: int
    sellable_qty: int
    avg_price: int
    price: int
    prev_close: int
    purchase_amount: int
    eval_amount: int
    pnl: int
    rate_bp: int
    fees: int
    tax: int
    weight_bp: int


class Balance(msgspec.Struct, frozen=True, kw_only=True):
    """kt00018 account totals and holdings."""

    total_purchase: int
    total_eval: int
    total_pnl: int
    total_rate_bp: int
    estimated_assets: int
    holdings: tuple[Holding, ...]
