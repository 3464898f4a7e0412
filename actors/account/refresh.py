"""When the Account reads the broker again: every 30 s, and soon after it is asked to (a fill,
an order that ended, the user's order seen), a burst of asks sharing one read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pykka

from actors.account.messages import RefreshDue
from actors.runtime.services import Services
from actors.supervision.scheduler import Cancellable

REFRESH_EVERY_S = 30.0
DEBOUNCE_S = 1.0
"""A refresh asked for (a fill, an order ended, the user's order seen) runs this long after the
first ask of a burst: later asks in the burst join it, and never push it back."""
MIN_GAP_S = 3.0
"""Asked-for refreshes are at least this far apart (market time): two TRs a read, and the
client's whole query budget is five a second. Between reads :mod:`.since_read` keeps cash and
sellable shares right for the agent's own orders."""


class Refreshes:
    """The Account's two timers: the periodic read and the asked-for one."""

    def __init__(self, services: Services, account: pykka.ActorRef[Any]) -> None:
        self._services = services
        self._account = account
        self._periodic: Cancellable | None = None
        self._soon: Cancellable | None = None

    def start(self) -> None:
        self._periodic_in(REFRESH_EVERY_S)

    def cancel(self) -> None:
        for timer in (self._periodic, self._soon):
            if timer is not None:
                timer.cancel()

    def soon(self, last_read: datetime | None) -> None:
        """Read shortly; a burst of asks shares one read, which the burst cannot delay (and
        which never cancels the periodic one)."""
        if self._soon is None:
            delay = DEBOUNCE_S
            if last_read is not None:
                since = (self._services.clock.now() - last_read).total_seconds()
                delay = max(delay, MIN_GAP_S - since)
            self._soon = self._services.tell_later(
                delay, self._account, RefreshDue(periodic=False), min_wall=0.2
            )

    def done(self, due: RefreshDue, read: bool, last_read: datetime | None) -> None:
        """A timer's read ran (``read``: the broker answered); set the next one."""
        if due.periodic:
            self._periodic_in(REFRESH_EVERY_S if read else DEBOUNCE_S)
        else:
            self._soon = None
            if not read:
                self.soon(last_read)

    def _periodic_in(self, market_seconds: float) -> None:
        if self._periodic is not None:
            self._periodic.cancel()
        self._periodic = self._services.tell_later(
            market_seconds, self._account, RefreshDue(periodic=True), min_wall=0.5
        )
