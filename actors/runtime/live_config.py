"""Strategy and risk parameters that the operator may change while the agent runs.

Actors read the current values per decision (``services.strategy()``, ``services.limits()``);
a change is validated like the settings file, recorded in ``parameter_changes`` with its old
and new values and who made it, stored as an override of each changed key (the next start
applies it on top of the file and the environment: :mod:`agent.settings.layers`), and takes
effect at the next decision. It is stored before it is in force, one change at a time: a change
the database refuses is not made, and the stored values follow the order of the changes. A new
``risk.capital_won`` must also be one the account can fund (:func:`funds_of` the Account's
snapshot), as the start's preflight demands. A change of the risk limits that would sell the
agent's positions at once (:mod:`actors.runtime.change_sales`) is made only when confirmed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

import msgspec

from actors.account.messages import AccountSnapshot
from actors.runtime.change_sales import SalesCheck
from agent.portfolio.capital import Funds, accountable_funds, unfunded_capital
from agent.risk.change_exits import ForcedSale
from agent.risk.limits import RiskLimits
from agent.settings import RiskSettings, Settings, StrategySettings
from agent.settings.checks import cross_field_problems
from agent.store.models import ChangedBy

log = logging.getLogger(__name__)


class ConfigRejected(ValueError):
    """A proposed change breaks a rule; ``field`` names the setting to blame."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class CapitalUnfunded(ConfigRejected):
    """A new ``risk.capital_won`` is above what the account can fund without 미수 or credit."""

    def __init__(self, line: str) -> None:
        super().__init__("risk.capital_won", line)

    def __str__(self) -> str:
        return self.message


class SaleUnconfirmed(Exception):
    """A change of the risk limits would sell the agent's positions at once and was not
    confirmed: nothing changed. ``sales`` says what it would sell."""

    def __init__(self, sales: list[ForcedSale]) -> None:
        super().__init__(", ".join(f"{s.code} x{s.quantity} ({s.reason})" for s in sales))
        self.sales = sales


class ChangeRecorder(Protocol):
    """Where changes go: :class:`agent.store.repositories.SettingsOverrideRepository` keeps
    them as overrides with their history."""

    def record_changes(
        self,
        component: str,
        old: dict[str, Any],
        new: dict[str, Any],
        changed_by: ChangedBy,
        at: datetime,
    ) -> object: ...


class LiveConfig:
    """Thread-safe holder of the current strategy and risk settings."""

    def __init__(
        self,
        settings: Settings,
        recorder: ChangeRecorder | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._changing = threading.Lock()
        """Held through a whole change; readers take only ``_lock``, for the swap."""
        self._settings = settings
        self._limits = _limits(settings)
        self._recorder = recorder
        self._clock = clock
        self.version = 0
        self.listeners: list[Callable[[Settings], None]] = []
        """Told the new settings after every change (the journal keeps them)."""

    def settings(self) -> Settings:
        with self._lock:
            return self._settings

    def strategy(self) -> StrategySettings:
        with self._lock:
            return self._settings.strategy

    def risk(self) -> RiskSettings:
        with self._lock:
            return self._settings.risk

    def limits(self) -> RiskLimits:
        with self._lock:
            return self._limits

    def update_strategy(self, new: StrategySettings, by: ChangedBy) -> list[str]:
        """Adopt ``new``; return the keys that changed (recorded with old and new values)."""
        return self._update("strategy", new, by)

    def update_risk(
        self,
        new: RiskSettings,
        by: ChangedBy,
        *,
        funds: Funds | None = None,
        sales: SalesCheck | None = None,
        confirmed: bool = False,
    ) -> list[str]:
        """Adopt ``new`` like :meth:`update_strategy`; a changed ``capital_won`` above ``funds``
        (what the account can fund now; None: unknown, not checked) raises
        :class:`CapitalUnfunded` and changes nothing. A change that ``sales`` says would sell
        the agent's positions at once (None: the account is unknown, not checked) raises
        :class:`SaleUnconfirmed` and changes nothing unless ``confirmed``."""

        def check(old: RiskSettings, before: RiskLimits, after: RiskLimits) -> None:
            if funds is not None:
                _check_capital(old, new, funds)
            sold = sales(before, after) if sales is not None else []
            if sold and not confirmed:
                raise SaleUnconfirmed(sold)
            if sold:
                log.warning(
                    "risk limits changed by %s with a confirmed sale of the agent's %s",
                    by.value,
                    SaleUnconfirmed(sold),
                )

        return self._update("risk", new, by, check)

    def _update(
        self,
        component: str,
        new: Any,
        by: ChangedBy,
        check: Callable[[Any, RiskLimits, RiskLimits], None] | None = None,
    ) -> list[str]:
        with self._changing:
            with self._lock:
                current, in_force = self._settings, self._limits
            old = getattr(current, component)
            proposed = msgspec.structs.replace(current, **{component: new})
            # The Kiwoom keys never change here (and are not looked up against a simulator).
            problems = cross_field_problems(proposed, keys=False)
            if problems:
                field, message = problems[0]
                raise ConfigRejected(field, message)
            limits = _limits(proposed)  # raises on limits that round to nothing
            if check is not None:
                # Against the values in force: no other change runs meanwhile.
                check(old, in_force, limits)
            before = msgspec.to_builtins(old)
            after = msgspec.to_builtins(new)
            changed = sorted(k for k in after if before.get(k) != after.get(k))
            if not changed:
                return []
            if self._recorder is not None and self._clock is not None:
                self._recorder.record_changes(component, before, after, by, self._clock())
            with self._lock:
                self._settings, self._limits = proposed, limits
                self.version += 1
            for listener in self.listeners:  # in the order of the changes
                listener(proposed)
        return changed


def funds_of(account: AccountSnapshot) -> Funds:
    """Return the funds the Account's snapshot shows: its 미수-free cash and the agent's own
    positions at cost. The snapshot does not carry the cash the agent's working buys hold, so
    they count as nothing: the funds are the least the account can fund."""
    return accountable_funds(
        account.orderable_cash_only,
        lots_cost_won=sum(p.avg_price * p.quantity for p in account.positions if p.managed),
        working_buys_won=0,
    )


def _check_capital(old: RiskSettings, new: RiskSettings, funds: Funds) -> None:
    if new.capital_won is None or new.capital_won == old.capital_won:
        return
    problem = unfunded_capital(new.capital_won, funds)
    if problem is not None:
        raise CapitalUnfunded(problem)


def _limits(settings: Settings) -> RiskLimits:
    return RiskLimits.from_settings(settings.risk, settings.strategy)
