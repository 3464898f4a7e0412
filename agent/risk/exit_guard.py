"""When the governor should not decide an exit again: no retry storm against a refusal.

Stops are checked on every print of a held code, and the exit timer runs every second. An exit
that cannot go (the user's own pending sell holds the shares, the stock is halted, the broker
refuses it) would otherwise be decided, refused and recorded on every one of them, and a sell
the broker rejects would be sent again every second, spending the order budget the other
positions' stops need. Two rules, both deterministic:

- **a refusal waits for news**: an exit the governor's own check refused (not sellable, no
  position, halted) is decided again only once the account has been read since; the figures it
  was refused on cannot change before;
- **a rejection backs off**: after the broker (or the router) refused one of the agent's sells
  in a code, the next sell in it waits 5 s, then 10 s, 20 s ... up to 2 minutes, counted over
  the rejections of the last 10 minutes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.risk.account import AccountView

__all__ = ["ExitGuard", "rejection_backoff"]

BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=2)
BACKOFF_WINDOW = timedelta(minutes=10)


def rejection_backoff(rejections: int) -> timedelta:
    """Return how long the next sell waits after ``rejections`` recent rejections (>= 1)."""
    if rejections <= 0:
        return timedelta(0)
    return min(BACKOFF_BASE * (1 << min(rejections - 1, 10)), BACKOFF_CAP)


class ExitGuard:
    """Which codes' exits wait, and why (no I/O, no clock: the caller passes the view and now)."""

    def __init__(self) -> None:
        self._refused_on: dict[str, datetime | None] = {}
        self._rejections_seen: dict[str, int] = {}

    def refused(self, code: str, view: AccountView) -> bool:
        """Note that an exit in ``code`` was refused on ``view``; True when this starts a new
        episode (the first refusal since the code last could exit)."""
        new = code not in self._refused_on
        self._refused_on[code] = view.read_at
        return new

    def passed(self, code: str) -> None:
        """An exit in ``code`` was approved: any refusal episode is over."""
        self._refused_on.pop(code, None)

    def waiting(self) -> bool:
        """Tell whether a refused exit waits for the account to be read again."""
        return bool(self._refused_on)

    def waits(self, code: str, view: AccountView, now: datetime) -> bool:
        """Tell whether an exit in ``code`` must not be decided now."""
        if code in self._refused_on:
            if self._refused_on[code] == view.read_at:
                return True
            del self._refused_on[code]  # the account was read since: decide again
        recent = [at for c, at in view.rejected_sells if c == code and now - at < BACKOFF_WINDOW]
        return bool(recent) and now < max(recent) + rejection_backoff(len(recent))

    def new_rejections(self, view: AccountView) -> list[str]:
        """Return the codes whose first sell rejection of the day this view shows (each code
        is reported once a day: the backoff, not the alert, answers the later ones)."""
        codes = sorted({c for c, _ in view.rejected_sells} - set(self._rejections_seen))
        for code in codes:
            self._rejections_seen[code] = 1
        return codes

    def new_day(self) -> None:
        self._refused_on.clear()
        self._rejections_seen.clear()
