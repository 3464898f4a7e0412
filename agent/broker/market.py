"""What the broker says of the market: quotes, order books, bars, rankings, VI, listings.

Prices are int won magnitudes; ``change`` keeps its sign; rates are basis points (``2986`` =
+29.86 %). The TR named on each type is where the Kiwoom adapter (:mod:`agent.kiwoom.trs`) reads
it from; the types are the domain's.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import msgspec


class StockInfo(msgspec.Struct, frozen=True, kw_only=True):
    """ka10001 basic information of one stock."""

    code: str
    name: str
    price: int
    change: int
    rate_bp: int
    volume: int
    open: int
    high: int
    low: int
    upper_limit: int
    lower_limit: int
    base_price: int
    expected_price: int
    expected_qty: int


class Quote(msgspec.Struct, frozen=True, kw_only=True):
    """One row of the ka10095 multi-quote."""

    code: str
    name: str
    price: int
    base_price: int
    change: int
    rate_bp: int
    volume: int
    turnover_won: int
    strength_bp: int
    """체결강도 (buy/sell volume ratio) as basis points of a percent."""
    ask: int
    bid: int
    open: int
    high: int
    low: int
    upper_limit: int
    lower_limit: int
    expected_price: int
    expected_qty: int


class BookLevel(msgspec.Struct, frozen=True):
    """One price level: price in won and resting quantity."""

    price: int
    qty: int


class OrderBook(msgspec.Struct, frozen=True, kw_only=True):
    """ka10004 ten-level book; ``asks[0]``/``bids[0]`` are the best levels."""

    code: str
    time: datetime | None
    asks: tuple[BookLevel, ...]
    bids: tuple[BookLevel, ...]
    total_ask_qty: int
    total_bid_qty: int


class Bar(msgspec.Struct, frozen=True, kw_only=True):
    """ka10080 minute bar; ``time`` is the bar time in KST as Kiwoom reports it."""

    code: str
    time: datetime
    open: int
    high: int
    low: int
    close: int
    volume: int


class DailyBar(msgspec.Struct, frozen=True, kw_only=True):
    """ka10081 daily bar."""

    code: str
    day: date
    open: int
    high: int
    low: int
    close: int
    volume: int
    turnover_won: int
    change: int


class RankedStock(msgspec.Struct, frozen=True, kw_only=True):
    """One row of a ranking TR (ka10032, ka10030, ka10023, ka10027), in ranking order."""

    rank: int
    code: str
    name: str
    price: int
    change: int
    rate_bp: int
    volume: int
    turnover_won: int | None = None
    prev_volume: int | None = None
    surge_qty: int | None = None
    surge_rate_bp: int | None = None
    strength_bp: int | None = None


class ViStock(msgspec.Struct, frozen=True, kw_only=True):
    """ka10054: a stock whose volatility interruption triggered."""

    code: str
    name: str
    cum_volume: int
    trigger_price: int
    kind: str
    """viaplc_tp as sent (정적 / 동적 / 동적+정적)."""
    triggered_at: datetime | None
    released_at: datetime | None
    dynamic_base_price: int
    static_base_price: int
    dynamic_gap_bp: int
    static_gap_bp: int
    count: int


class SecurityKind(StrEnum):
    """What a listing is; only ordinary stocks are traded unless a kind is allowed explicitly."""

    STOCK = "STOCK"
    PREFERRED = "PREFERRED"  # 우선주
    ETF = "ETF"
    ETN = "ETN"
    ELW = "ELW"
    SPAC = "SPAC"  # 기업인수목적회사 (스팩)
    REIT = "REIT"
    OTHER = "OTHER"


class Designation(StrEnum):
    """An exchange designation (지정) that marks a listing as risky or restricted."""

    ADMINISTRATIVE = "ADMINISTRATIVE"  # 관리종목
    CAUTION_ALERT = "CAUTION_ALERT"  # 투자주의환기종목
    CAUTION = "CAUTION"  # 투자주의
    WARNING = "WARNING"  # 투자경고
    RISK = "RISK"  # 투자위험
    OVERHEATED = "OVERHEATED"  # 단기과열
    LIQUIDATION = "LIQUIDATION"  # 정리매매


class ListingInfo(msgspec.Struct, frozen=True, kw_only=True):
    """ka10100 listing of one code: what it is, whether it trades, its designations.

    The wire reading lives in :mod:`agent.kiwoom.trs.listing`.
    """

    code: str
    name: str
    market: str
    """marketName as sent (거래소, 코스닥, ETF...)."""
    kind: SecurityKind
    halted: bool
    """거래정지: no trading in the code now."""
    designations: tuple[Designation, ...]
    """Every designation found in state, auditInfo and orderWarning, each once, in enum order."""


class Listed(msgspec.Struct, frozen=True, kw_only=True):
    """One row of the market's listings (ka10099): the listing and the market it is under."""

    info: ListingInfo
    market_code: str
    """``0`` KOSPI, ``10`` KOSDAQ, ... (the ``mrkt_tp`` asked for)."""
    listed_shares: int
