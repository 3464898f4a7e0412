"""The agent's own lots: the shares it bought itself, folded from its own fills.

The account is shared with its owner (ARCHITECTURE.md §2a). Every fill in the database belongs
to an order the agent placed, so folding those fills in time order gives exactly what the agent
owns; every other share the broker lists is the user's. Two things shrink a lot besides the
agent's own sells:

- a :class:`LotRemoval`: reconciliation found fewer shares at the broker than the lot holds
  (the user sold some by hand), so the lot gives them up for good;
- nothing else: a sell fill larger than the open lot (a liquidation that also sold the user's
  shares, on the user's explicit request) closes the lot and the rest is the user's business.

The fold is pure and deterministic, so the book is rebuilt from the database on every start and
the same fills always give the same lots.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from msgspec import Struct, structs

from agent.domain.enums import Side

__all__ = [
    "ClosedLot",
    "Lot",
    "LotBook",
    "LotFill",
    "LotRemoval",
    "fold_lots",
    "removal_needed",
]


class LotFill(Struct, frozen=True, kw_only=True):
    """One execution of one of the agent's own orders."""

    code: str
    side: Side
    quantity: int
    price: int
    at: datetime
    order_id: int
    commission: int = 0
    tax: int = 0
    strategy_tag: str = ""


class LotRemoval(Struct, frozen=True, kw_only=True):
    """Shares gone from a lot without an agent sell (the user sold them by hand)."""

    code: str
    quantity: int
    at: datetime
    reason: str = "MANUAL_SELL"


class Priced(Struct, frozen=True):
    """A quantity at a price, for the round trip's P&L."""

    quantity: int
    price: int


class Lot(Struct, frozen=True, kw_only=True):
    """What the agent holds of one code: open shares, their cost, and how they came to be."""

    code: str
    quantity: int
    """Open shares the agent owns."""
    cost_won: int
    """Purchase amount of the open shares (average cost, commission excluded)."""
    opened_at: datetime
    entry_order_id: int
    strategy_tag: str = ""
    buys: tuple[Priced, ...] = ()
    sells: tuple[Priced, ...] = ()
    removed: int = 0
    """Shares the user took out of the lot by hand."""
    last_order_id: int = 0
    """The order of the last fill (the exit order once the lot is closed)."""

    @property
    def avg_price(self) -> int:
        """Average purchase price of the open shares, rounded half up (0 when flat)."""
        if self.quantity <= 0:
            return 0
        return (self.cost_won + self.quantity // 2) // self.quantity


class ClosedLot(Struct, frozen=True, kw_only=True):
    """A lot that went flat: the agent's round trip."""

    lot: Lot
    closed_at: datetime


class LotBook(Struct, frozen=True, kw_only=True):
    """Open lots by code and every lot closed, oldest first."""

    open: dict[str, Lot]
    closed: tuple[ClosedLot, ...]

    def quantity(self, code: str) -> int:
        lot = self.open.get(code)
        return lot.quantity if lot is not None else 0


def _buy(lot: Lot | None, fill: LotFill) -> Lot:
    priced = Priced(fill.quantity, fill.price)
    if lot is None:
        return Lot(
            code=fill.code,
            quantity=fill.quantity,
            cost_won=fill.quantity * fill.price,
            opened_at=fill.at,
            entry_order_id=fill.order_id,
            strategy_tag=fill.strategy_tag,
            buys=(priced,),
            last_order_id=fill.order_id,
        )
    return structs.replace(
        lot,
        quantity=lot.quantity + fill.quantity,
        cost_won=lot.cost_won + fill.quantity * fill.price,
        buys=(*lot.buys, priced),
        last_order_id=fill.order_id,
    )


def _reduce(lot: Lot, quantity: int) -> Lot:
    """Take ``quantity`` (at most what is open) out of ``lot`` at its average cost."""
    taken = min(quantity, lot.quantity)
    cost_out = lot.cost_won * taken // lot.quantity if lot.quantity else 0
    return structs.replace(lot, quantity=lot.quantity - taken, cost_won=lot.cost_won - cost_out)


def fold_lots(events: Iterable[LotFill | LotRemoval]) -> LotBook:
    """Fold the agent's fills and the removals, in the order given (time order), into lots."""
    open_lots: dict[str, Lot] = {}
    closed: list[ClosedLot] = []
    for event in events:
        lot = open_lots.get(event.code)
        if isinstance(event, LotRemoval):
            if lot is None:
                continue
            taken = min(event.quantity, lot.quantity)
            lot = structs.replace(_reduce(lot, taken), removed=lot.removed + taken)
        elif event.side is Side.BUY:
            lot = _buy(lot, event)
        else:
            if lot is None:
                continue  # a sell of the user's shares (liquidation with scope "all")
            sold = min(event.quantity, lot.quantity)
            lot = _reduce(lot, sold)
            lot = structs.replace(
                lot, sells=(*lot.sells, Priced(sold, event.price)), last_order_id=event.order_id
            )
        if lot.quantity > 0:
            open_lots[event.code] = lot
        else:
            open_lots.pop(event.code, None)
            if lot.sells:
                closed.append(ClosedLot(lot=lot, closed_at=event.at))
    return LotBook(open=open_lots, closed=tuple(closed))


def removal_needed(lot_quantity: int, broker_quantity: int) -> int:
    """Return how many shares a lot must give up because the broker holds fewer in total.

    The user's own shares of the code are taken to go first: a lot shrinks only when the whole
    holding fell below it, so the agent never tries to sell shares that are gone.
    """
    return max(lot_quantity - max(broker_quantity, 0), 0)


def sold_and_bought(lot: Lot) -> tuple[Sequence[Priced], Sequence[Priced]]:
    """Return (buys, sells) of a closed lot with equal quantities: what the user removed is
    taken out of the buys at their average price, so the round trip is what the agent sold."""
    sold = sum(p.quantity for p in lot.sells)
    bought = sum(p.quantity for p in lot.buys)
    if bought == sold:
        return lot.buys, lot.sells
    amount = sum(p.quantity * p.price for p in lot.buys)
    avg = (amount + bought // 2) // bought if bought else 0
    return (Priced(sold, avg),), lot.sells
