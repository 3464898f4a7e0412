"""What becomes of the agent's working orders as time passes: one rule for both drivers.

The router runs it every reconcile pass over the day's working orders, the backtest every few
market seconds over its ledger's. In the order it applies:

- an entry while the governor blocks new ones (freeze, kill switch, pause, loss limit) is
  cancelled at once; so is one older than the entry time-out;
- a stop that can rest unfilled (a limit, or a 최유리지정가's remainder) is pulled once older
  than the re-pricing period, for the governor to re-issue it from the price now; a limit at
  the lower limit stays in the queue (it cannot be priced lower) and, when the stock trades
  there, is reported as locked limit-down, once;
- under the operator's freeze nothing else is touched;
- any other limit sell older than the exit time-out is cancelled and sent again at market.

No clock, I/O or database: the driver describes each order (:class:`Working`) and carries out
the :class:`Chase` actions, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from msgspec import Struct

from agent.domain import Approved, Intent, OrderPurpose, OrderType, Side
from agent.risk.reasons import ApprovalNote
from agent.settings.components import ExecutionSettings

__all__ = [
    "Action",
    "Chase",
    "ChaseTimes",
    "Working",
    "chase",
    "market_exit",
    "priced_at_lower_limit",
]

_RESTING_STOPS = frozenset({OrderType.LIMIT, OrderType.BEST})
_AT_LOWER_LIMIT = frozenset(
    {str(ApprovalNote.CLIPPED_TO_LOWER_LIMIT), str(ApprovalNote.MARKETABLE_LIMIT)}
)


def priced_at_lower_limit(notes: Iterable[str]) -> bool:
    """Tell whether an approval's notes say its price is the day's lower limit."""
    return not _AT_LOWER_LIMIT.isdisjoint(notes)


class Working(Struct, frozen=True, kw_only=True):
    """A working order of the agent's, as the chase needs to see it."""

    order_id: int
    code: str
    side: Side
    purpose: OrderPurpose
    order_type: OrderType
    price: int | None
    sent_at: datetime | None
    """None: not sent yet (or its send is unresolved)."""
    cancel_requested: bool = False
    at_lower_limit: bool = False
    """The governor priced it at the day's lower limit (clipped there, or a VI's fallback)."""


class ChaseTimes(Struct, frozen=True, kw_only=True):
    entry_timeout: timedelta
    exit_timeout: timedelta
    stop_reprice: timedelta

    @classmethod
    def of(cls, execution: ExecutionSettings, stop_reprice: timedelta) -> ChaseTimes:
        """Return the times the settings give (the router and the backtest alike)."""
        return cls(
            entry_timeout=timedelta(seconds=execution.entry_timeout_s),
            exit_timeout=timedelta(seconds=execution.exit_timeout_s),
            stop_reprice=stop_reprice,
        )


class Action(StrEnum):
    CANCEL = "cancel"
    """Cancel what remains."""
    RESEND_AT_MARKET = "resend_at_market"
    """Cancel what remains, then sell it again at market once the cancel is confirmed."""
    REPORT_LOCKED = "report_locked"
    """A stop rests at the lower limit of a stock trading there: say so (once)."""


class Chase(Struct, frozen=True, kw_only=True):
    action: Action
    order_id: int


def chase(
    orders: Iterable[Working],
    now: datetime,
    times: ChaseTimes,
    *,
    frozen: bool,
    entries_blocked: bool,
    locked: Callable[[Working], bool],
) -> list[Chase]:
    """Return what to do with ``orders`` at ``now``.

    ``locked`` tells whether a stop resting at the lower limit is locked there (its stock
    trades at that price) and not reported yet; it is asked only for such stops.
    """
    actions: list[Chase] = []
    for order in orders:
        if order.cancel_requested:
            continue
        entry = order.purpose is OrderPurpose.ENTRY
        if entry and entries_blocked:
            actions.append(Chase(action=Action.CANCEL, order_id=order.order_id))
            continue
        if order.sent_at is None:
            continue
        age = now - order.sent_at
        if entry:
            if age > times.entry_timeout:
                actions.append(Chase(action=Action.CANCEL, order_id=order.order_id))
        elif order.purpose is OrderPurpose.STOP_LOSS and order.order_type in _RESTING_STOPS:
            if order.order_type is OrderType.LIMIT and order.at_lower_limit:
                if locked(order):
                    actions.append(Chase(action=Action.REPORT_LOCKED, order_id=order.order_id))
            elif not frozen and age > times.stop_reprice:
                actions.append(Chase(action=Action.CANCEL, order_id=order.order_id))
        elif frozen:
            continue
        elif (
            order.side is Side.SELL
            and order.order_type is OrderType.LIMIT
            and age > times.exit_timeout
        ):
            actions.append(Chase(action=Action.RESEND_AT_MARKET, order_id=order.order_id))
    return actions


def market_exit(
    code: str,
    purpose: OrderPurpose,
    reference_price: int,
    strategy_tag: str,
    remaining: int,
    now: datetime,
) -> Approved:
    """Return the market sell that follows a limit exit cancelled for resting too long
    (:attr:`Action.RESEND_AT_MARKET`): its unfilled ``remaining`` shares, at market."""
    intent = Intent(
        code=code,
        side=Side.SELL,
        purpose=purpose,
        reference_price=reference_price,
        at=now,
        strategy_tag=strategy_tag,
        reasons=("EXIT_LIMIT_TIMED_OUT",),
        quantity=remaining,
    )
    return Approved(
        intent=intent,
        quantity=max(remaining, 1),
        order_type=OrderType.MARKET,
        limit_price=None,
        reasons=("MARKET_AFTER_TIMEOUT",),
    )
