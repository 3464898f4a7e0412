"""What the journal records: every input the trading core sees live, in the order each core
took it and at the time it decided it by.

The kinds live with their source: :mod:`.feed` (the feed, the scanner's reads, the broker's
reads and answers, the operator), :mod:`.watch` (each StockActor's), :mod:`.governor` (the
risk governor's and the router's, their decisions included). Each kind is a tagged struct, so
a journal of an older version still decodes the kinds it knows.
"""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from agent.journal.feed import (
    AccountRead,
    Breaking,
    Command,
    Execution,
    Feed,
    ListingRead,
    News,
    OrderAnswer,
    Print,
    Rankings,
    Ranks,
    Vi,
)
from agent.journal.governor import (
    AccountAnswer,
    Chased,
    Configured,
    Decision,
    Guarded,
    Observed,
    Quotes,
    Signal,
    Started,
    Timer,
    Traded,
)
from agent.journal.watch import Counted, Holding, Ranked, Scored, Unwatched, Watched

REPLAY_FORMAT = 4
"""What a journal holds for the replay; raised when a change to the core needs new inputs, so a
replay never compares a day against inputs it cannot see."""


Event = (
    Print
    | Execution
    | Vi
    | Feed
    | Rankings
    | Ranks
    | News
    | Breaking
    | Ranked
    | Scored
    | Holding
    | Counted
    | Watched
    | Unwatched
    | AccountRead
    | ListingRead
    | OrderAnswer
    | Command
    | AccountAnswer
    | Signal
    | Observed
    | Traded
    | Quotes
    | Chased
    | Guarded
    | Started
    | Configured
    | Timer
    | Decision
)


class Entry(Struct, frozen=True, array_like=True, gc=False):
    """One journal frame: the input, its sequence number in the day and its market time.

    Untracked by the cycle collector (``gc=False``): an entry refers to its event, never back,
    so it is in no cycle, and a replay holding a day's entries (a quarter of a million) does
    not have the collector walk them all again and again while it decodes them.
    """

    seq: int
    at: datetime
    event: Event
