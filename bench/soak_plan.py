"""What the soak does to each day, drawn from its seed: broker faults and agent kills.

A day's plan is a list of fault sets, each posted to the simulator (``POST /sim/faults/next``)
once the market clock passes its time, and one or two SIGKILLs in the morning, each fired
right after the agent persisted (or sent) an order once the clock passes its time. The same
seed and session number give the same plan, so a failing run can be repeated.

The faults are the ones a live broker link suffers: a burst of HTTP 500s and dropped answers on
the account reads (kt00018 balance, kt00001 deposit, ka10075 open orders), a token invalidated
under the agent, an order answered late (within and past the client's 10 s read timeout, so
the agent does not know whether it was placed), a partial fill, an exchange reject, a dropped
sell, and a spurious rate limit on quotes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import time
from typing import Any

ACCOUNT_READS = ("kt00018", "kt00001", "ka10075")
READ_TIMEOUT_S = 10.0
"""The Kiwoom client's read timeout (agent/kiwoom/config.py): a longer hold is a lost answer."""


@dataclass(frozen=True, kw_only=True)
class FaultSet:
    """Faults for the next call of ``api_id`` ("*": whichever call comes next)."""

    at: time
    api_id: str
    faults: tuple[tuple[str, float], ...]
    """(kind, seconds) pairs, as krxsim/server/faults.py names them."""

    def body(self) -> dict[str, Any]:
        return {
            "api_id": self.api_id,
            "faults": [{"kind": kind, "seconds": seconds} for kind, seconds in self.faults],
        }

    def describe(self) -> str:
        kinds = "+".join(f"{k}{f' {s:g}s' if s else ''}" for k, s in self.faults)
        return f"{self.at:%H:%M:%S} {self.api_id} {kinds}"


@dataclass(frozen=True, kw_only=True)
class Kill:
    """SIGKILL the agent once the market passes ``after`` and an order is ``persisted`` (or,
    with ``sent``, acknowledged by the broker), or after ``patience_s`` wall seconds without."""

    after: time
    moment: str  # "persisted" | "sent"
    patience_s: float = 8.0


@dataclass(frozen=True, kw_only=True)
class DayPlan:
    faults: tuple[FaultSet, ...]
    kills: tuple[Kill, ...]


def _at(dice: random.Random, start: time, end: time) -> time:
    first = start.hour * 3600 + start.minute * 60 + start.second
    last = end.hour * 3600 + end.minute * 60 + end.second
    second = dice.randrange(first, last)
    return time(second // 3600, second // 60 % 60, second % 60)


def day_plan(seed: int, session: int) -> DayPlan:
    """Return session ``session``'s faults (sorted by time) and kills, drawn from ``seed``."""
    dice = random.Random(f"soak:{seed}:{session}")
    faults: list[FaultSet] = []
    # A burst on the account reads: 500s and answers held (some past the client's timeout).
    burst_at = _at(dice, time(9, 5), time(10, 30))
    for _ in range(dice.randint(3, 6)):
        api_id = dice.choice(ACCOUNT_READS)
        if dice.random() < 0.6:
            faults.append(FaultSet(at=burst_at, api_id=api_id, faults=(("fail_5xx", 0.0),)))
        else:
            hold = dice.choice((2.0, READ_TIMEOUT_S + 1))
            faults.append(FaultSet(at=burst_at, api_id=api_id, faults=(("drop", hold),)))
    # The token revoked under the agent: its next call is refused, it must log in again.
    faults.append(
        FaultSet(
            at=_at(dice, time(9, 0), time(11, 0)), api_id="*", faults=(("invalidate_token", 0),)
        )
    )
    # Orders: answered late (within, or past, the read timeout: placed, but was it?), filled
    # in part, refused by the exchange; a sell dropped before the exchange saw it.
    late = dice.choice((3.0, READ_TIMEOUT_S + 2))
    order_faults: list[tuple[str, tuple[tuple[str, float], ...]]] = [
        ("kt10000", (("delay_after", late),)),
        ("kt10000", (("partial_fill", 0.0),)),
        ("kt10000", (("reject", 0.0),)),
        ("kt10001", (("drop", 2.0),)),
    ]
    for api_id, kinds in order_faults:
        faults.append(FaultSet(at=_at(dice, time(9, 0), time(10, 0)), api_id=api_id, faults=kinds))
    faults.append(
        FaultSet(
            at=_at(dice, time(9, 0), time(12, 0)), api_id="ka10095", faults=(("rate_limit", 0),)
        )
    )
    kills = [Kill(after=_at(dice, time(9, 2), time(9, 30)), moment="persisted")]
    if dice.random() < 0.5:
        kills.append(Kill(after=_at(dice, time(9, 35), time(10, 30)), moment="sent"))
    return DayPlan(faults=tuple(sorted(faults, key=lambda f: f.at)), kills=tuple(kills))
