"""Emergency liquidation: the operator's order to sell the agent's positions (or, named as
scope "all", everything in the account), retried while the account is restarting.

A mixin of :class:`actors.risk.actor.RiskGovernor`. What is sold is
:func:`agent.risk.exits.emergency_intents`; every sell still passes the governor's checks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import msgspec

from actors import ids
from actors.risk.messages import LiquidateAll
from actors.router.messages import CancelEntries
from actors.runtime.services import Services
from agent.core.governor import Unavailable
from agent.domain import Approved, Intent, Rejected
from agent.risk.account import AccountView
from agent.risk.exit_desk import RETRYABLE
from agent.risk.exits import emergency_intents
from agent.risk.state import Trigger
from agent.store.models import EventKind, Severity

log = logging.getLogger(__name__)

LIQUIDATION_ATTEMPTS = 120
"""How many times (a second apart) a liquidation waits for the account or a refused sell."""


class Liquidation:
    """The operator's emergency liquidation, for the governor that mixes this in."""

    _services: Services
    actor_ref: Any
    evaluate: Callable[[Intent, datetime | None], Approved | Rejected]
    _account_view: Callable[[], AccountView]
    _trigger: Callable[[Trigger, EventKind, str, str], None]
    _record: Callable[..., None]

    def _liquidate(self, request: LiquidateAll, now: datetime) -> None:
        """Sell the agent's positions (and the user's, with scope "all"); while the account is
        restarting, try again until it answers."""
        if request.attempt == 0:
            self._record(
                EventKind.EMERGENCY_LIQUIDATION,
                request.reason,
                request.by,
                severity=Severity.CRITICAL,
                scope=request.scope,
            )
            # No new entry may follow a liquidation until the operator says so: the kill
            # switch halts entries (exits pass) and is released by hand. A shutdown's sale
            # drains entries for its own process instead (DrainEntries).
            if request.halt:
                self._trigger(
                    Trigger.KILL_SWITCH_ENGAGED,
                    EventKind.KILL_SWITCH_ENGAGED,
                    "emergency liquidation",
                    request.by,
                )
            self._services.tell(ids.ROUTER, CancelEntries(reason="emergency liquidation"))
        try:
            account = self._account_view()
        except Unavailable:
            if request.attempt < LIQUIDATION_ATTEMPTS:
                log.warning(
                    "emergency liquidation waits for the account (attempt %d)", request.attempt + 1
                )
                retry = msgspec.structs.replace(request, attempt=request.attempt + 1)
                self._services.tell_later(1.0, self.actor_ref, retry, min_wall=0.5)
            else:
                log.critical("emergency liquidation gave up: the account never answered")
            return
        undone = []
        for intent in emergency_intents(account, request.scope, now):
            decision = self.evaluate(intent, now)
            if isinstance(decision, Rejected) and RETRYABLE & set(decision.reasons):
                undone.append(intent)
        if undone and request.attempt < LIQUIDATION_ATTEMPTS:
            # Positions whose exit was refused (no quote yet, account blinked): try again.
            retry = msgspec.structs.replace(request, attempt=request.attempt + 1)
            self._services.tell_later(1.0, self.actor_ref, retry, min_wall=0.5)
