"""Messages of the Account: cash and positions as the broker reports them."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.domain import OrderPurpose, Side


class Refresh(Struct, frozen=True):
    """Reconcile cash and holdings with the broker now."""


class FillRecorded(Struct, frozen=True, kw_only=True):
    """The router recorded an execution: positions changed."""

    order_id: int
    code: str
    side: Side
    purpose: OrderPurpose
    quantity: int
    price: int
    at: datetime


class GetView(Struct, frozen=True):
    """Ask: return the :class:`agent.risk.account.AccountView` the risk governor checks against."""


class PositionSummary(Struct, frozen=True, kw_only=True):
    code: str
    name: str
    quantity: int
    avg_price: int
    price: int
    pnl: int
    return_bps: int
    stop_price: int | None


class AccountSnapshot(Struct, frozen=True, kw_only=True):
    """What the board and the API show of the account."""

    at: datetime
    cash: int
    orderable: int
    equity: int
    day_start_equity: int
    realized_pnl: int
    open_pnl: int
    positions: tuple[PositionSummary, ...]
    reconciled_at: datetime | None
