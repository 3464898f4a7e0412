"""The governor's exits over time, one rule for the live governor and the backtest.

:func:`agent.risk.exits.exit_intents` says which positions should be sold at an instant. The
desk adds what only time shows, so neither driver sends an exit storm:

- a code with an exit already working (or reserved) gets no second one;
- an exit refused or rejected waits (:class:`agent.risk.exit_guard.ExitGuard`);
- a stop is priced through the best bid when the bid is under the print, and each re-issue
  of a stop that did not fill counts as one more attempt (``AccountView.stop_attempts``):
  :func:`agent.risk.order_terms` prices it further through, 최유리지정가 from the third.

No clock, no I/O: the driver passes the account view, the prices and the time, and reports
each decision back with :meth:`ExitDesk.decided`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from msgspec.structs import replace

from agent.domain import Approved, Intent, OrderPurpose, Rejected
from agent.risk.account import AccountView, Position
from agent.risk.exit_guard import ExitGuard
from agent.risk.exits import exit_intents
from agent.risk.limits import RiskLimits
from agent.risk.reasons import RejectReason

__all__ = [
    "RETRYABLE",
    "STOP_EPISODE",
    "ExitDesk",
    "PulledStop",
    "stop_attempts",
    "through_bid",
]

RETRYABLE = frozenset({"ACCOUNT_UNAVAILABLE", "NO_MARKET_DATA"})
"""Refusals that pass once a peer is back; anything else (an exit already working) is final."""

STOP_EPISODE = timedelta(minutes=2)
"""An unfilled stop pulled longer ago than this (or four re-pricing periods, if longer) belongs
to an earlier episode: the price recovered above the stop in between."""


def through_bid(price: int, bid: int) -> int:
    """Return what a sell can get now: the best bid when it is known and below ``price``."""
    return bid if 0 < bid < price else price


@dataclass(frozen=True)
class PulledStop:
    """One of the agent's stop orders of the day that ended unfilled (pulled to re-price)."""

    code: str
    ended_at: datetime


def stop_attempts(
    pulled: Iterable[PulledStop], now: datetime, reprice: timedelta
) -> tuple[tuple[str, int], ...]:
    """Return (code, n): the stops of the current episode in each code that ended unfilled;
    the next re-issue is priced further through for each."""
    window = max(STOP_EPISODE, 4 * reprice)
    counts: dict[str, int] = {}
    for stop in pulled:
        if now - stop.ended_at <= window:
            counts[stop.code] = counts.get(stop.code, 0) + 1
    return tuple(sorted(counts.items()))


class ExitDesk:
    """Which exits to decide now, and what a decision means for the next ones."""

    def __init__(self) -> None:
        self.guard = ExitGuard()

    def due(
        self,
        account: AccountView,
        price_of: Callable[[Position], int],
        limits: RiskLimits,
        now: datetime,
        *,
        eod: bool,
        exiting: Collection[str],
        bid_of: Callable[[str], int],
        only: str | None = None,
    ) -> list[Intent]:
        """Return the exit intents to decide now (for code ``only``, when given)."""
        due = []
        for intent in exit_intents(account, price_of, limits, now, eod=eod):
            code = intent.code
            if only is not None and code != only:
                continue
            if code in exiting or self.guard.waits(code, account, now):
                continue
            if intent.purpose is OrderPurpose.STOP_LOSS:
                # Priced through the bid, further on each re-issue of a stop that did not fill.
                intent = replace(
                    intent,
                    reference_price=through_bid(intent.reference_price, bid_of(code)),
                    attempt=account.stop_attempts_in(code),
                )
            due.append(intent)
        return due

    def decided(self, intent: Intent, decision: Approved | Rejected, account: AccountView) -> bool:
        """Note the decision on an exit; True when the user's own sell holds the shares (the
        driver should read the account again soon: their cancel or fill frees them)."""
        if isinstance(decision, Approved):
            self.guard.passed(intent.code)
            return False
        if RETRYABLE & set(decision.reasons):
            return False
        self.guard.refused(intent.code, account)
        return str(RejectReason.NOT_SELLABLE) in decision.reasons

    def new_rejections(self, account: AccountView) -> list[str]:
        """Return the codes whose first sell rejection of the day ``account`` shows."""
        return self.guard.new_rejections(account)

    def new_day(self) -> None:
        self.guard.new_day()
