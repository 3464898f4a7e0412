"""Exit triggers as pure functions: stop-loss, end of day, emergency liquidation, loss limit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from msgspec.structs import replace

from agent.clock import KST
from agent.domain.enums import OrderPurpose, Side
from agent.domain.intents import Intent
from agent.market.board import Board
from agent.market.sessions import SessionTimes
from agent.market.tick_size import round_up
from agent.risk.account import AccountView, Position
from agent.risk.limits import RiskLimits
from agent.risk.state import GovernorState, Trigger, loss_limit_hit_today

__all__ = [
    "OPERATOR_TAG",
    "RISK_STRATEGY_TAG",
    "WITH_USER_SHARES",
    "daily_loss_hit",
    "daily_loss_trigger",
    "emergency_intents",
    "eod_exit_due",
    "eod_exit_starts",
    "exit_intents",
    "flatten_due",
    "liquidation_intents",
    "stop_loss_hit",
    "stop_price",
]

RISK_STRATEGY_TAG = "risk"
"""``strategy_tag`` of intents the risk layer raises itself (stops, end of day, loss limit)."""
WITH_USER_SHARES = "WITH_USER_SHARES"
"""Reason code of an emergency sale of everything in a code (the user's shares too): the
agent's lot does not bound it."""
OPERATOR_TAG = "operator"
"""``strategy_tag`` of exits the operator ordered (an emergency liquidation): they pass even
the freeze, which stops only automatic orders."""


def stop_price(
    avg_price: int, stop_loss_bps: int, board: Board = Board.KOSPI, on: date | None = None
) -> int:
    """Return the stop for a position bought at ``avg_price``: the price at or below which it exits.

    The exact stop ``avg_price * (1 + stop_loss_bps / 10000)`` is rounded *up* to the tick grid,
    so the stop fires no later than the configured loss and at most one tick early: a -3 % stop
    never lets a position lose more than 3 % before it fires (gaps aside). Compute it once, when
    the position opens, and keep it in :attr:`Position.stop_price`.
    """
    if avg_price <= 0:
        raise ValueError(f"average price must be positive, got {avg_price}")
    if stop_loss_bps >= 0:
        raise ValueError(f"a stop-loss is below the entry: got {stop_loss_bps} bps")
    exact_ceiling = -(-avg_price * (10_000 + stop_loss_bps) // 10_000)
    return round_up(max(exact_ceiling, 1), board, on)


def stop_loss_hit(position: Position, price: int, limits: RiskLimits) -> bool:
    """Tell whether a trade at ``price`` reaches ``position``'s stop."""
    if position.quantity <= 0:
        return False
    stop = position.stop_price
    if stop is None:
        stop = stop_price(position.avg_price, limits.stop_loss_bps, position.board)
    return price <= stop


def eod_exit_starts(limits: RiskLimits, session: SessionTimes) -> datetime:
    """Return when the day's end-of-day exit starts: its lead before the closing auction.

    Keeping the lead rather than the wall-clock time follows the close on days it moves (CSAT
    day: 16:10 for a 15:10 setting, as the closing auction starts at 16:20).
    """
    return session.closing_auction.start - limits.eod_exit_lead


def eod_exit_due(now: datetime, limits: RiskLimits, session: SessionTimes | None) -> bool:
    """Tell whether positions should be flattened at ``now``.

    Due from :func:`eod_exit_starts` until the close (the closing auction included, so a
    position still open at 15:20 is exited in the auction); never when the policy is ``hold``
    or the market is closed today.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if limits.eod_exit != "flatten" or session is None:
        return False
    now = now.astimezone(KST)
    if now.date() != session.day:
        return False
    return eod_exit_starts(limits, session) <= now < session.close


def flatten_due(
    limits: RiskLimits, now: datetime, session: SessionTimes | None, *, loss_limit_hit: bool
) -> bool:
    """Tell whether the exit timer sells every position at ``now``: the end-of-day exit, or
    the daily loss limit's flatten (``loss_limit_hit``: the limit was reached today)."""
    eod = limits.eod_exit == "flatten" and eod_exit_due(now, limits, session)
    return eod or (limits.on_daily_loss == "flatten" and loss_limit_hit)


def exit_intents(
    account: AccountView,
    price_of: Callable[[Position], int],
    limits: RiskLimits,
    now: datetime,
    *,
    eod: bool,
) -> list[Intent]:
    """Return the governor's own sells at ``now``: every position at the end-of-day exit
    (``eod``), else those whose stop-loss ``price_of`` hit; none for a position whose exit is
    already working."""
    intents: list[Intent] = []
    for position in account.positions:
        price = price_of(position)
        if eod:
            purpose = OrderPurpose.EOD_EXIT
        elif stop_loss_hit(position, price, limits):
            purpose = OrderPurpose.STOP_LOSS
        else:
            continue
        if any(p.is_exit for p in account.pending_in(position.code)):
            continue
        intents.append(
            Intent(
                code=position.code,
                side=Side.SELL,
                purpose=purpose,
                reference_price=price,
                at=now,
                strategy_tag=RISK_STRATEGY_TAG,
                reasons=(purpose.value.upper(),),
                quantity=position.quantity,
            )
        )
    return intents


def liquidation_intents(positions: Iterable[Position], now: datetime, reason: str) -> list[Intent]:
    """Return one sell intent per held position, for an emergency liquidation of everything.

    The intents still go through :func:`agent.risk.check.check_intent`, which takes away what
    pending exits already cover and picks market (or marketable limit) orders.
    """
    return [
        Intent(
            code=p.code,
            side=Side.SELL,
            purpose=OrderPurpose.LIQUIDATION,
            reference_price=p.current_price,
            at=now,
            strategy_tag=RISK_STRATEGY_TAG,
            reasons=(reason,),
            quantity=p.quantity,
        )
        for p in positions
        if p.quantity > 0
    ]


def emergency_intents(account: AccountView, scope: str, now: datetime) -> list[Intent]:
    """Return the sells of an emergency liquidation the operator ordered: the agent's
    positions, or with ``scope`` "all" every sellable share of every code (the user's
    holdings too, a choice the operator names). Tagged :data:`OPERATOR_TAG`, so they pass
    the freeze."""
    everything = scope == "all"
    targets = list(account.positions)
    if everything:
        managed = {p.code for p in targets}
        targets += [p for p in account.external if p.code not in managed]
    intents = liquidation_intents(targets, now, "EMERGENCY_LIQUIDATION")
    if everything:
        # Everything sellable in the code: the agent's lot and the user's shares.
        return [
            replace(
                i,
                include_user_shares=True,
                quantity=None,
                strategy_tag=OPERATOR_TAG,
                reasons=(*i.reasons, WITH_USER_SHARES),
            )
            for i in intents
        ]
    return [replace(i, strategy_tag=OPERATOR_TAG) for i in intents]


def daily_loss_hit(account: AccountView, limits: RiskLimits) -> bool:
    """Tell whether the agent's day P&L (realised + open) has reached the daily loss limit,
    a share of its capital.

    A non-positive capital counts as hit: no limit can be measured against it.
    """
    base = account.capital_won
    if base <= 0:
        return True
    return account.day_pnl_won * 10_000 <= limits.daily_loss_limit_bps * base


def daily_loss_trigger(
    state: GovernorState, account: AccountView, limits: RiskLimits
) -> Trigger | None:
    """Return ``DAILY_LOSS_HIT`` when the limit is reached and ``state`` does not know it yet."""
    if daily_loss_hit(account, limits) and not loss_limit_hit_today(state):
        return Trigger.DAILY_LOSS_HIT
    return None
