"""Messages of the Account: cash and positions as the broker reports them."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.domain import OrderPurpose, Side


class Refresh(Struct, frozen=True):
    """Reconcile cash and holdings with the broker soon (a fill, an order ended, the user's
    order seen): a burst of these is one read a second after the first."""


class RefreshDue(Struct, frozen=True, kw_only=True):
    """The Account's own timer: reconcile now (``periodic``: the 30-second one)."""

    periodic: bool


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


class GetEquity(Struct, frozen=True):
    """Ask: return the whole account's estimated value at the last read of the broker (None
    before the first): the recorder's ending equity of the day."""


class AccountFacts(Struct, frozen=True, kw_only=True):
    """What the Account tells the actors that depend on it, on every change (and to one that
    has just started: :class:`actors.messages.Wanted`)."""

    held: frozenset[str]
    """The codes the agent holds a lot of: a StockActor reports each print of one for its stop
    and its entry rule skips it; the scanner keeps watching them."""
    credit_possible: bool
    """The account may lend (미수 room: kt00001's orderable above its 미수-free orderable); the
    router then checks a buy against the 미수-free cash before sending it."""


class PositionSummary(Struct, frozen=True, kw_only=True):
    """One holding: the agent's own (``managed``) or the user's in the same account."""

    code: str
    name: str
    managed: bool
    quantity: int
    sellable: int
    avg_price: int
    price: int
    pnl: int
    return_bps: int
    stop_price: int | None
    backstop_price: int | None = None
    """The trigger of the agent's backstop for it at the broker (its stop while the agent is
    not running); None: none works now (refused, pulled for an exit, turned off, the user's)."""


class AccountSnapshot(Struct, frozen=True, kw_only=True):
    """What the board and the API show of the account."""

    at: datetime
    cash: int
    orderable: int
    """주문가능금액 (may include 미수 room)."""
    orderable_cash_only: int
    """증거금100% 주문가능금액: what the agent may spend (never 미수 or credit)."""
    capital: int
    """The agent's capital budget today."""
    equity: int
    """The whole account's estimated value, the user's holdings included."""
    realized_pnl: int
    """The agent's realised P&L today."""
    open_pnl: int
    """The agent's unrealised P&L of the day."""
    positions: tuple[PositionSummary, ...]
    reconciled_at: datetime | None
