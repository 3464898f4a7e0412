"""Response and request shapes of the API (msgspec), never ORM rows or actor internals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

# The reports' shapes (DailyReport, WeeklyReport, PatternRow) are the learning module's own; the
# order, the position and the scanner's snapshot are the board's (actors.router.views,
# actors.account.messages, actors.scanner.messages), served over REST and /ws/live alike.
from agent.formats import STOCK_CODE
from agent.learning.reports import PatternRow

Code = Annotated[str, Meta(pattern=STOCK_CODE, description="KRX stock code, e.g. 005930")]


class Health(Struct, frozen=True, kw_only=True):
    """Liveness and readiness of the agent process."""

    status: Literal["ok", "degraded"]
    version: str
    mode: str
    database: Literal["ok", "unreachable", "not_migrated"]
    started_at: datetime
    now: datetime


CheckName = Literal["watchdog", "api_loop", "actors", "tree", "broker", "feed"]
"""Liveness: watchdog, api_loop, actors. Readiness: tree, broker, feed."""


class HealthCheck(Struct, frozen=True, kw_only=True):
    """One check of liveness or readiness: its name, state and age, never account data."""

    name: CheckName
    ok: bool
    state: str
    """e.g. ``running``, ``beating``, ``stuck: router``, ``reconciled``, ``stale``, ``realtime``,
    ``polling``, ``down``."""
    age_s: float | None = None
    """Seconds since what the check watches last happened (a heartbeat, a reconciliation)."""


class Liveness(Struct, frozen=True, kw_only=True):
    """Is the process making progress? 503: it is not, and should be restarted."""

    live: bool
    failing: list[CheckName]
    """The names of the checks that failed."""
    checks: list[HealthCheck]
    now: datetime


class Readiness(Struct, frozen=True, kw_only=True):
    """Is the agent fit to trade: its tree running, the account reconciled with the broker
    recently, market data flowing as configured? 503 names what is not."""

    ready: bool
    failing: list[CheckName]
    """The names of the checks that failed."""
    checks: list[HealthCheck]
    now: datetime


class BrokerState(Struct, frozen=True, kw_only=True):
    """Whether the broker answers, from the outcome of every call the agent made."""

    state: Literal["up", "lost", "unknown", "down"]
    """``up``: the last call got an answer; ``lost``: calls have failed for a while (a system
    event and a notification were sent); ``unknown``: no call finished yet; ``down``: no broker
    session (the agent is stopped or its gateway restarting)."""
    last_ok_at: datetime | None
    """When a broker call last got an answer (wall time)."""
    last_ok_age_s: float | None
    failures: int
    """Calls failed since the last answer."""
    last_error: str | None


class SystemStatus(Struct, frozen=True, kw_only=True):
    mode: str
    agent_running: bool
    phase: str | None
    market_time: datetime | None
    trading_date: str | None
    broker_connected: bool
    """The broker session is open and its last call got an answer (``broker`` says more)."""
    broker: BrokerState
    realtime_connected: bool
    feed: Literal["realtime", "polling", "reconnecting", "down"]
    """Where prices come from: the realtime feed, polled quotes, nothing while the feed
    reconnects, or nothing at all (no session)."""
    feed_configured: Literal["realtime", "polling"]
    """What ``kiwoom.realtime`` asks for: ``polling`` as ``feed`` is then the norm, not a
    fallback."""
    account_reconciled_at: datetime | None
    """When the account last matched the broker's cash and holdings."""
    account_age_s: float | None
    """Real seconds since then (None: never this run)."""
    account_stale: bool
    """Balance and positions are older than ``watchdog.ready_reconcile_max_age_s``: they are
    the last known figures, not the broker's now (and stops act on what the agent last saw)."""
    risk_state: str | None
    kill_switch: bool
    frozen: bool
    """Every automatic order is stopped (no entry, stop-loss or end-of-day exit)."""
    entries_paused: bool
    daily_loss_hit: bool


class Balance(Struct, frozen=True, kw_only=True):
    """예수금, 총평가금액 and the day's P&L, in won."""

    cash: int
    orderable: int
    """주문가능금액: may include 미수 room the agent never uses."""
    orderable_cash_only: int
    """증거금100% 주문가능금액: what the agent may spend."""
    capital: int
    """The agent's capital budget today (risk.capital_won, or the cash at the day's start)."""
    equity: int
    """The whole account's estimated value, the user's holdings included."""
    realized_pnl: int
    """The agent's realised P&L today (its own lots only)."""
    open_pnl: int
    daily_pnl: int
    reconciled_at: datetime | None
    age_s: float | None
    """Real seconds since the reconciliation these figures come from (None: never)."""
    stale: bool
    """Older than ``watchdog.ready_reconcile_max_age_s``: the last known figures."""


class TradeRow(Struct, frozen=True, kw_only=True):
    id: int
    trade_date: date
    code: str
    name: str | None
    strategy_tag: str
    quantity: int
    entry_time: datetime
    entry_price: int
    exit_time: datetime | None
    exit_price: int | None
    exit_reason: str | None
    commission: int
    tax: int
    realized_pnl: int | None
    return_bps: int | None
    slippage_won: int
    news_score_at_entry: int | None
    volume_rank_at_entry: int | None
    reason_codes: list[str]


class Page(Struct, frozen=True, kw_only=True):
    total: int
    page: int
    page_size: int


class TradePage(Struct, frozen=True, kw_only=True):
    items: list[TradeRow]
    page: Page


class SystemEventRow(Struct, frozen=True, kw_only=True):
    id: int
    at: datetime
    kind: str
    severity: str
    actor_id: str | None
    reason: str | None
    restart_count: int | None


class EmergencySell(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Sell the agent's positions at market. ``confirm`` must be exactly ``LIQUIDATE``;
    ``scope`` "all" also sells the user's own holdings in the account (never by default)."""

    confirm: Literal["LIQUIDATE"]
    scope: Literal["agent", "all"] = "agent"
    reason: Annotated[str, Meta(min_length=1, max_length=200)] = "operator"


class Freeze(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Stop (or resume) every automatic order: entries, stops, end-of-day and loss exits."""

    frozen: bool
    reason: Annotated[str, Meta(min_length=1, max_length=200)] = "operator"


class KillSwitch(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    engaged: bool
    reason: Annotated[str, Meta(min_length=1, max_length=200)] = "operator"


class EntriesToggle(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    enabled: bool


class Accepted(Struct, frozen=True, kw_only=True):
    """A command handed to the agent (it acts on it asynchronously)."""

    accepted: bool
    detail: str


class ActorRow(Struct, frozen=True, kw_only=True):
    id: str
    supervisor: str
    state: str
    restart_count: int
    last_failure: str | None
    last_failure_at: datetime | None
    heartbeat_age_s: float | None = None
    """Seconds since the watchdog last saw its mailbox move; null when it is not watched."""


class PatternReport(Struct, frozen=True, kw_only=True):
    first: date
    last: date
    min_trades: int
    """Trades a pattern needs to be called best or worst."""
    best: PatternRow | None
    worst: PatternRow | None
    patterns: list[PatternRow]
    """Every pattern of the span, the best expectancy first."""


class WatchRequest(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    code: Code


class ParameterChangeRow(Struct, frozen=True, kw_only=True):
    at: datetime
    component: str
    key: str
    old_value: object
    new_value: object
    changed_by: str
