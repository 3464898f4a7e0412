"""The recorded conversation: what the live cores asked and were told, taken back in order.

A core's ask (the Account's view, a count of today's entries, the quotes of quiet codes, the
scanner's news scores, the governor's own stock information read) is answered in the replay by
the next journaled answer of its kind, so the replayed core sees what the live one saw. An ask
the journal has no answer to, and an answer nobody asked for again, both mean the replay
decided otherwise: each is a difference. Frames missing from the sequence (a disk that refused
them) make the day incomplete, a difference too.
"""

from __future__ import annotations

from collections import defaultdict, deque
from datetime import datetime
from typing import Any

from agent import journal
from agent.broker.market import ListingInfo
from agent.clock import KST
from agent.core.governor import Unavailable
from agent.domain import Intent
from agent.risk.account import AccountView

__all__ = ["ASKED", "Answers", "InFlight"]


class InFlight(Exception):
    """The answer to this ask died with the process: the live life ended right here, so the
    replay's step ends with it (the next life starts afresh, as the live one did)."""


ASKED: frozenset[type[journal.Event]] = frozenset(
    {journal.AccountAnswer, journal.Quotes, journal.News, journal.ListingRead, journal.Counted}
)
"""The answers to the live cores' asks: each is taken when the replay asks, never as it comes."""

_KINDS: frozenset[type[journal.Event]] = ASKED | {
    journal.Signal,
    journal.Decision,
    journal.Started,
}
"""What :class:`Answers` keeps of a day."""


class Answers:
    """The journaled answers of one day, by kind, in the order they were given."""

    def __init__(self, entries: list[journal.Entry], *, recorded_ids: bool = True) -> None:
        self.unanswered: list[str] = []
        """What the replay asked that the journal holds no answer to."""
        self.live: list[journal.Decision] = []
        """The live governor's decisions, in order."""
        self.signals: list[tuple[int, datetime, Intent]] = []
        """The entry signals the live governor received, with the agent's life they came in
        (a process start or governor restart begins a new one)."""
        self._views: deque[tuple[int, AccountView | None, str]] = deque()
        """(the life it was given in, the view, why it was unavailable)."""
        self._asking = 0
        """The governor life the replay is in (each restart begins the next)."""
        self._quotes: deque[tuple[int, dict[str, int]]] = deque()
        self._news: deque[tuple[int, dict[str, int | None]]] = deque()
        self._listings: dict[str, deque[ListingInfo]] = defaultdict(deque)
        self._counts: dict[str, deque[tuple[int, int]]] = defaultdict(deque)
        """Per code: (the life it was given in, the count)."""
        self.asks_in_flight = 0
        """Asks of a life that ended (a kill) before their answer reached the journal."""
        self._ids: deque[str] = deque()
        self._last_view: AccountView | None = None
        life = previous = 0
        self.lives = 0
        for entry in entries:
            seq, event = entry.seq, entry.event
            if seq != previous + 1 and previous:
                self.unanswered.append(f"frames {previous + 1}-{seq - 1} missing")
            previous = seq
            if type(event) not in _KINDS:  # prints, mostly
                continue
            if isinstance(event, journal.AccountAnswer):
                self._views.append((life, event.view, event.unavailable))
            elif isinstance(event, journal.Quotes):
                self._quotes.append((life, event.prices))
            elif isinstance(event, journal.News):
                self._news.append((life, event.scores))
            elif isinstance(event, journal.ListingRead) and event.asker == "risk":
                self._listings[event.info.code].append(event.info)
            elif isinstance(event, journal.Signal):
                self.signals.append((life, entry.at.astimezone(KST), event.intent))
            elif isinstance(event, journal.Started):
                life += event.component == "risk"
                self.lives = life
            elif isinstance(event, journal.Counted):
                self._counts[event.code].append((life, event.entries))
            elif isinstance(event, journal.Decision):
                self.live.append(event)
                if recorded_ids and event.client_order_id is not None:
                    self._ids.append(event.client_order_id)

    def account(self) -> AccountView:
        """The Account's next answer to the governor; :class:`Unavailable` when it failed live
        (or the journal has none left).

        An ask in flight when the process died raises :class:`InFlight` (no decision came of
        it live).
        """
        views = self._views
        if not self._answered(views, "an account view"):
            raise Unavailable("the journal holds no more account answers")
        _, view, unavailable = views.popleft()
        if unavailable:
            raise Unavailable(unavailable)
        view = view or self._last_view  # None: the same as the last answer
        if view is None:
            raise Unavailable("the journal's first account answer is missing")
        self._last_view = view
        return view

    def _answered(self, queue: deque[Any], what: str) -> bool:
        """Whether ``queue`` holds the answer to an ask of the life the replay is in.

        None of that life left, in a life that was not the last: the ask was in flight when
        the process died (its frame reached the disk, the answer did not). Counted in
        :attr:`asks_in_flight`, and :class:`InFlight` ends the replay's step there, as the
        kill ended the live one. In the last life a missing answer is a difference.
        """
        if queue and queue[0][0] <= self._asking:
            return True
        if self._asking < self.lives:
            self.asks_in_flight += 1
            raise InFlight(f"{what}: in flight when the process died")
        self.unanswered.append(what)
        return False

    def restarted(self) -> None:
        """The governor (re)started a life: its next answer is journaled in full."""
        self._last_view = None
        self._asking += 1

    def quotes(self, now: datetime) -> dict[str, int]:
        """The quotes one exit check read of quiet codes (none, mostly)."""
        if not self._answered(self._quotes, f"{now.isoformat()} the exit check's quote read"):
            return {}
        return self._quotes.popleft()[1]

    def news(self, now: datetime) -> dict[str, int | None]:
        """The news scores one scanner poll read."""
        if not self._answered(self._news, f"{now.isoformat()} news scores"):
            return {}
        return self._news.popleft()[1]

    def count(self, code: str, life: int) -> int:
        """A StockActor's count of today's entries in ``code``, asked in ``life``.

        An ask of a life that was not the last, with no answer of that life left, was in
        flight when the process died: the print that led to it reached the disk, its answer
        did not. Counted (:attr:`asks_in_flight`), not a difference; 0 stands in for it.
        """
        counts = self._counts[code]
        if counts and counts[0][0] <= life:
            return counts.popleft()[1]
        if life < self.lives:
            self.asks_in_flight += 1
            return 0
        self.unanswered.append(f"{code}: a count of today's entries")
        return 0

    def listing(self, code: str) -> ListingInfo | None:
        """The governor's own stock information read of ``code`` (None: none was made)."""
        reads = self._listings[code]
        return reads.popleft() if reads else None

    def order_id(self) -> str | None:
        """The live governor's next approval id (None: no more)."""
        return self._ids.popleft() if self._ids else None

    def unasked(self) -> list[str]:
        """Answers the live cores got that the replay never asked for: it decided otherwise."""
        left = {
            "account answers": len(self._views),
            "quote reads": len(self._quotes),
            "news reads": len(self._news),
            "entry counts": sum(len(q) for q in self._counts.values()),
            "stock information reads": sum(len(q) for q in self._listings.values()),
        }
        return [f"{n} {what} the replay never asked for" for what, n in left.items() if n]
