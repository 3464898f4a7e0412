"""The simulated account: deposit, holdings, money held for open orders, costs paid."""

from __future__ import annotations

from dataclasses import dataclass

from krxsim.exchange.orders import Fill, Side


@dataclass
class Holding:
    """Shares of one code; ``cost`` is the purchase amount of the shares still held."""

    code: str
    qty: int = 0
    cost: int = 0
    buy_commission: int = 0
    today_bought: int = 0
    today_sold: int = 0
    realized: int = 0

    @property
    def avg_price(self) -> int:
        return self.cost // self.qty if self.qty else 0


class Account:
    """Cash and positions; sales proceeds are usable at once (settlement is not modelled).

    ``margin_room`` is 미수 room: buys may spend that much beyond the cash, which then goes
    negative until sales bring it back; ``min_cash`` records how low it went today.
    """

    def __init__(self, account_no: str, cash: int, *, margin_room: int = 0) -> None:
        self.account_no = account_no
        self.initial_cash = cash
        self.cash = cash
        self.min_cash = cash
        self.margin_room = margin_room
        self.holdings: dict[str, Holding] = {}
        self.reserved_cash: dict[str, int] = {}
        """Cash held per open buy order number."""
        self.reserved_qty: dict[str, int] = {}
        """Shares held per open sell order number."""
        self.commission_paid = 0
        self.tax_paid = 0

    @property
    def cash_orderable(self) -> int:
        """Return cash not held by open buys, without the margin room."""
        return self.cash - sum(self.reserved_cash.values())

    @property
    def orderable_cash(self) -> int:
        """Return what a new buy may cost: cash and margin room not held by open buys."""
        return self.cash_orderable + self.margin_room

    def hold_at_start(self, code: str, qty: int, avg_price: int) -> Holding:
        """Add shares the account holds before the day starts, bought at ``avg_price``."""
        held = self.holdings.setdefault(code, Holding(code))
        held.qty += qty
        held.cost += qty * avg_price
        return held

    def sellable(self, code: str) -> int:
        """Return shares of ``code`` not yet committed to open sell orders."""
        held = self.holdings.get(code)
        if held is None:
            return 0
        return held.qty - sum(q for k, q in self.reserved_qty.items() if k.startswith(code + ":"))

    def reserve_buy(self, ord_no: str, amount: int) -> None:
        self.reserved_cash[ord_no] = amount

    def reserve_sell(self, code: str, ord_no: str, qty: int) -> None:
        self.reserved_qty[f"{code}:{ord_no}"] = qty

    def release(self, code: str, ord_no: str, side: Side, remaining: int, unit_cost: int) -> None:
        """Shrink what ``ord_no`` holds to what its ``remaining`` shares still need."""
        if side is Side.BUY:
            if remaining <= 0:
                self.reserved_cash.pop(ord_no, None)
            else:
                self.reserved_cash[ord_no] = remaining * unit_cost
        else:
            key = f"{code}:{ord_no}"
            if remaining <= 0:
                self.reserved_qty.pop(key, None)
            else:
                self.reserved_qty[key] = remaining

    def apply(self, fill: Fill) -> Holding:
        """Book ``fill`` and return the holding it changed."""
        held = self.holdings.setdefault(fill.code, Holding(fill.code))
        amount = fill.price * fill.qty
        self.commission_paid += fill.commission
        self.tax_paid += fill.tax
        if fill.side is Side.BUY:
            self.cash -= amount + fill.commission
            self.min_cash = min(self.min_cash, self.cash)
            held.qty += fill.qty
            held.cost += amount
            held.buy_commission += fill.commission
            held.today_bought += fill.qty
        else:
            self.cash += amount - fill.commission - fill.tax
            cost_out = held.cost * fill.qty // held.qty if held.qty else 0
            held.realized += amount - cost_out - fill.commission - fill.tax
            held.qty -= fill.qty
            held.cost -= cost_out
            held.today_sold += fill.qty
        return held
