"""The 409 a settings change gets when it would sell the agent's positions at once.

Like the emergency sale (``{"confirm": "LIQUIDATE"}``), a sale a person asks for names itself:
the change goes through only when repeated with ``?confirm=SELL``. The PUT's body stays the
settings section, unchanged, so the confirmation is a query parameter of the same request.
"""

from __future__ import annotations

from typing import Literal

import msgspec
from litestar.exceptions import ClientException
from litestar.openapi import ResponseSpec

from agent.risk.change_exits import ForcedSale, SaleReason

__all__ = [
    "CONFIRM_SALE",
    "SALE_CONFIRMATION",
    "ConfirmSale",
    "SaleToConfirm",
    "sale_unconfirmed",
]

ConfirmSale = Literal["SELL"]
CONFIRM_SALE: ConfirmSale = "SELL"
"""The value of the ``confirm`` query parameter that lets a change sell."""

_REASONS: dict[SaleReason, str] = {
    "eod_exit": "end-of-day exit",
    "daily_loss_limit": "daily loss limit",
    "stop_loss": "stop-loss",
}


class SaleToConfirm(msgspec.Struct, frozen=True, kw_only=True):
    """One of the agent's positions the change would sell at once."""

    code: str
    name: str
    quantity: int
    reason: SaleReason
    """The rule that would sell it: ``eod_exit``, ``daily_loss_limit`` or ``stop_loss``."""


class SalesToConfirm(msgspec.Struct, frozen=True, kw_only=True):
    sells: list[SaleToConfirm]
    confirm: ConfirmSale
    """Repeat the same request with ``?confirm=`` this value to make the change and sell."""


class ChangeRefused(msgspec.Struct, frozen=True, kw_only=True):
    """A 409: the change would sell at once (``extra`` lists what), or a ``capital_won`` the
    account cannot fund (no ``extra``). Nothing was changed."""

    status_code: int
    detail: str
    extra: SalesToConfirm | None = None


SALE_CONFIRMATION = ResponseSpec(
    data_container=ChangeRefused,
    generate_examples=False,
    description=(
        "Nothing changed: the change would sell the agent's positions at once (extra.sells; "
        "repeat with ?confirm=SELL to make it), or capital_won is above what the account "
        "can fund"
    ),
)


def sale_unconfirmed(sales: list[ForcedSale], names: dict[str, str]) -> ClientException:
    """Return the 409 that lists ``sales`` (``names``: the stocks' names by code)."""
    listed = ", ".join(
        f"{s.code} {names.get(s.code, s.code)} ({s.quantity:,} shares, {_REASONS[s.reason]})"
        for s in sales
    )
    rows = [
        SaleToConfirm(
            code=s.code, name=names.get(s.code, s.code), quantity=s.quantity, reason=s.reason
        )
        for s in sales
    ]
    return ClientException(
        status_code=409,
        detail=(
            f"this change would sell the agent's positions at once: {listed}. Nothing was "
            f"changed; to make the change and sell, repeat it with ?confirm={CONFIRM_SALE} "
            "(stockagent ctl config set ... --yes)"
        ),
        extra=msgspec.to_builtins(SalesToConfirm(sells=rows, confirm=CONFIRM_SALE)),
    )
