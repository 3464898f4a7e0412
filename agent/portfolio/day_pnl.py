"""The agent's P&L for one trading day, the base of its daily loss limit.

Only the agent's own lots count (the user's holdings are never the agent's profit or loss). A
lot carried from an earlier day is marked from the previous close, a lot bought today from its
fill; shares are sold first-in first-out against those marks. Commission and sell tax are
included (the same fee model as the trade log), for open shares too: they are valued at what
selling them now would bring, after the sell's commission and tax, so the daily loss limit does
not trip late by the cost of getting out. Shares the user took out of a lot by hand leave at
their mark, neither gain nor loss for the agent.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from msgspec import Struct

from agent.clock import KST
from agent.domain.enums import Side
from agent.market.board import Board
from agent.market.fees import KIWOOM_ONLINE_BPS, commission, sell_tax
from agent.portfolio.lots import LotFill, LotRemoval, fold_lots

__all__ = ["DayPnl", "day_pnl"]


class DayPnl(Struct, frozen=True, kw_only=True):
    """Realised (sells today) and unrealised (open shares) P&L of the day, after costs."""

    realised_won: int
    unrealised_won: int

    @property
    def total_won(self) -> int:
        return self.realised_won + self.unrealised_won


def day_pnl(
    events: Sequence[LotFill | LotRemoval],
    day: date,
    prices: Mapping[str, int],
    mark_of: Callable[[str], int],
    commission_bps: Decimal | int = KIWOOM_ONLINE_BPS,
    board: Board = Board.KOSPI,
) -> DayPnl:
    """Return the agent's P&L on ``day`` from its fills and removals (time order).

    ``prices`` are the current prices of held codes (a missing one counts at its basis: no
    unrealised P&L); ``mark_of(code)`` is the previous close of a code carried into the day, 0
    when unknown (the broker unreachable): the lot's average cost stands in, never zero.
    """
    before = [e for e in events if e.at.astimezone(KST).date() < day]
    today = [e for e in events if e.at.astimezone(KST).date() == day]
    queues: dict[str, deque[list[int]]] = {}
    for code, lot in fold_lots(before).open.items():
        queues[code] = deque([[lot.quantity, mark_of(code) or lot.avg_price]])
    realised = 0
    for event in today:
        queue = queues.setdefault(event.code, deque())
        if isinstance(event, LotRemoval):
            _take(queue, event.quantity)
            continue
        if event.side is Side.BUY:
            realised -= commission(event.quantity * event.price, commission_bps)
            queue.append([event.quantity, event.price])
            continue
        # Only what the lots held counts: the rest of a sell was the user's shares.
        taken = _take(queue, event.quantity)
        amount = sum(q for q, _ in taken) * event.price
        realised += amount - sum(q * basis for q, basis in taken)
        if amount:
            realised -= commission(amount, commission_bps) + sell_tax(amount, board, day)
    unrealised = 0
    for code, queue in queues.items():
        price = prices.get(code)
        held = [(q, basis, basis if price is None else price) for q, basis in queue if q > 0]
        unrealised += sum(q * (at - basis) for q, basis, at in held)
        value = sum(q * at for q, _, at in held)
        if value:
            unrealised -= commission(value, commission_bps) + sell_tax(value, board, day)
    return DayPnl(realised_won=realised, unrealised_won=unrealised)


def _take(queue: deque[list[int]], quantity: int) -> list[tuple[int, int]]:
    """Take ``quantity`` shares first-in first-out; return (shares, basis) taken."""
    taken: list[tuple[int, int]] = []
    while quantity > 0 and queue:
        head = queue[0]
        q = min(quantity, head[0])
        taken.append((q, head[1]))
        head[0] -= q
        quantity -= q
        if head[0] == 0:
            queue.popleft()
    return taken
