"""Settings of the built-in Kiwoom-compatible simulator.

Every value the Kiwoom document marks unknown (§9) is a field here with the choice we made,
so there is one place to change it. Defaults make ``make demo`` work on a fresh machine.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum

import msgspec

from krxsim.clock import KST
from krxsim.market.specials import Designated, Halt, LimitDown


class RateProfile(Enum):
    """Per-api-id request budgets (kiwoom-rest-api.md §5.3)."""

    REAL = "real"  # 5 requests / second per api-id
    MOCK = "mock"  # 1 request / second per api-id
    OFF = "off"


RATE_PER_SECOND: dict[RateProfile, int] = {RateProfile.REAL: 5, RateProfile.MOCK: 1}


class StartingHolding(msgspec.Struct, frozen=True, kw_only=True):
    """Shares the account holds when the day starts (the owner's long-term holdings)."""

    code: str
    qty: int
    avg_price: int
    """Average purchase price per share, kt00018 ``pur_pric``."""


class FaultConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Faults switched on by configuration; rates are per mille of calls (0 = never)."""

    latency_ms: int = 0
    """Added delay before every REST answer, in real milliseconds."""
    http_5xx_per_mille: int = 0
    """Share of REST calls answered with HTTP 500 before any processing."""
    drop_per_mille: int = 0
    """Share of REST calls that never get an answer (the server holds them until the client
    gives up, at most ``drop_hold_seconds``), as a dropped connection looks to a client."""
    drop_hold_seconds: float = 30.0
    forced_429_per_mille: int = 0
    """Share of REST calls refused as rate-limited although under budget."""
    invalidate_token_after_calls: int = 0
    """After this many authorised REST calls the current token stops being valid (0 = never)."""
    ws_drop_after_seconds: float = 0.0
    """Close every realtime session this many real seconds after LOGIN (0 = never)."""
    partial_fill_per_mille: int = 0
    """Share of immediately marketable orders that fill only half, the rest resting."""
    reject_per_mille: int = 0
    """Share of new orders rejected with RC4025 as if the exchange refused them."""
    seed: int = 7
    """Seed of the fault dice, separate from the market seed."""


class SimulatorConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Everything that shapes one simulated trading day and the server around it."""

    host: str = "127.0.0.1"
    port: int = 0
    """0 picks an ephemeral port (tests); the CLI defaults to 8101."""
    seed: int = 20260
    trading_date: date | None = None
    """None = today in KST, moved forward to a weekday."""
    start: time = time(8, 30)
    """Market time the synthetic day starts at, whatever the wall clock says."""
    speed: float = 1.0
    app_key: str = ""
    app_secret: str = ""
    """When both are empty any non-empty pair is accepted."""
    account_no: str = "8000000011"
    initial_cash: int = 100_000_000
    holdings: tuple[StartingHolding, ...] = ()
    """Shares held at the start; each code must be listed by the synthetic market."""
    margin_room_won: int = 0
    """미수 room: how far beyond the cash buys may go (kt00001 ``ord_alow_amt`` includes it,
    ``100stk_ord_alow_amt`` does not); 0 = a plain cash account."""
    rate_profile: RateProfile = RateProfile.MOCK
    rate_limits: dict[str, int] = msgspec.field(default_factory=dict)
    """Per-api-id overrides of the profile, requests per second."""
    rate_burst: int = 2
    """Calls of one api-id that may come back to back before the per-second rate applies
    (Kiwoom's mock server lets 2 through, kiwoom-rest-api.md §5.3); never below the rate."""
    token_lifetime: timedelta = timedelta(hours=24)
    new_token_revokes_old: bool = True
    listed_codes: int = 2000
    surge_count: int = 6
    halts: tuple[Halt, ...] | None = None
    """Stocks halted from a market time to the close; None = the seed's choice, () = none
    (krxsim/market/specials.py)."""
    designated: tuple[Designated, ...] | None = None
    """Stocks designated for the day (투자경고, 관리종목, ...); None = the seed's choice."""
    limit_down: tuple[LimitDown, ...] | None = None
    """Stocks that crash to their lower limit at a market time and stay locked there;
    None = the seed's choice."""
    path_step_seconds: int = 5
    """Resolution of every code's price path; each step is one trade print."""
    commission_rate: Decimal = Decimal("0.00015")
    commission_unit: int = 10
    """Commission per fill is truncated to this many won (Kiwoom rounds fees to 10 won)."""
    sell_tax_rate: Decimal = Decimal("0.0020")
    minute_rows_per_page: int = 900
    daily_rows_per_page: int = 600
    """Unknown in the document (§9); chosen like minute bars' measured page size, smaller."""
    ranking_rows: int = 100
    """Ranking TRs answer one page of this many rows (unknown in the document)."""
    daily_history_days: int = 600
    minute_history_days: int = 4
    ws_ping_seconds: float = 10.0
    """Real seconds between server PINGs (unknown in the document)."""
    ws_missed_pings: int = 5
    ws_login_timeout_seconds: float = 10.0
    ws_max_items: int = 100
    """Most items one session may register (unknown in the document)."""
    ws_push_seconds: float = 0.2
    """Real seconds between realtime batches."""
    market_tick_seconds: float = 0.05
    """Real seconds between background steps of the market (fills, VI, news)."""
    order_hours: tuple[time, time] = (time(8, 30), time(15, 30))
    """Market-time window in which orders are accepted (RC4057 before, RC4058 after)."""
    first_order_no: int = 1
    """The day's first order number (a broker never gives one twice in a day: a demo run again
    on a day its database already holds starts past the numbers it holds)."""
    stop_reserves: bool = True
    """Unknown: whether an armed 스톱지정가 (trde_tp 28) holds its shares or cash. Our choice:
    it does, like a resting limit order (kt00018 ``trde_able_qty`` and 04 ``933`` leave its
    shares out). False: nothing is held until it triggers (krxsim/exchange/stops.py)."""
    multi_quote_max: int = 100
    redis_url: str = ""
    faults: FaultConfig = msgspec.field(default_factory=FaultConfig)

    def resolved_date(self, today: date | None = None) -> date:
        """Return the trading date: the configured one, or today's KST weekday."""
        if self.trading_date is not None:
            return self.trading_date
        day = today or datetime.now(KST).date()
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def start_at(self) -> datetime:
        """Return the market time the simulated day starts at."""
        return datetime.combine(self.resolved_date(), self.start, KST)

    def rate_limit(self, api_id: str) -> int:
        """Return requests per second allowed for ``api_id``; 0 = unlimited."""
        if api_id in self.rate_limits:
            return self.rate_limits[api_id]
        return RATE_PER_SECOND.get(self.rate_profile, 0)

    def rate_capacity(self, api_id: str) -> int:
        """Return how many calls of ``api_id`` may come back to back; 0 = unlimited."""
        limit = self.rate_limit(api_id)
        return max(limit, self.rate_burst) if limit > 0 else 0
