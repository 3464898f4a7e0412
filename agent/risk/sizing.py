"""Entry sizing in whole shares: under the weight limit and affordable with its commission."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from msgspec import Struct

from agent.market.fees import commission
from agent.risk.account import AccountView
from agent.risk.reasons import ApprovalNote

__all__ = ["EntrySize", "max_affordable_qty", "size_entry", "weight_cap_won"]


class EntrySize(Struct, frozen=True, kw_only=True):
    """The shares an entry may buy and which constraint bound it."""

    quantity: int
    by_weight: int
    by_cash: int
    binding: ApprovalNote


def weight_cap_won(capital_won: int, max_weight_bps: int) -> int:
    """Return the most one code may be worth: ``max_weight_bps`` of the capital, floored."""
    return max(capital_won, 0) * max_weight_bps // 10_000


def max_affordable_qty(price: int, cash_won: int, commission_bps: Decimal | int) -> int:
    """Return the most whole shares at ``price`` that ``cash_won`` pays for, commission included.

    Commission is truncated to whole won (as :func:`agent.market.fees.commission` charges it),
    so the exact answer is found from the real-valued estimate by stepping with the real fee.
    """
    if price <= 0:
        raise ValueError(f"price must be positive, got {price}")
    if cash_won <= 0:
        return 0

    def affordable(qty: int) -> bool:
        amount = qty * price
        return amount + commission(amount, commission_bps) <= cash_won

    estimate = Decimal(cash_won) * 10_000 / (Decimal(price) * (10_000 + Decimal(commission_bps)))
    qty = int(estimate.to_integral_value(rounding=ROUND_FLOOR))
    while affordable(qty + 1):
        qty += 1
    while qty > 0 and not affordable(qty):
        qty -= 1
    return qty


def size_entry(
    code: str,
    price: int,
    last_price: int,
    account: AccountView,
    max_weight_bps: int,
    commission_bps: Decimal | int,
    requested: int | None = None,
) -> EntrySize:
    """Return how many shares of ``code`` an entry at limit ``price`` may buy.

    The weight counts what the code already takes: the held shares at ``last_price`` plus the
    cash reserved by pending entries in it. The new shares are valued at the limit ``price`` (the
    most a limit buy can pay). Cash is the account's orderable cash, already net of pending buys.
    """
    held = account.position(code)
    existing = (held.quantity * last_price if held else 0) + sum(
        o.reserved_won for o in account.pending_in(code) if o.is_entry
    )
    room = weight_cap_won(account.capital_won, max_weight_bps) - existing
    by_weight = max(room, 0) // price
    by_cash = max_affordable_qty(price, account.cash_won, commission_bps)
    quantity = min(by_weight, by_cash)
    binding = ApprovalNote.SIZED_BY_WEIGHT if by_weight <= by_cash else ApprovalNote.SIZED_BY_CASH
    if requested is not None and requested < quantity:
        quantity, binding = requested, ApprovalNote.SIZED_BY_REQUEST
    return EntrySize(quantity=quantity, by_weight=by_weight, by_cash=by_cash, binding=binding)
