"""What a change of the risk limits would sell at once, so that no change acts as a sale unseen.

A settings change can make the governor's exit timer sell at its next tick: ``eod_exit_time``
moved before now (or ``eod_exit`` switched to ``flatten`` inside the exit window),
``daily_loss_limit_pct`` lowered under today's loss with ``on_daily_loss = "flatten"`` (or that
switch made on a day the limit was already hit), ``capital_won`` lowered so that today's loss
becomes a larger share of it, ``stop_loss_pct`` tightened over a position whose stop is not
fixed yet (a position's stop is fixed when it opens: a later change moves none). The other
limits (weights, ``max_positions``, the entry window) only gate entries: they sell nothing.

The rules are the governor's own (:func:`agent.risk.exits.flatten_due`,
:func:`~agent.risk.exits.daily_loss_trigger`, :func:`~agent.risk.exits.exit_intents`), run
twice against the same account: under the limits in force and under the proposed ones. A
position counts only when the proposed limits sell it and the ones in force do not: an exit
already due (a stop reached, the end of day begun) is no change's doing. The freeze and the
exit desk's waits are left out on purpose: they delay an exit, never cancel it, so a change
made while frozen sells as soon as the freeze is lifted. After the day's close (or on a day
without a session) nothing sells until the next session, whose day starts the loss anew.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from msgspec import Struct
from msgspec.structs import replace

from agent.domain import OrderPurpose
from agent.market.sessions import SessionTimes
from agent.risk.account import AccountView
from agent.risk.exits import daily_loss_trigger, eod_exit_due, exit_intents, flatten_due
from agent.risk.limits import RiskLimits
from agent.risk.state import GovernorState, loss_limit_hit_today, transition

__all__ = ["ForcedSale", "SaleReason", "sold_by_change"]

SaleReason = Literal["eod_exit", "daily_loss_limit", "stop_loss"]


class ForcedSale(Struct, frozen=True, kw_only=True):
    """One of the agent's positions a change of limits would sell at once."""

    code: str
    quantity: int
    price: int
    """The price the rule was checked at (the account's last price of the code)."""
    reason: SaleReason


def sold_by_change(
    account: AccountView,
    before: RiskLimits,
    after: RiskLimits,
    state: GovernorState,
    now: datetime,
    session: SessionTimes | None,
) -> list[ForcedSale]:
    """Return the agent's positions that ``after`` sells at ``now`` and ``before`` does not.

    ``account`` is the agent's view (its own positions only: the user's holdings are never
    sold by a rule), ``state`` the governor's state now (whether the loss limit was hit today).
    A new ``capital_won`` is the base the Account measures the day's loss against from its
    next read, so the proposed limits are checked against it.
    """
    if session is None or now >= session.close:
        return []
    already = {s.code for s in _sales(account, before, state, now, session)}
    if after.capital_won is not None and after.capital_won != before.capital_won:
        account = replace(account, capital_won=after.capital_won)
    return [s for s in _sales(account, after, state, now, session) if s.code not in already]


def _sales(
    account: AccountView,
    limits: RiskLimits,
    state: GovernorState,
    now: datetime,
    session: SessionTimes,
) -> list[ForcedSale]:
    """The sells the exit timer calls for at ``now`` under ``limits``."""
    trigger = daily_loss_trigger(state, account, limits)
    if trigger is not None:
        state = transition(state, trigger)
    loss_hit = loss_limit_hit_today(state)
    flatten = flatten_due(limits, now, session, loss_limit_hit=loss_hit)
    eod = limits.eod_exit == "flatten" and eod_exit_due(now, limits, session)
    return [
        ForcedSale(
            code=intent.code,
            quantity=intent.quantity or 0,
            price=intent.reference_price,
            reason=_reason(intent.purpose, eod=eod),
        )
        for intent in exit_intents(account, lambda p: p.current_price, limits, now, eod=flatten)
    ]


def _reason(purpose: OrderPurpose, *, eod: bool) -> SaleReason:
    if purpose is OrderPurpose.STOP_LOSS:
        return "stop_loss"
    # exit_intents names every flatten an end-of-day exit; say which rule called for it.
    return "eod_exit" if eod else "daily_loss_limit"
