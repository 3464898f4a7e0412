"""The per-day journal of every input the trading core sees live (issue #13's learning data
and the replay's source)."""

from agent.journal.events import (
    AccountRead,
    Breaking,
    Command,
    Entry,
    Event,
    Execution,
    Feed,
    ListingRead,
    News,
    OrderAnswer,
    Print,
    Rankings,
    Unwatched,
    Vi,
    Watched,
)
from agent.journal.frames import JournalError, Scan, read_entries
from agent.journal.writer import JournalWriter, journal_path

__all__ = [
    "AccountRead",
    "Breaking",
    "Command",
    "Entry",
    "Event",
    "Execution",
    "Feed",
    "JournalError",
    "JournalWriter",
    "ListingRead",
    "News",
    "OrderAnswer",
    "Print",
    "Rankings",
    "Scan",
    "Unwatched",
    "Vi",
    "Watched",
    "journal_path",
    "read_entries",
]
