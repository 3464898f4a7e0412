"""The account as the risk governor sees it: plain data the Account actor assembles.

All money is integer won. The governor never reads the broker or the database; whoever calls it
passes a consistent snapshot (the broker is the source of truth for what the account holds, the
agent's own fills for which of it is the agent's: :mod:`agent.portfolio.lots`). ``positions``
are the agent's lots only; the user's holdings are ``external`` and never counted in a limit.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from msgspec import Struct

from agent.domain.enums import OrderPurpose, Side
from agent.market.board import Board
from agent.market.fees import commission

__all__ = ["AccountView", "PendingOrder", "Position"]


class Position(Struct, frozen=True, kw_only=True):
    """Shares of one code held now."""

    code: str
    quantity: int
    avg_price: int
    """Average purchase price per share in won (the broker's 매입단가)."""
    current_price: int
    board: Board = Board.KOSPI
    stop_price: int | None = None
    """The stop fixed when the position opened (:func:`agent.risk.exits.stop_price`); None:
    derive it from ``avg_price``."""
    sellable: int | None = None
    """Shares an exit may sell now: the lot, capped by the broker's 주문가능수량 (a manual
    pending sell of the user's lowers it). None: the whole ``quantity``."""

    @property
    def sellable_now(self) -> int:
        held = max(self.quantity, 0)
        return held if self.sellable is None else max(min(self.sellable, held), 0)

    @property
    def open_pnl_won(self) -> int:
        """Unrealised P&L against the average price, before costs."""
        return self.quantity * (self.current_price - self.avg_price)


class PendingOrder(Struct, frozen=True, kw_only=True):
    """An order sent (or about to be) and not yet finished: its unfilled part only."""

    code: str
    side: Side
    purpose: OrderPurpose
    quantity: int
    """Shares not yet filled."""
    reserved_won: int = 0
    """Cash a pending buy holds for its unfilled shares, commission included (0 for sells)."""
    strategy_tag: str = ""
    client_order_id: str = ""

    @property
    def is_entry(self) -> bool:
        return self.side is Side.BUY

    @property
    def is_exit(self) -> bool:
        """A sell the agent works to leave a position now (a backstop only waits)."""
        return self.side is Side.SELL and not self.is_backstop

    @property
    def is_backstop(self) -> bool:
        """A stop held at the broker for when the agent is away: its shares are the agent's
        to free (it is cancelled before an exit), so no exit counts them as sold."""
        return self.purpose is OrderPurpose.BACKSTOP


def pending_order(
    *,
    code: str,
    side: Side,
    purpose: OrderPurpose,
    remaining: int,
    price: int,
    commission_bps: Decimal | int,
    strategy_tag: str = "",
    client_order_id: str = "",
) -> PendingOrder:
    """Return the unfilled part of a working order; a buy reserves ``remaining`` shares at
    ``price`` (its limit, else the signal's price) plus commission."""
    reserved = 0
    if side is Side.BUY:
        reserved = remaining * price
        reserved += commission(reserved, commission_bps)
    return PendingOrder(
        code=code,
        side=side,
        purpose=purpose,
        quantity=remaining,
        reserved_won=reserved,
        strategy_tag=strategy_tag,
        client_order_id=client_order_id,
    )


class AccountView(Struct, frozen=True, kw_only=True):
    """A snapshot of the account for one decision."""

    capital_won: int
    """The agent's capital budget: the base of the weight and daily loss limits."""
    cash_won: int
    """What a new entry may still spend: the broker's 미수-free orderable cash (net of pending
    buys it has not acknowledged yet) and the capital not at work, whichever is less."""
    realised_pnl_today_won: int = 0
    """Realised P&L of the agent's sells today, after costs (carried lots against the previous
    close)."""
    open_pnl_won: int = 0
    """Unrealised P&L measured from the day's start: from the previous close for positions
    carried overnight, from the fill for today's."""
    positions: tuple[Position, ...] = ()
    """The agent's own positions (its lots)."""
    pending: tuple[PendingOrder, ...] = ()
    """The agent's working orders."""
    known_order_ids: frozenset[str] = frozenset()
    """Client order ids of every order of the day in the database, finished ones included
    (the governor's reservations end when their order is among them)."""
    external: tuple[Position, ...] = ()
    """The user's holdings in the same account: shown, never sold unless the operator names
    them (an emergency liquidation with scope ``all``)."""
    read_at: datetime | None = None
    """When the broker's figures (cash, holdings, 주문가능수량) were last read."""
    rejected_sells: tuple[tuple[str, datetime], ...] = ()
    """(code, when) of each of the agent's sells refused today (by the broker or the router)."""
    stop_attempts: tuple[tuple[str, int], ...] = ()
    """(code, n): the agent's stop-loss limits in the code today that ended unfilled (pulled
    to be re-priced); each re-issue is priced further through the bid."""

    @property
    def day_pnl_won(self) -> int:
        return self.realised_pnl_today_won + self.open_pnl_won

    def position(self, code: str) -> Position | None:
        """Return the held position in ``code``, or None when none (or zero shares) is held."""
        return next((p for p in self.positions if p.code == code and p.quantity > 0), None)

    def stop_attempts_in(self, code: str) -> int:
        return next((n for c, n in self.stop_attempts if c == code), 0)

    def pending_in(self, code: str) -> tuple[PendingOrder, ...]:
        return tuple(o for o in self.pending if o.code == code and o.quantity > 0)

    def occupied_codes(self) -> frozenset[str]:
        """Return codes that take a position slot: held, or with a pending entry."""
        held = {p.code for p in self.positions if p.quantity > 0}
        entering = {o.code for o in self.pending if o.is_entry and o.quantity > 0}
        return frozenset(held | entering)
