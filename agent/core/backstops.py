"""Backstops: a stop-limit sell (스톱지정가) held at the broker for each of the agent's positions.

The agent's own stop acts on every print while it runs (:mod:`agent.core.governor`). A restart,
a crash, the machine asleep or offline leaves nobody watching; the broker still is. So each
position also has a backstop: a sell stop ``gap`` below the agent's own stop, priced
``slippage`` below its trigger. While the agent runs, its own stop (which knows VIs, the lower
limit and re-pricing) acts first; when it does not, the backstop sells.

Kiwoom counts an armed stop's shares out of 주문가능수량, so an exit of the agent's cannot go
beside it: the router holds the exit (persisted, not sent) and cancels the backstop; once no
backstop of the code works any more, the exit goes, or, when the backstop sold meanwhile, is
withdrawn for the governor to decide again on the position as it now is.

Pure decisions, for the live router and the replay alike (no clock, I/O or database):

- :func:`guard_of`: the backstop a position calls for (the governor, from its account view);
- :func:`plan`: the sends and cancels that bring the broker's backstops in line with the
  guards (the router, on its reconcile timer and on news of the guards);
- :func:`release`: what becomes of exits held for a code once its backstops stopped working.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from msgspec import Struct, structs

from agent.clock import KST
from agent.domain import Approved, Intent, OrderPurpose, OrderType, Side
from agent.market.tick_size import round_down
from agent.orders.backstops import BackstopRow, Guard
from agent.risk.account import AccountView, Position
from agent.risk.exits import RISK_STRATEGY_TAG, stop_price
from agent.risk.limits import RiskLimits

if TYPE_CHECKING:  # the journal keeps what plan() reads, and imports the cores
    from agent import journal

__all__ = [
    "REFUSED_WAIT",
    "REFUSED_WAIT_MAX",
    "RELEASE_SETTLE",
    "EndedBackstop",
    "HeldExit",
    "Release",
    "backstop_id",
    "guard_of",
    "guards_of",
    "plan",
    "refused_until",
    "release",
]

REFUSED_WAIT = timedelta(minutes=5)
"""After the broker refused a code's backstop, how long before it is asked again (a user's
pending sell holding the shares, a code Nextrade does not list, a broker that takes no stop
orders); doubled after each further refusal of the day, up to :data:`REFUSED_WAIT_MAX`."""
REFUSED_WAIT_MAX = timedelta(hours=1)
REASON = "BACKSTOP"
"""The reason code of every backstop order."""
CANCEL_REASON = "backstop"
"""The reason kept with a backstop's cancel (not one the chase asked for)."""


