"""The account as the broker reports it: cash (kt00001) and holdings with totals (kt00018), in
int won; rates in basis points."""

from __future__ import annotations

import msgspec


class Deposit(msgspec.Struct, frozen=True, kw_only=True):
    """kt00001 cash position."""

    cash: int
    d1: int
    d2: int
    orderable: int
    """ord_alow_amt 주문가능금액; on a margin (미수) account it may include credit room."""
    withdrawable: int
    orderable_cash_only: int = 0
    """100stk_ord_alow_amt 증거금100% 주문가능금액: what can be bought without 미수 or credit.
    0 when not given (test doubles): no cash is the safe assumption."""


class Holding(msgspec.Struct, frozen=True, kw_only=True):
    """One kt00018 position row."""

    code: str
    name: str
    qty: int
    sellable_qty: int
    avg_price: int
    price: int
    prev_close: int
    purchase_amount: int
    eval_amount: int
    pnl: int
    rate_bp: int
    fees: int
    tax: int
    weight_bp: int


class Balance(msgspec.Struct, frozen=True, kw_only=True):
    """kt00018 account totals and holdings."""

    total_purchase: int
    total_eval: int
    total_pnl: int
    total_rate_bp: int
    estimated_assets: int
    holdings: tuple[Holding, ...]
