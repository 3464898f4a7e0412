"""What a proposed change of the risk limits would sell now, read from the snapshot board.

:func:`agent.risk.change_exits.sold_by_change` decides; this reads its inputs where the API can
reach them without asking an actor: the Account's snapshot (the agent's own positions, its
capital and the day's P&L) and the governor's (its state: whether the loss limit was hit
today). A stopped agent's last snapshot still counts: its positions are at the broker, and the
next start's exit timer sells what the change calls for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from actors import ids
from actors.account.messages import AccountSnapshot
from actors.board import SnapshotBoard
from actors.risk.messages import GovernorSnapshot
from agent.clock import KST
from agent.market.sessions import SessionSource, session_for
from agent.risk.account import AccountView, Position
from agent.risk.change_exits import ForcedSale, sold_by_change
from agent.risk.limits import RiskLimits
from agent.risk.state import GovernorState

__all__ = ["SalesCheck", "account_view_of", "sales_check"]

SalesCheck = Callable[[RiskLimits, RiskLimits], list[ForcedSale]]
"""(limits in force, proposed limits) -> the agent's positions the change would sell now."""


def sales_check(board: SnapshotBoard, now: datetime, calendar: SessionSource) -> SalesCheck | None:
    """Return the check of a change at ``now``, or None while the account is unknown (no
    snapshot yet): then there is nothing the change could be checked against."""
    account = board.snapshot(ids.ACCOUNT)
    if account is None or not isinstance(account.data, AccountSnapshot):
        return None
    view = account_view_of(account.data)
    governor = board.snapshot(ids.RISK)
    state = (
        GovernorState(governor.data.state)
        if governor is not None and isinstance(governor.data, GovernorSnapshot)
        else GovernorState.ACTIVE
    )
    session = session_for(now.astimezone(KST).date(), calendar)

    def check(before: RiskLimits, after: RiskLimits) -> list[ForcedSale]:
        return sold_by_change(view, before, after, state, now, session)

    return check


def account_view_of(account: AccountSnapshot) -> AccountView:
    """Return the account as the governor's exit rules read it: the agent's own positions
    (``managed``) at their last price with their fixed stops; the user's are never sold."""
    return AccountView(
        capital_won=account.capital,
        cash_won=account.orderable_cash_only,
        realised_pnl_today_won=account.realized_pnl,
        open_pnl_won=account.open_pnl,
        positions=tuple(
            Position(
                code=p.code,
                quantity=p.quantity,
                avg_price=p.avg_price,
                current_price=p.price,
                stop_price=p.stop_price,
                sellable=p.sellable,
            )
            for p in account.positions
            if p.managed and p.quantity > 0 and p.avg_price > 0
        ),
        read_at=account.reconciled_at,
    )
