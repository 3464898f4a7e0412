"""The governor's limits, converted once from the user's settings into integer basis points.

Percent settings are floats in the TOML file (``-3.0`` means -3 %). They are converted here, once,
by :func:`agent.settings.units.pct_to_bps` (truncated toward zero, so every limit is at least as
tight as the user wrote it: 10.005 % weight -> 1000 bps; -3.005 % stop -> -300 bps).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from msgspec import Meta, Struct

from agent.domain.enums import OrderType
from agent.market.fees import KIWOOM_ONLINE_BPS
from agent.settings.components import RiskSettings, StrategySettings
from agent.settings.units import hhmm, pct_to_bps

__all__ = ["REGULAR_CLOSING_AUCTION", "Backstop", "OrderTerms", "RiskLimits"]

# The closing auction's start on a regular day; the EOD exit time is kept as a lead before it
# (agent.settings.checks enforces eod_exit_time < 15:20).
REGULAR_CLOSING_AUCTION = time(15, 20)


class OrderTerms(Struct, frozen=True, kw_only=True):
    """How the governor prices the orders it approves (see :mod:`agent.risk.order_terms`)."""

    entry_offset_ticks: Annotated[int, Meta(ge=0, le=20)] = 2
    """Entry limit = reference price + this many ticks (clipped to the upper limit)."""
    eod_order_type: OrderType = OrderType.LIMIT
    """End-of-day exits as a limit (then chased by the re-pricer) or as a market order."""
    eod_offset_ticks: Annotated[int, Meta(ge=0, le=20)] = 1
    """EOD limit exits: this many ticks below the reference price."""
    take_profit_offset_ticks: Annotated[int, Meta(ge=0, le=20)] = 0
    """Take-profit limit exits: this many ticks below the reference (0: at it)."""
    stop_order: Literal["marketable_limit", "best", "market"] = "marketable_limit"
    """Stop-loss exits: a limit ``stop_limit_ticks`` below the price (pulled by the router and
    re-issued further through until filled), 최유리지정가, or a market order."""
    stop_limit_ticks: Annotated[int, Meta(ge=1, le=20)] = 3


class Backstop(Struct, frozen=True, kw_only=True):
    """Where the stop held at the broker sits (:mod:`agent.core.backstops`)."""

    gap_bps: Annotated[int, Meta(ge=0, le=500)] = 50
    """Its trigger's distance below the agent's own stop."""
    slippage_bps: Annotated[int, Meta(gt=0, le=1_000)] = 200
    """Its limit's distance below its trigger."""


