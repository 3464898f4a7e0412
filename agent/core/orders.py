"""The order manager: what the router decides about orders, as one state machine for every
driver (the live router, the backtest, the what-if and the replay).

An order is one object, :class:`ManagedOrder`, that moves only through the lifecycle's
``(status, event)`` table (:data:`agent.orders.lifecycle.NEXT`). :class:`OrderManager` holds
the router's decisions and the little it must remember between them:

- an approval becomes its orders (:func:`agent.orders.slicing.slice_approved`, child ids by
  :func:`~agent.orders.slicing.child_ids`): :class:`Send` commands;
- the chase (:func:`agent.orders.chase.chase`) over the working orders, on the router's timer:
  :class:`Cancel` commands, a :class:`ReportLocked` once per stop resting at a locked lower
  limit, and for a limit exit that rested too long, a cancel whose confirmation
  (:meth:`OrderManager.closed`) sends the unfilled rest at market (``<client id>-m``), unless
  the operator froze trading meanwhile;
- the entries to cancel when the governor blocks new ones.

No clock, thread, I/O or database: each driver hands in the time and what it knows of its
orders, and carries out the commands, in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from msgspec import Struct, structs

from agent.domain import Approved, OrderPurpose, OrderStatus, Side
from agent.journal.governor import ChaseRow
from agent.orders.chase import (
    Action,
    ChaseTimes,
    Working,
    chase,
    market_exit,
    priced_at_lower_limit,
)
from agent.orders.lifecycle import TERMINAL, WORKING, OrderEvent, after, fill_event
from agent.orders.slicing import SlicePolicy, child_ids, slice_approved

__all__ = [
    "CANCEL_BY_BRAKE",
    "CANCEL_BY_CHASE",
    "CANCEL_BY_OPERATOR",
    "WORKING",
    "Cancel",
    "Command",
    "ManagedOrder",
    "OrderManager",
    "ReportLocked",
    "Send",
]

CANCEL_BY_CHASE = "chase"
"""The reason kept with a cancel the chase asked for: the replay compares these."""
CANCEL_BY_BRAKE = "entries_blocked"
"""A cancel of the working entries when the governor blocks new ones."""
CANCEL_BY_OPERATOR = "operator"


class Send(Struct, frozen=True, kw_only=True):
    """Send ``approved`` as a new order under ``client_order_id``."""

    approved: Approved
    client_order_id: str
    parent_id: int | None = None
    """The order this one follows (a market re-send of a timed-out limit exit)."""


class Cancel(Struct, frozen=True, kw_only=True):
    order_id: int


class ReportLocked(Struct, frozen=True, kw_only=True):
    """A stop rests at the lower limit of a stock locked there: tell the user (once)."""

    order_id: int


Command = Send | Cancel | ReportLocked


@dataclass
class ManagedOrder:
    """One order: its terms, and its life through the lifecycle table."""

    id: int
    client_order_id: str
    approved: Approved
    created_at: datetime
    status: OrderStatus = OrderStatus.PENDING
    filled: int = 0
    sent_at: datetime | None = None
    ended_at: datetime | None = None
    """When it reached a terminal status."""
    broker_order_no: str = ""
    reject_code: str = ""

    @property
    def code(self) -> str:
        return self.approved.intent.code

    @property
    def side(self) -> Side:
        return self.approved.intent.side

    @property
    def purpose(self) -> OrderPurpose:
        return self.approved.intent.purpose

    @property
    def quantity(self) -> int:
        return self.approved.quantity

    @property
    def price(self) -> int | None:
        return self.approved.limit_price

    @property
    def remaining(self) -> int:
        return self.quantity - self.filled

    @property
    def working(self) -> bool:
        return self.status in WORKING

    def apply(self, event: OrderEvent, at: datetime, *, quantity: int = 0) -> OrderStatus:
        """Move through the table on ``event`` at ``at`` (``quantity``: shares a fill adds);
        return the new status. An illegal move raises
        :class:`~agent.orders.lifecycle.IllegalTransition` and changes nothing."""
        if event in (OrderEvent.FILL_PART, OrderEvent.FILL_ALL):
            if quantity <= 0 or self.filled + quantity > self.quantity:
                raise ValueError(f"a fill of {quantity} does not fit order {self.id}")
            event = fill_event(self.quantity, self.filled + quantity)
        status = after(self.status, event)
        if event in (OrderEvent.FILL_PART, OrderEvent.FILL_ALL):
            self.filled += quantity
        if event is OrderEvent.SEND:
            self.sent_at = at
        if status in TERMINAL and self.status not in TERMINAL:
            self.ended_at = at
        self.status = status
        return status

    def chase_row(self) -> ChaseRow:
        """This order as the chase sees it (and the journal keeps it)."""
        approved = self.approved
        return ChaseRow(
            working=Working(
                order_id=self.id,
                code=self.code,
                side=self.side,
                purpose=self.purpose,
                order_type=approved.order_type,
                price=self.price,
                sent_at=self.sent_at,
                cancel_requested=self.status is OrderStatus.CANCEL_REQUESTED,
                at_lower_limit=priced_at_lower_limit(approved.reasons),
            ),
            client_order_id=self.client_order_id,
            remaining=self.remaining,
            strategy_tag=approved.intent.strategy_tag or "",
            signal_price=approved.intent.reference_price,
            locked=False,
        )


class OrderManager:
    """The router's decisions over its orders (see the module's docstring)."""

    def __init__(self, slicing: SlicePolicy, times: ChaseTimes) -> None:
        self.slicing = slicing
        self.times = times
        self._follow_ups: dict[int, Send] = {}
        """Cancels asked to re-send at market: order id -> the market sell of its rest."""
        self._reported: set[int] = set()
        """Stops reported locked at the lower limit."""

    def orders_of(
        self, approved: Approved, client_order_id: str, parent_id: int | None = None
    ) -> list[Send]:
        """The orders an approval is sent as: its slices, each with its own client id."""
        children = slice_approved(approved, self.slicing)
        ids = child_ids(client_order_id, len(children))
        return [
            Send(approved=child, client_order_id=child_id, parent_id=parent_id)
            for child, child_id in zip(children, ids, strict=True)
        ]

    def chase(
        self,
        rows: Iterable[ChaseRow],
        now: datetime,
        *,
        frozen: bool,
        entries_blocked: bool,
    ) -> list[Cancel | ReportLocked]:
        """Run the chase over the working orders ``rows`` at ``now``.

        A row's ``locked`` says its stock trades at the lower limit where the stop rests; each
        such stop is reported once. A slow limit exit is cancelled, its market re-send held
        until :meth:`closed` confirms the cancel."""
        by_id = {row.working.order_id: row for row in rows}
        for order_id, row in by_id.items():
            if order_id in self._follow_ups and not row.working.cancel_requested:
                # Its cancel was refused (it works again): no re-send rides on a later cancel
                # for another reason; the chase asks again if it is still slow.
                del self._follow_ups[order_id]
        steps = chase(
            (row.working for row in by_id.values()),
            now,
            self.times,
            frozen=frozen,
            entries_blocked=entries_blocked,
            locked=lambda w: by_id[w.order_id].locked and w.order_id not in self._reported,
        )
        commands: list[Cancel | ReportLocked] = []
        for step in steps:
            row = by_id[step.order_id]
            if step.action is Action.REPORT_LOCKED:
                self._reported.add(step.order_id)
                commands.append(ReportLocked(order_id=step.order_id))
                continue
            if step.action is Action.RESEND_AT_MARKET:
                self._follow_ups[step.order_id] = Send(
                    approved=market_exit(
                        row.working.code,
                        row.working.purpose,
                        row.working.price or row.signal_price or 1,
                        row.strategy_tag or "risk",
                        row.remaining,
                        now,
                    ),
                    client_order_id=f"{row.client_order_id}-m",
                    parent_id=step.order_id,
                )
            commands.append(Cancel(order_id=step.order_id))
        return commands

    def closed(
        self, order_id: int, status: OrderStatus, remaining: int, *, frozen: bool
    ) -> list[Send]:
        """An order reached ``status`` with ``remaining`` shares unfilled: the market re-send
        the chase held for it, when its cancel went through, shares are left and trading is
        not frozen (the follow-up is dropped otherwise)."""
        follow_up = self._follow_ups.pop(order_id, None)
        if follow_up is None or status is not OrderStatus.CANCELLED or frozen or remaining <= 0:
            return []
        rest = structs.replace(follow_up.approved, quantity=remaining)
        return self.orders_of(rest, follow_up.client_order_id, order_id)

    def awaiting_close(self, order_id: int) -> bool:
        """Tell whether a market re-send waits for ``order_id``'s cancel."""
        return order_id in self._follow_ups
