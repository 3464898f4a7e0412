"""Messages any actor takes: how an actor that has just started learns what its peers told the
incarnation before it.

Actors never read one another's snapshots (those are for the API and the dashboard): each one
tells the actors that depend on it what they need, when it changes (the governor its brakes, the
Account the codes it holds and its 미수 room, a StockActor its VI and its price, the scanner a
stock's rank and news). A peer that starts after the last change asks with :class:`Wanted`.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pykka
from msgspec import Struct


class Wanted(Struct, frozen=True, kw_only=True):
    """Say again what the sender reads of you: it has just started.

    The answer is the ask's answer, and is told to ``reply_to`` when given: an actor is in the
    registry only once its ``on_start`` returned, so a reply by id to one still starting would
    be lost (and an ask from ``on_start`` could wait on the actor starting it: the scanner
    starts the StockActors). ``code``: the stock the sender watches (the scanner's rank).
    """

    reply_to: pykka.ActorRef[Any] | None = None
    code: str | None = None
    want: type[Any] | None = None
    """What is wanted of a peer that tells several actors different things (a StockActor
    tells the router its facts, the default, and the Account its price)."""


def answer(wanted: Wanted, *replies: Any) -> Any:
    """Tell ``wanted.reply_to`` each of ``replies`` (nothing if it died meanwhile); return the
    first, as the answer to an ask."""
    if wanted.reply_to is not None:
        for reply in replies:
            with contextlib.suppress(pykka.ActorDeadError):
                wanted.reply_to.tell(reply)
    return replies[0] if replies else None
