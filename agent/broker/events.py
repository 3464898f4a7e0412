"""What the broker pushes as it happens: trade prints, books, VI, the account's order
executions and balance changes. The FID named on each field is where the Kiwoom adapter
(:mod:`agent.kiwoom.realtime.decode`) reads it from; the types are the domain's."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from agent.broker.market import BookLevel
from agent.broker.orders import OrderAction
from agent.domain.enums import Side


class ExecutionState(StrEnum):
    """What an order execution report says happened to the order."""

    ACCEPTED = "accepted"  # 접수
    FILLED = "filled"  # 체결
    CONFIRMED = "confirmed"  # 확인: a modify or cancel took effect
    CANCELLED = "cancelled"  # 취소
    REJECTED = "rejected"  # 거부
    OTHER = "other"
    """A state the adapter does not know; the lists settle what became of the order."""


class TradeTick(msgspec.Struct, frozen=True, kw_only=True):
    """0B 주식체결: one trade print."""

    code: str
    time: datetime | None
    price: int
    change: int
    rate_bp: int
    qty: int
    side: Side | None
    """Aggressor: BUY for ``+`` (매수체결), SELL for ``-``."""
    ask: int
    bid: int
    cum_volume: int
    cum_turnover_won: int
    open: int
    high: int
    low: int
    strength_bp: int
    session: str
    """290 장구분: 1 pre-market after-hours, 2 regular, 3 post-market after-hours."""


class OrderBookUpdate(msgspec.Struct, frozen=True, kw_only=True):
    """0D 주식호가잔량: ten-level book."""

    code: str
    time: datetime | None
    asks: tuple[BookLevel, ...]
    bids: tuple[BookLevel, ...]
    total_ask_qty: int
    total_bid_qty: int
    expected_price: int
    expected_qty: int


class OrderExecution(msgspec.Struct, frozen=True, kw_only=True):
    """00 주문체결: order accepted / filled / confirmed / cancelled / rejected."""

    order_no: str
    code: str
    name: str
    state: ExecutionState
    status: str
    """913 as sent (접수, 체결, 확인, 취소, 거부), for people to read."""
    side: Side | None
    action: OrderAction
    kind: str
    """905 주문구분 as sent (+매수, -매도, 정정/취소 variants), for people to read."""
    trade_type: str
    qty: int
    price: int
    open_qty: int
    filled_amount: int
    orig_order_no: str | None
    time: datetime | None
    fill_no: str
    fill_price: int
    fill_qty: int
    """911 체결량: the order's cumulative executed quantity (``qty - open_qty``)."""
    unit_fill_price: int
    unit_fill_qty: int
    """915 단위체결량: this execution alone."""
    fee: int
    tax: int
    reject_reason: str
    exchange: str


class BalanceUpdate(msgspec.Struct, frozen=True, kw_only=True):
    """04 현물잔고: a position changed."""

    code: str
    name: str
    price: int
    qty: int
    avg_price: int
    purchase_amount: int
    orderable_qty: int
    net_buy_today: int
    realized_pnl_today: int
    rate_bp: int


class ViTriggered(msgspec.Struct, frozen=True, kw_only=True):
    """1h VI발동/해제."""

    code: str
    name: str
    kind: str
    """9068 VI발동구분 as sent."""
    apply_type: str
    """1225 정적 / 동적 / 동적+정적."""
    direction: str
    trigger_price: int
    triggered_at: datetime | None
    released_at: datetime | None
    static_base_price: int
    dynamic_base_price: int
    static_gap_bp: int
    dynamic_gap_bp: int
    count: int
    cum_volume: int


class MarketPhase(msgspec.Struct, frozen=True, kw_only=True):
    """0s 장시작시간: session phase code 215 (0, 3, 2, 4, 8, 9, a-d, P-V)."""

    phase: str
    time: datetime | None
    remaining_seconds: int | None
