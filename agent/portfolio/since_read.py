"""What the broker's figures do not show yet: the agent's own orders since the account was read.

The Account reads kt00001 (미수-free orderable cash) and kt00018 (holdings, 주문가능수량) every
30 seconds, soon after a fill and when the router sees an order end. In between, the agent keeps
trading, and the figures go stale in two ways that cost a real account money:

- cash: an entry accepted after the read holds cash at the broker that the read still shows as
  free, so the next entry would be sized from it and the broker would lend the difference (미수);
- shares: a stop accepted before the read took its shares out of 주문가능수량; cancelled for
  re-pricing after it, the read still says they are committed, and the re-issued stop would be
  refused as not sellable until the next read.

So every read is taken with a :class:`ReadMark`: which of the agent's orders the broker had
acknowledged just before (those the figures certainly reflect) and how much of each was still
working. Laying the agent's orders as they are now over the read gives the figures as they are
now. Orders acknowledged while the read was under way count as not reflected, which errs on the
safe side (less cash, fewer free shares).

- holdings: an entry filled since the read is a position now, though the read shows no shares:
  until the next read it must still take its slot among ``max_positions`` (its order is no
  longer pending either), so the agent's own fills since the read are laid over 보유수량 too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from msgspec import Struct

from agent.domain.enums import Side
from agent.market.fees import commission

__all__ = [
    "OwnOrder",
    "ReadMark",
    "backstopped",
    "free_shares",
    "held_shares",
    "mark_read",
    "unreflected_buy_cash",
]


class OwnOrder(Struct, frozen=True, kw_only=True):
    """One of the agent's orders of the day, as the database has it."""

    order_id: int
    code: str
    side: Side
    acknowledged: bool
    """The broker accepted it (it is not pending, in flight or of unknown fate)."""
    working: int
    """Shares still working at the broker (0 once the order is finished)."""
    filled: int
    filled_amount_won: int = 0
    price: int = 0
    """Its limit (else the signal's price): what a working buy holds per share."""
    backstop: bool = False
    """A stop held at the broker (:attr:`agent.domain.OrderPurpose.BACKSTOP`)."""


class _AtRead(Struct, frozen=True):
    working: int
    filled: int


class ReadMark(Struct, frozen=True, kw_only=True):
    """The agent's acknowledged orders just before the broker's figures were read."""

    orders: Mapping[int, _AtRead]


def mark_read(orders: Iterable[OwnOrder]) -> ReadMark:
    """Mark the orders the coming read reflects: every one the broker has acknowledged."""
    return ReadMark(
        orders={o.order_id: _AtRead(o.working, o.filled) for o in orders if o.acknowledged}
    )


def unreflected_buy_cash(
    orders: Iterable[OwnOrder], mark: ReadMark | None, commission_bps: Decimal | int
) -> int:
    """Return the cash the agent's buys hold or spent that the read's orderable cash still
    shows as free: every buy the read did not reflect, its working part at its price and its
    filled part at what it cost, commission included."""
    reflected = mark.orders if mark is not None else {}
    total = 0
    for order in orders:
        if order.side is not Side.BUY or order.order_id in reflected:
            continue
        amount = order.working * order.price + order.filled_amount_won
        total += amount + commission(amount, commission_bps)
    return total


def free_shares(
    code: str, sellable_at_read: int, orders: Iterable[OwnOrder], mark: ReadMark | None
) -> int:
    """Return the shares of ``code`` a sell may take now (kt00018 주문가능수량 brought up to date).

    A sell the read reflected had its working shares committed then: what it no longer works
    and did not sell (cancelled) is free again. A sell sent since takes what it works and what
    it sold out of the read's figure.
    """
    reflected = mark.orders if mark is not None else {}
    free = sellable_at_read
    for order in orders:
        if order.code != code or order.side is not Side.SELL:
            continue
        then = reflected.get(order.order_id)
        if then is None:
            free -= order.working + order.filled
        else:
            sold_since = max(order.filled - then.filled, 0)
            free += max(then.working - order.working - sold_since, 0)
    return max(free, 0)


def held_shares(
    code: str, held_at_read: int, orders: Iterable[OwnOrder], mark: ReadMark | None
) -> int:
    """Return the shares of ``code`` the account holds now (kt00018 보유수량 brought up to date):
    the read's figure plus what the agent's buys filled since, less what its sells filled since.

    A fill of an order acknowledged while the read was under way may be counted twice; for a
    buy that errs on the safe side (a position counted, its slot taken).
    """
    reflected = mark.orders if mark is not None else {}
    held = held_at_read
    for order in orders:
        if order.code != code:
            continue
        then = reflected.get(order.order_id)
        since = max(order.filled - (then.filled if then is not None else 0), 0)
        held += since if order.side is Side.BUY else -since
    return max(held, 0)


def backstopped(code: str, orders: Iterable[OwnOrder]) -> int:
    """Return the shares of ``code`` the agent's backstops hold at the broker: out of
    주문가능수량, yet free for the agent's own exit, which cancels the backstop first."""
    return sum(o.working for o in orders if o.code == code and o.backstop)
