"""Orders, fills and the events the exchange reports about them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

import msgspec


class Side(Enum):
    BUY = "2"  # Kiwoom's 매도수구분: 1 매도, 2 매수
    SELL = "1"


class Kind(Enum):
    """How the order's price is set."""

    LIMIT = "limit"
    MARKET = "market"
    BEST = "best"  # 최유리지정가: a limit at the opposite best price
    PRIORITY = "priority"  # 최우선지정가: a limit at the own side's best price


class Condition(Enum):
    NONE = "none"
    IOC = "ioc"
    FOK = "fok"


class TradeType(msgspec.Struct, frozen=True):
    """One ``trde_tp`` code: kind, condition and the 매매구분 name Kiwoom shows."""

    kind: Kind
    condition: Condition
    label: str
    needs_price: bool
    stop: bool = False
    """A stop order: it also needs a stop price (``cond_uv``) and waits for it (stops.py)."""


# trde_tp codes (kiwoom-rest-api.md §4.2). 5 조건부지정가 is treated as a plain limit: its
# conversion to a market order at the closing auction is not simulated. 28 스톱지정가 is a limit
# order armed outside the book until a print reaches its stop (krxsim/exchange/stops.py).
TRADE_TYPES: dict[str, TradeType] = {
    "0": TradeType(Kind.LIMIT, Condition.NONE, "보통", True),
    "3": TradeType(Kind.MARKET, Condition.NONE, "시장가", False),
    "5": TradeType(Kind.LIMIT, Condition.NONE, "조건부지정가", True),
    "6": TradeType(Kind.BEST, Condition.NONE, "최유리지정가", False),
    "7": TradeType(Kind.PRIORITY, Condition.NONE, "최우선지정가", False),
    "10": TradeType(Kind.LIMIT, Condition.IOC, "보통(IOC)", True),
    "13": TradeType(Kind.MARKET, Condition.IOC, "시장가(IOC)", False),
    "16": TradeType(Kind.BEST, Condition.IOC, "최유리(IOC)", False),
    "20": TradeType(Kind.LIMIT, Condition.FOK, "보통(FOK)", True),
    "23": TradeType(Kind.MARKET, Condition.FOK, "시장가(FOK)", False),
    "26": TradeType(Kind.BEST, Condition.FOK, "최유리(FOK)", False),
    "28": TradeType(Kind.LIMIT, Condition.NONE, "스톱지정가", True, stop=True),
}


class Status(Enum):
    """주문상태 as Kiwoom names it."""

    ACCEPTED = "접수"
    FILLED = "체결"
    CONFIRMED = "확인"  # a modify or cancel took effect
    CANCELLED = "취소"
    REJECTED = "거부"


class Fill(msgspec.Struct, frozen=True, kw_only=True):
    """One execution of our order."""

    fill_no: str
    ord_no: str
    code: str
    side: Side
    price: int
    qty: int
    at: datetime
    commission: int
    tax: int


@dataclass
class Order:
    """An order as the exchange tracks it; mutable inside the engine only."""

    ord_no: str
    code: str
    side: Side
    trade_type: str
    qty: int
    price: int
    """Limit price; 0 for market orders."""
    at: datetime
    orig_ord_no: str = "0000000"
    action: str = ""
    """"" for a new order, "정정" for a modify order (which lives on), "취소" for a cancel."""
    filled: int = 0
    filled_value: int = 0
    cancelled: int = 0
    status: Status = Status.ACCEPTED
    commission: int = 0
    tax: int = 0
    seen_k: int = -1
    """Last step of the tape this order has been matched against."""
    ahead: int = 0
    """Quantity queued before this order at its price that trades first (a sell joining the
    queue of a stock locked at its lower limit)."""
    stop_price: int = 0
    """A stop order's trigger price (``cond_uv``); 0 for every other order."""
    armed: bool = False
    """A stop order not yet triggered: it rests outside the book and cannot fill."""
    fills: list[Fill] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return self.qty - self.filled - self.cancelled

    @property
    def is_open(self) -> bool:
        return self.live and self.remaining > 0 and self.status is not Status.REJECTED

    @property
    def live(self) -> bool:
        """Tell whether this order can trade (a cancel order is only a record)."""
        return self.action != "취소"

    @property
    def kind(self) -> TradeType:
        return TRADE_TYPES[self.trade_type]

    @property
    def io_label(self) -> str:
        """Return 주문구분 such as ``+매수``, ``-매도정정``."""
        sign = "+매수" if self.side is Side.BUY else "-매도"
        return sign + self.action


class OrderSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """A copy of an order's state at the moment of an event."""

    ord_no: str
    orig_ord_no: str
    code: str
    side: Side
    io_label: str
    trade_label: str
    qty: int
    price: int
    remaining: int
    filled: int
    filled_value: int
    status: Status
    at: datetime
    commission: int
    tax: int


class OrderEvent(msgspec.Struct, frozen=True, kw_only=True):
    """Something happened to one of our orders (realtime type 00, and 04 after fills)."""

    order: OrderSnapshot
    fill: Fill | None = None


def snapshot(order: Order, at: datetime, status: Status | None = None) -> OrderSnapshot:
    """Freeze ``order`` for an event."""
    return OrderSnapshot(
        ord_no=order.ord_no,
        orig_ord_no=order.orig_ord_no,
        code=order.code,
        side=order.side,
        io_label=order.io_label,
        trade_label=order.kind.label,
        qty=order.qty,
        price=order.price,
        remaining=order.remaining if order.live else 0,
        filled=order.filled,
        filled_value=order.filled_value,
        status=status or order.status,
        at=at,
        commission=order.commission,
        tax=order.tax,
    )
