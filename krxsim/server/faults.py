"""Fault injection: random faults from FaultConfig, and faults scripted per call by tests.

Scripting: ``faults.next("kt10000", Fault(FaultKind.DELAY_AFTER, seconds=30))`` (or the same
through ``POST /sim/faults/next`` when the simulator runs in another process) makes the next
kt10000 be accepted by the exchange and then answered only after 30 s, which a client with a
shorter timeout sees as "timed out, but was the order placed?".
"""

from __future__ import annotations

from collections import deque
from enum import Enum

import msgspec

from krxsim.config import FaultConfig
from krxsim.seeded import seeded


class FaultKind(Enum):
    FAIL_5XX = "fail_5xx"  # HTTP 500 before processing
    DROP = "drop"  # no answer until the client gives up (at most drop_hold_seconds)
    RATE_LIMIT = "rate_limit"  # HTTP 429 rc 5 [1700] although under budget
    INVALIDATE_TOKEN = "invalidate_token"  # noqa: S105 - a fault name, not a secret
    REJECT = "reject"  # the exchange refuses the order (rc 20)
    PARTIAL_FILL = "partial_fill"  # a marketable order fills only half at once
    DELAY_BEFORE = "delay_before"  # wait ``seconds`` before processing
    DELAY_AFTER = "delay_after"  # process, then wait ``seconds`` before answering


class Fault(msgspec.Struct, frozen=True):
    kind: FaultKind
    seconds: float = 0.0


class ScriptedFaults(msgspec.Struct, frozen=True):
    """Body of ``POST /sim/faults/next`` (for a simulator in another process), e.g.
    ``{"api_id": "kt10000", "faults": [{"kind": "delay_after", "seconds": 30}]}``."""

    api_id: str
    faults: list[Fault]


class Faults:
    """Decide which faults hit each REST call."""

    def __init__(self, config: FaultConfig) -> None:
        self.config = config
        self._dice = seeded(f"rest-faults:{config.seed}")
        self._scripted: dict[str, deque[tuple[Fault, ...]]] = {}
        self._calls = 0

    def next(self, api_id: str, *faults: Fault) -> None:
        """Apply ``faults`` to the next call of ``api_id`` ("*" = whichever call comes next)."""
        self._scripted.setdefault(api_id, deque()).append(faults)

    def clear(self) -> None:
        self._scripted.clear()

    def _roll(self, per_mille: int) -> bool:
        return per_mille > 0 and self._dice.randrange(1000) < per_mille

    def for_call(self, api_id: str) -> list[Fault]:
        """Return the faults to apply to this call of ``api_id``."""
        out: list[Fault] = []
        for key in (api_id, "*"):
            queue = self._scripted.get(key)
            if queue:
                out.extend(queue.popleft())
        c = self.config
        if c.latency_ms:
            out.append(Fault(FaultKind.DELAY_BEFORE, c.latency_ms / 1000))
        if self._roll(c.http_5xx_per_mille):
            out.append(Fault(FaultKind.FAIL_5XX))
        if self._roll(c.drop_per_mille):
            out.append(Fault(FaultKind.DROP, c.drop_hold_seconds))
        if self._roll(c.forced_429_per_mille):
            out.append(Fault(FaultKind.RATE_LIMIT))
        return out

    def count_authorised(self) -> bool:
        """Count an authorised call; tell whether tokens must be invalidated now."""
        self._calls += 1
        every = self.config.invalidate_token_after_calls
        return every > 0 and self._calls % every == 0
