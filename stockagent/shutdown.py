"""A graceful stop: no new entry, the working entries cancelled, the agent's positions kept
or sold as ``[shutdown] positions`` says, then the tree stopped.

What the stop waits for is read where it is true: working entry orders in the database (the
router keeps them in step with the broker), the agent's positions on the account's snapshot.
The user's orders and holdings are never touched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date

from msgspec import Struct

from actors import ids
from actors.account.messages import AccountSnapshot
from actors.board import SnapshotBoard
from actors.risk.messages import DrainEntries, GovernorSnapshot, LiquidateAll
from actors.router.backstop_orders import held_exits, waits
from actors.router.messages import CancelEntries
from actors.runtime.services import Services
from agent.clock import KST
from agent.domain.enums import OrderPurpose
from agent.store.repositories import OrderRepository

log = logging.getLogger("stockagent.agent")

POLL_S = 0.2
SELL_AGAIN_S = 3.0
REASON = "shutdown"


class Drained(Struct, frozen=True, kw_only=True):
    """What the stop left behind: empty lists mean it all settled in time."""

    working_entries: list[str]
    """``CODE #id`` of entry orders still working at the broker."""
    working_exits: list[str]
    """``CODE #id`` of the agent's exits not finished (its backstops, which stay at the broker
    with the positions they guard, are not among them)."""
    held_exits: list[str] = []
    """Exits persisted and waiting for their code's backstop to be cancelled: a stop that
    left now would leave the position with neither (the backstop pulled, the exit unsent)."""
    positions: list[str]
    """``CODE xQTY`` of the agent's positions still held (with ``flatten``: not yet sold)."""
    flatten: bool
    waited_s: float

    @property
    def clean(self) -> bool:
        return (
            not self.working_entries
            and not self.held_exits
            and not (self.flatten and (self.positions or self.working_exits))
        )


def drain(
    services: Services,
    *,
    flatten: bool,
    timeout_s: float,
    monotonic: Callable[[], float] = time.monotonic,
) -> Drained:
    """Stop entries and wait (at most ``timeout_s``) until none is working (and, with
    ``flatten``, until the agent holds nothing)."""
    started = drained_at = monotonic()
    if not services.tell(ids.RISK, DrainEntries(reason=REASON)):
        # The governor is restarting: the router cancels the working entries all the same.
        services.tell(ids.ROUTER, CancelEntries(reason=REASON))
    orders = OrderRepository(services.sessions)
    today = services.clock.now().astimezone(KST).date()
    asked: float | None = None
    sales = 0
    while True:
        waited = monotonic() - started
        left = _left(orders, today, services.board, flatten, waited)
        if left.clean or waited >= timeout_s:
            return left
        # The sale waits for the entries to settle (a fill in flight is a lot to sell), and is
        # asked again while lots remain with no sell working: the account's view can lag the
        # last fills, and a lot it did not show yet was not sold.
        settled = not left.working_entries and not left.working_exits
        if (
            flatten
            and left.positions
            and settled
            and (asked is None or monotonic() - asked >= SELL_AGAIN_S)
        ):
            # One sale (one event, one notice); asked again as its retry (attempt > 0).
            sale = LiquidateAll(reason=REASON, by=REASON, halt=False, attempt=sales)
            services.tell(ids.RISK, sale)
            asked, sales = monotonic(), sales + 1
        if not _draining(services.board) and monotonic() - drained_at >= SELL_AGAIN_S:
            # A governor restarted meanwhile forgot the pause (it lives in memory only).
            services.tell(ids.RISK, DrainEntries(reason=REASON))
            drained_at = monotonic()
        time.sleep(POLL_S)


def _draining(board: SnapshotBoard) -> bool:
    """Tell whether the governor's snapshot shows entries paused (no snapshot: say yes, there
    is no governor to tell)."""
    snapshot = board.snapshot(ids.RISK)
    data = snapshot.data if snapshot is not None else None
    return not isinstance(data, GovernorSnapshot) or data.entries_paused


def _left(
    orders: OrderRepository, today: date, board: SnapshotBoard, flatten: bool, waited: float
) -> Drained:
    # An earlier day's order cannot be working (KRX orders end with their day); the router
    # closes such rows at its next reconciliation.
    open_orders = [o for o in orders.open_orders() if o.trade_date == today]
    entries = [f"{o.code} #{o.id}" for o in open_orders if o.purpose is OrderPurpose.ENTRY]
    # The exits a stop waits for: not the entries (cancelled), not the user's own orders, not
    # the backstops (kept at the broker with the positions they guard).
    exit_orders = [o for o in open_orders if waits(o)]
    exits = [f"{o.code} #{o.id}" for o in exit_orders]
    waiting = [f"{o.code} #{o.id}" for o in held_exits(exit_orders)]
    snapshot = board.snapshot(ids.ACCOUNT)
    held = (
        [f"{p.code} x{p.quantity}" for p in snapshot.data.positions if p.managed and p.quantity]
        if snapshot is not None and isinstance(snapshot.data, AccountSnapshot)
        else []
    )
    return Drained(
        working_entries=entries,
        working_exits=exits,
        held_exits=waiting,
        positions=held,
        flatten=flatten,
        waited_s=round(waited, 1),
    )


def report(left: Drained) -> None:
    """Log what the stop left, in words the user acts on."""
    if left.working_entries:
        log.error(
            "stopped with entry orders still working at the broker: %s "
            "(cancel them in 영웅문, or start the agent again: it reconciles them)",
            ", ".join(left.working_entries),
        )
    if left.positions:
        verb = "not sold in time" if left.flatten else "kept"
        log.warning("the agent's positions %s: %s", verb, ", ".join(left.positions))
    if left.clean:
        log.info("stopped cleanly in %.1f s", left.waited_s)