def guard_of(position: Position, limits: RiskLimits, on: date | None = None) -> Guard | None:
    """Return the backstop ``position`` calls for under ``limits`` (None: backstops off, or
    nothing the agent may sell)."""
    terms = limits.backstop
    quantity = position.sellable_now
    if terms is None or quantity <= 0:
        return None
    board = position.board
    stop = position.stop_price or stop_price(position.avg_price, limits.stop_loss_bps, board, on)
    try:
        trigger = round_down(stop * (10_000 - terms.gap_bps) // 10_000, board, on)
        limit = round_down(trigger * (10_000 - terms.slippage_bps) // 10_000, board, on)
    except ValueError:  # no valid price that low (a fund at a few won)
        return None
    return Guard(code=position.code, quantity=quantity, trigger=trigger, limit=limit)


def guards_of(
    view: AccountView,
    limits: RiskLimits,
    on: date | None = None,
    *,
    frozen: bool = False,
    skip: Collection[str] = (),
) -> tuple[Guard, ...]:
    """Return the backstops the agent's positions in ``view`` (but those in ``skip``) call
    for (none while frozen: the freeze promises that nothing automatic trades)."""
    if frozen or limits.backstop is None:
        return ()
    guards = (guard_of(p, limits, on) for p in view.positions if p.code not in skip)
    return tuple(sorted((g for g in guards if g is not None), key=lambda g: g.code))


def backstop_id(day: date, code: str, number: int) -> str:
    """The client order id of ``code``'s ``number``-th backstop of ``day``."""
    return f"{day:%Y%m%d}-{code}-{OrderPurpose.BACKSTOP.value}-{number}"


def backstop_order(guard: Guard, now: datetime) -> Approved:
    """Return ``guard`` as the order the router sends."""
    intent = Intent(
        code=guard.code,
        side=Side.SELL,
        purpose=OrderPurpose.BACKSTOP,
        reference_price=guard.trigger,
        at=now,
        strategy_tag=RISK_STRATEGY_TAG,
        reasons=(REASON,),
        quantity=guard.quantity,
    )
    return Approved(
        intent=intent,
        quantity=guard.quantity,
        order_type=OrderType.STOP_LIMIT,
        limit_price=guard.limit,
        stop_price=guard.trigger,
    )


class Place(Struct, frozen=True, kw_only=True):
    """Send ``approved`` (a backstop) under ``client_order_id``."""

    approved: Approved
    client_order_id: str


class Pull(Struct, frozen=True, kw_only=True):
    """Cancel the backstop ``order_id``."""

    order_id: int


def plan(guarding: journal.Guarded, now: datetime) -> list[Place | Pull]:
    """Return what brings the broker's backstops in line with the guards at ``now``.

    A guard asks for no more than the agent's lot as the router last recorded it. A backstop
    whose code has no guard any more, an exit of its own, or other terms is pulled;
    a guarded code with no backstop working (and none being cancelled) gets one, unless the
    broker refused the last within its wait (:func:`refused_until`), the user cancelled one
    of the code's today (the account is shared: that is the user's word for the day) or
    orders cannot be sent now.
    """
    lots = dict(guarding.lots)
    guards = {
        g.code: structs.replace(g, quantity=min(g.quantity, lots.get(g.code, 0)))
        for g in guarding.guards
        if lots.get(g.code, 0) > 0
    }
    exiting, entering = set(guarding.exiting), set(guarding.entering)
    declined = set(guarding.declined)
    commands: list[Place | Pull] = []
    covered: set[str] = set()
    for row in guarding.rows:
        covered.add(row.code)
        if row.cancel_requested:
            continue
        if _stale(row, guards.get(row.code), row.code in exiting, row.code in entering):
            commands.append(Pull(order_id=row.order_id))
    if not guarding.open:
        return commands
    sent = dict(guarding.sent)
    refused = {code: (at, count) for code, at, count in guarding.refused}
    day = now.astimezone(KST).date()
    for code, guard in sorted(guards.items()):
        if code in covered or code in exiting or code in declined:
            continue
        if code in refused and now < refused_until(*refused[code]):
            continue
        number = sent.get(code, 0) + 1
        commands.append(
            Place(
                approved=backstop_order(guard, now), client_order_id=backstop_id(day, code, number)
            )
        )
    return commands


def refused_until(last: datetime, count: int) -> datetime:
    """When a code whose backstop the broker refused ``count`` times today, last at ``last``,
    is asked again."""
    wait: timedelta = REFUSED_WAIT * (2 ** max(count - 1, 0))
    return last + min(wait, REFUSED_WAIT_MAX)


def _stale(row: BackstopRow, guard: Guard | None, exiting: bool, entering: bool) -> bool:
    """Whether ``row`` no longer backs what its code calls for."""
    if guard is None or exiting:
        return True
    if (row.trigger, row.limit) != (guard.trigger, guard.limit):
        return True
    if row.remaining == guard.quantity:
        return False
    return not (entering and row.remaining < guard.quantity)


class Release(StrEnum):
    """What becomes of an exit held for its code's backstop."""

    WAIT = "wait"
    """A backstop of the code still works, or one ended too recently, without a confirmation,
    for its fills to be known yet."""
    SEND = "send"
    """The backstops are gone and the agent's lot still covers the exit: it goes as decided."""
    WITHDRAW = "withdraw"
    """The lot no longer covers it (a backstop sold while its cancel was on the way): the exit
    is withdrawn and the governor decides again on what is left."""


RELEASE_SETTLE = timedelta(seconds=3)
"""How long after a backstop ended without a confirmed outcome (it left the broker's open
list, its cancel unacknowledged) its held exits wait: a fill the open list dropped before the
fill list showed it is then recorded, and the lot tells."""


class HeldExit(Struct, frozen=True, kw_only=True):
    """An exit persisted and waiting for its code's backstops."""

    order_id: int
    quantity: int
    with_user_shares: bool = False
    """The operator's sale of everything in the code: the lot does not bound it."""


class EndedBackstop(Struct, frozen=True, kw_only=True):
    """A backstop of the code that ended today."""

    ended_at: datetime
    confirmed: bool
    """Its outcome is known: filled, or its cancel acknowledged for all it had left."""


def release(
    held: Iterable[HeldExit],
    *,
    working: int,
    ended: Iterable[EndedBackstop],
    lot: int,
    selling: int,
    now: datetime,
) -> dict[int, Release]:
    """Decide the held exits of one code: ``working`` backstops of it still open, ``ended``
    ones, the agent's ``lot`` as recorded and the shares its other exits are ``selling``.

    Nothing goes while a backstop works or one ended unconfirmed within
    :data:`RELEASE_SETTLE`; then each exit in turn goes while the lot covers it, and the rest
    are withdrawn. Stateless: a restarted router decides the same from the database."""
    exits = sorted(held, key=lambda h: h.order_id)
    settling = any(not e.confirmed and now - e.ended_at < RELEASE_SETTLE for e in ended)
    if working or settling:
        return {h.order_id: Release.WAIT for h in exits}
    available = lot - selling
    decided: dict[int, Release] = {}
    for exit_ in exits:
        if exit_.with_user_shares:
            decided[exit_.order_id] = Release.SEND
        elif exit_.quantity <= available:
            decided[exit_.order_id] = Release.SEND
            available -= exit_.quantity
        else:
            decided[exit_.order_id] = Release.WITHDRAW
    return decided