class RiskLimits(Struct, frozen=True, kw_only=True):
    """Everything :func:`agent.risk.check.check_intent` enforces, in integer units."""

    max_weight_bps: Annotated[int, Meta(gt=0, le=10_000)]
    """Largest share of the capital one code may take, counting its lot and pending entries."""
    stop_loss_bps: Annotated[int, Meta(ge=-500, le=-300)]
    """Stop distance below the average price (negative)."""
    daily_loss_limit_bps: Annotated[int, Meta(ge=-2_000, lt=0)]
    """The agent's day P&L (realised + open) over its capital that stops entries."""
    max_positions: Annotated[int, Meta(ge=1)]
    """Most codes the agent holds or has a pending entry in at once (the user's holdings do
    not count)."""
    eod_exit: Literal["flatten", "hold"] = "flatten"
    eod_exit_lead: timedelta = timedelta(minutes=10)
    """How long before the closing auction EOD exits start (15:10 -> 10 min on a regular day)."""
    entry_window: tuple[time, time] = (time(9, 0), time(10, 0))
    """KST [start, end) in which entries may be taken (the strategy's window)."""
    entries_enabled: bool = True
    """The strategy switch: False refuses every entry (exits still pass)."""
    disabled_strategies: frozenset[str] = frozenset()
    """Strategy tags whose entries are refused (runtime switch from the operator)."""
    allow_scale_in: bool = False
    """Permit an entry in a code already held or with a pending entry (weight still applies)."""
    max_entry_age: timedelta = timedelta(seconds=15)
    """An entry signal older than this is refused: its price no longer describes the market."""
    commission_bps: Decimal = KIWOOM_ONLINE_BPS
    terms: OrderTerms = OrderTerms()
    capital_won: int | None = None
    """The configured capital budget; None: the account's 미수-free cash at the day's start."""
    on_daily_loss: Literal["halt", "flatten"] = "halt"
    """At the daily loss limit: halt entries only, or also sell the agent's positions."""
    stop_reprice: timedelta = timedelta(seconds=5)
    stale_price: timedelta = timedelta(seconds=30)
    allowed_kinds: frozenset[str] = frozenset()
    """Security kinds besides common stock that entries may buy (ETF, ETN, ...)."""
    backstop: Backstop | None = None
    """The stop held at the broker for each position (None: none)."""

    def __post_init__(self) -> None:
        # msgspec checks Meta constraints when decoding only; a limit built in code (or one that
        # truncated to 0 bps) is checked here, so a RiskLimits that exists is a valid one.
        problems = []
        if not 0 < self.max_weight_bps <= 10_000:
            problems.append(f"max_weight_bps {self.max_weight_bps} not in (0, 10000]")
        if not -500 <= self.stop_loss_bps <= -300:
            problems.append(f"stop_loss_bps {self.stop_loss_bps} not in [-500, -300]")
        if not -2_000 <= self.daily_loss_limit_bps < 0:
            problems.append(f"daily_loss_limit_bps {self.daily_loss_limit_bps} not in [-2000, 0)")
        if self.max_positions < 1:
            problems.append(f"max_positions {self.max_positions} < 1")
        if self.eod_exit_lead < timedelta(0):
            problems.append("eod_exit_lead is negative")
        if self.entry_window[0] >= self.entry_window[1]:
            problems.append(f"entry window {self.entry_window} is empty")
        if self.max_entry_age <= timedelta(0):
            problems.append("max_entry_age must be positive")
        if self.commission_bps < 0:
            problems.append("commission_bps is negative")
        if problems:
            raise ValueError("invalid risk limits: " + "; ".join(problems))

    @classmethod
    def from_settings(
        cls,
        risk: RiskSettings,
        strategy: StrategySettings | None = None,
        terms: OrderTerms | None = None,
    ) -> RiskLimits:
        """Return the limits for ``risk`` (and the entry window and switch of ``strategy``);
        ``terms`` default to the entry offset of ``risk``."""
        strategy = strategy or StrategySettings()
        anchor = datetime.combine(datetime.min.date(), REGULAR_CLOSING_AUCTION)
        eod = datetime.combine(datetime.min.date(), hhmm(risk.eod_exit_time))
        return cls(
            max_weight_bps=pct_to_bps(risk.max_weight_pct),
            stop_loss_bps=pct_to_bps(risk.stop_loss_pct),
            daily_loss_limit_bps=pct_to_bps(risk.daily_loss_limit_pct),
            max_positions=risk.max_positions,
            eod_exit=risk.eod_exit,
            eod_exit_lead=max(anchor - eod, timedelta(0)),
            entry_window=(hhmm(strategy.window_start), hhmm(strategy.window_end)),
            entries_enabled=strategy.enabled,
            terms=terms
            or OrderTerms(
                entry_offset_ticks=risk.entry_offset_ticks,
                stop_order=risk.stop_order,
                stop_limit_ticks=risk.stop_limit_ticks,
            ),
            capital_won=risk.capital_won,
            on_daily_loss=risk.on_daily_loss,
            stop_reprice=timedelta(seconds=risk.stop_reprice_s),
            stale_price=timedelta(seconds=risk.stale_price_s),
            allowed_kinds=frozenset(risk.allow_security_kinds),
            backstop=Backstop(
                gap_bps=pct_to_bps(risk.backstop_gap_pct),
                slippage_bps=max(pct_to_bps(risk.backstop_slippage_pct), 1),
            )
            if risk.backstop
            else None,
        )
