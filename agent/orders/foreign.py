"""The user's orders in a shared account: what the broker's lists show that the agent did not
place (영웅문, the MTS, ``stockagent broker``, another program).

Every new order and modify (정정) at the broker has its own number and fills; one no local order
owns is the user's, unless one of the agent's own orders is still unresolved in the same code
and side (its answer lost): that listed order may yet turn out to be the agent's.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from agent.broker.orders import FilledOrder, OpenOrder, OrderAction
from agent.domain.enums import Side


class ForeignOrder(Struct, frozen=True, kw_only=True):
    """An order in the account the agent did not place, as the broker's lists show it."""

    order_no: str
    code: str
    side: Side | None
    action: OrderAction
    kind: str
    quantity: int
    price: int
    filled: int
    orig_order_no: str | None = None
    """The order a modify (정정) replaced; None for a new order."""

    @property
    def label(self) -> str:
        """Return the kind as recorded: a modify names the order it replaced."""
        if self.orig_order_no and self.action is not OrderAction.NEW:
            return f"{self.kind} (원주문 {self.orig_order_no})"
        return self.kind


def foreign_orders(
    open_orders: Iterable[OpenOrder],
    fills: Iterable[FilledOrder],
    owned: set[str],
    unresolved: set[tuple[str, str]],
) -> tuple[ForeignOrder, ...]:
    """Return the listed orders that are the user's, by order number.

    ``owned`` are the broker numbers of the agent's orders; ``unresolved`` the (code, side) of
    its orders whose answer is still unknown. A fill row overrides the open-order row of the
    same number (it is the later word on what executed).
    """
    foreign: dict[str, ForeignOrder] = {}
    for listed in open_orders:
        if listed.action is not OrderAction.CANCEL and listed.order_no not in owned:
            foreign[listed.order_no] = ForeignOrder(
                order_no=listed.order_no,
                code=listed.code,
                side=listed.side,
                action=listed.action,
                kind=listed.kind,
                quantity=listed.qty,
                price=listed.price,
                filled=listed.qty - listed.open_qty,
                orig_order_no=listed.orig_order_no,
            )
    for fill in fills:
        if fill.action is not OrderAction.CANCEL and fill.order_no not in owned:
            foreign[fill.order_no] = ForeignOrder(
                order_no=fill.order_no,
                code=fill.code,
                side=fill.side,
                action=fill.action,
                kind=fill.kind,
                quantity=fill.order_qty,
                price=fill.order_price,
                filled=fill.fill_qty,
                orig_order_no=fill.orig_order_no,
            )
    return tuple(f for _, f in sorted(foreign.items()) if not _may_be_ours(f, unresolved))


def _may_be_ours(order: ForeignOrder, unresolved: set[tuple[str, str]]) -> bool:
    """Tell whether a new order at the broker may still be one of ours whose answer was lost
    (a modify never is: the agent does not modify, it cancels and sends again)."""
    if order.action is not OrderAction.NEW or order.side is None:
        return False
    return (order.code, order.side.value) in unresolved
