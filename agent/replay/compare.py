"""What the replay decided against what the live agent did: intents, decisions, orders and
cancels.

Entry intents are compared per code, in order: the watch cores' against the signals the live
governor received (code, purpose, reference price). Decisions are compared in order, term by
term (code, side, purpose, verdict, quantity, order type, limit price, and the reasons of a
rejection); orders by client order id and terms: the live agent's from the orders table, the
replay's from its approvals sliced as the router slices them; the cancels the router's chase
asked for by client order id, as often as each was asked (the agent sends no modifies). The
first differences are reported with their market times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from msgspec import Struct

from agent import journal
from agent.clock import KST
from agent.domain import Approved, Intent
from agent.orders.slicing import SlicePolicy, child_ids, slice_approved
from agent.replay.engine import Replayed

__all__ = ["Comparison", "LiveOrder", "compare", "replayed_orders"]

MAX_DIFFERENCES = 20


class LiveOrder(Struct, frozen=True, kw_only=True):
    """One order of the day as the orders table holds it (or the replay would send it)."""

    client_order_id: str
    code: str
    side: str
    purpose: str
    quantity: int
    order_type: str
    price: int | None
    at: datetime | None = None


class Comparison(Struct, frozen=True, kw_only=True):
    live_decisions: int
    replayed_decisions: int
    live_orders: tuple[LiveOrder, ...]
    replayed_orders: tuple[LiveOrder, ...]
    differences: tuple[dict[str, Any], ...]
    """The first differences (at most :data:`MAX_DIFFERENCES`)."""
    total_differences: int
    intents_in_flight: int = 0
    """Intents raised in a life that ended before the governor received them."""
    live_cancels: int | None = None
    """Cancels the live chase asked for (None: not known, not compared)."""
    replayed_cancels: int = 0

    @property
    def identical(self) -> bool:
        return self.total_differences == 0


def _iso(at: datetime | None) -> str | None:
    return at.astimezone(KST).isoformat(timespec="seconds") if at is not None else None


def _terms(decision: journal.Decision) -> dict[str, Any]:
    intent = decision.intent
    terms: dict[str, Any] = {
        "code": intent.code,
        "side": intent.side.value,
        "purpose": intent.purpose.value,
        "price": intent.reference_price,
        "approved": decision.approved,
    }
    if decision.approved:
        terms |= {
            "quantity": decision.quantity,
            "order_type": decision.order_type,
            "limit_price": decision.limit_price,
        }
    else:
        terms["reasons"] = list(decision.reasons)
    return terms


def as_journaled(replayed: Replayed) -> journal.Decision:
    return journal.Decision.of(replayed.decided)


def replayed_orders(
    decisions: list[Replayed],
    slicing: SlicePolicy,
    follow_ups: Sequence[tuple[datetime, Approved, str]] = (),
    backstops: Sequence[tuple[datetime, Approved, str]] = (),
) -> tuple[LiveOrder, ...]:
    """Return the orders the replay's approvals (and the router's market follow-ups) become,
    as the router sends them; ``backstops`` go as one order each (never sliced)."""
    orders = [_live_order(at, approved, cid) for at, approved, cid in backstops]
    sent: list[tuple[datetime, Approved, str]] = [*follow_ups]
    for replayed in decisions:
        decision, cid = replayed.decided.decision, replayed.decided.client_order_id
        if isinstance(decision, Approved) and cid is not None:
            sent.append((replayed.at, decision, cid))
    for at, decision, cid in sorted(sent, key=lambda s: s[0]):
        children = slice_approved(decision, slicing)
        for child, child_id in zip(children, child_ids(cid, len(children)), strict=True):
            orders.append(_live_order(at, child, child_id))
    return tuple(orders)


def _live_order(at: datetime, approved: Approved, client_order_id: str) -> LiveOrder:
    intent = approved.intent
    return LiveOrder(
        client_order_id=client_order_id,
        code=intent.code,
        side=intent.side.value,
        purpose=intent.purpose.value,
        quantity=approved.quantity,
        order_type=approved.order_type.value,
        price=approved.limit_price,
        at=at,
    )


def compare(
    live: list[journal.Decision],
    replayed: list[Replayed],
    live_orders: tuple[LiveOrder, ...] | None,
    slicing: SlicePolicy,
    *,
    signals: Sequence[tuple[int, datetime, Intent]] = (),
    intents: Sequence[tuple[int, datetime, Intent]] = (),
    unanswered: Sequence[str] = (),
    unasked: Sequence[str] = (),
    ranks: Sequence[dict[str, Any]] = (),
    unsent: Collection[str] = (),
    follow_ups: Sequence[tuple[datetime, Approved, str]] = (),
    backstops: Sequence[tuple[datetime, Approved, str]] = (),
    live_cancels: Sequence[tuple[datetime, str]] | None = None,
    cancels: Sequence[tuple[datetime, str]] = (),
) -> Comparison:
    """Compare the live agent's ``signals``, decisions and orders (None: unknown, not
    compared) with the replay's (and take
    the scanner's ``ranks`` differences the replay found on the way); approvals in ``unsent``
    died with the process before the router took them, so no order is expected of them."""
    intent_differences, in_flight = _intents(signals, intents)
    differences = [*ranks, *intent_differences]
    for index in range(max(len(live), len(replayed))):
        theirs = _terms(live[index]) if index < len(live) else None
        ours = _terms(as_journaled(replayed[index])) if index < len(replayed) else None
        if theirs != ours:
            at = replayed[index].at if index < len(replayed) else live[index].intent.at
            differences.append(
                {"kind": "decision", "at": _iso(at), "live": theirs, "replayed": ours}
            )
    ours_orders = replayed_orders(replayed, slicing, follow_ups, backstops)
    if live_orders is None:  # the orders table could not be read: decisions only
        ours_orders, live_orders = (), ()
    by_id = {o.client_order_id: o for o in ours_orders}
    live_ids = {o.client_order_id for o in live_orders}
    for order in live_orders:
        twin = by_id.get(order.client_order_id)
        if twin is None or _order_terms(twin) != _order_terms(order):
            differences.append(
                {
                    "kind": "order",
                    "at": _iso(order.at),
                    "live": _order_terms(order),
                    "replayed": _order_terms(twin) if twin is not None else None,
                }
            )
    for order in ours_orders:
        parent = order.client_order_id
        if parent not in live_ids and (parent in unsent or parent.rsplit("-", 1)[0] in unsent):
            continue  # the agent stopped before the router took it: nothing was sent
        if order.client_order_id not in live_ids:
            differences.append(
                {
                    "kind": "order",
                    "at": _iso(order.at),
                    "live": None,
                    "replayed": _order_terms(order),
                }
            )
    if live_cancels is not None:
        differences += _cancels(live_cancels, cancels)
    for what in unanswered:
        differences.append({"kind": "unanswered", "at": None, "live": None, "replayed": what})
    for what in unasked:
        differences.append({"kind": "unasked", "at": None, "live": what, "replayed": None})
    differences.sort(key=lambda d: d["at"] or "")
    return Comparison(
        live_decisions=len(live),
        replayed_decisions=len(replayed),
        live_orders=live_orders,
        replayed_orders=ours_orders,
        differences=tuple(differences[:MAX_DIFFERENCES]),
        total_differences=len(differences),
        intents_in_flight=in_flight,
        live_cancels=None if live_cancels is None else len(live_cancels),
        replayed_cancels=len(cancels),
    )


def _cancels(
    live: Sequence[tuple[datetime, str]], replayed: Sequence[tuple[datetime, str]]
) -> list[dict[str, Any]]:
    """The orders the live chase and the replayed one cancelled a different number of times."""
    theirs, ours = Counter(cid for _, cid in live), Counter(cid for _, cid in replayed)
    first: dict[str, datetime] = {}
    for at, cid in (*live, *replayed):
        first.setdefault(cid, at)
    return [
        {
            "kind": "cancel",
            "at": _iso(first[cid]),
            "live": {"client_order_id": cid, "cancels": theirs[cid]} if theirs[cid] else None,
            "replayed": {"client_order_id": cid, "cancels": ours[cid]} if ours[cid] else None,
        }
        for cid in sorted(theirs.keys() | ours.keys())
        if theirs[cid] != ours[cid]
    ]


def _intents(
    live: Sequence[tuple[int, datetime, Intent]],
    replayed: Sequence[tuple[int, datetime, Intent]],
) -> tuple[list[dict[str, Any]], int]:
    """Each code's entry signals in each of the agent's lives, in order: the watch core's
    against those the live governor received. A life's last intents that the governor never
    received were in flight when the process died (or the governor restarted): counted, not
    differences. Return the differences and that count."""
    differences: list[dict[str, Any]] = []
    in_flight = 0
    last_life = max((life for life, _, _ in (*live, *replayed)), default=0)
    keys = sorted({(life, i.code) for life, _, i in (*live, *replayed)})
    for life, code in keys:
        theirs = [(at, i) for n, at, i in live if n == life and i.code == code]
        ours = [(at, i) for n, at, i in replayed if n == life and i.code == code]
        if life < last_life and len(ours) > len(theirs):
            in_flight += len(ours) - len(theirs)
            ours = ours[: len(theirs)]
        for index in range(max(len(theirs), len(ours))):
            a = _intent_terms(theirs[index]) if index < len(theirs) else None
            b = _intent_terms(ours[index]) if index < len(ours) else None
            if a is None or b is None or {**a, "at": None} != {**b, "at": None}:
                at = (theirs[index] if index < len(theirs) else ours[index])[0]
                differences.append({"kind": "intent", "at": _iso(at), "live": a, "replayed": b})
    return differences, in_flight


def _intent_terms(signal: tuple[datetime, Intent]) -> dict[str, Any]:
    at, intent = signal
    return {
        "at": _iso(at),
        "code": intent.code,
        "purpose": intent.purpose.value,
        "price": intent.reference_price,
    }


def _order_terms(order: LiveOrder) -> dict[str, Any]:
    return {
        "client_order_id": order.client_order_id,
        "code": order.code,
        "side": order.side,
        "purpose": order.purpose,
        "quantity": order.quantity,
        "order_type": order.order_type,
        "price": order.price,
    }


def compare_terms(
    live: tuple[LiveOrder, ...], counterfactual: tuple[LiveOrder, ...]
) -> list[dict[str, Any]]:
    """Orders of two days matched by their terms alone (a what-if's ids are its own): each
    live order without a twin, and each counterfactual one, in time order."""
    left = list(counterfactual)
    differences: list[dict[str, Any]] = []
    for order in live:
        terms = _order_terms(order) | {"client_order_id": None}
        twin = next((o for o in left if _order_terms(o) | {"client_order_id": None} == terms), None)
        if twin is None:
            differences.append(
                {
                    "kind": "order",
                    "at": _iso(order.at),
                    "live": _order_terms(order),
                    "replayed": None,
                }
            )
        else:
            left.remove(twin)
    for order in left:
        ours = _order_terms(order)
        differences.append({"kind": "order", "at": _iso(order.at), "live": None, "replayed": ours})
    differences.sort(key=lambda d: d["at"] or "")
    return differences
