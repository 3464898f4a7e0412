"""The per-day journal of every input the trading core sees live (issue #13's learning data
and the replay's source)."""

from agent.journal.events import (
    AccountRead,
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
    Vi,
)
from agent.journal.frames import JournalError, Scan, read_entries
from agent.journal.writer import JournalWriter, journal_path

__all__ = [
    "AccountRead",
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
    "Vi",
    "journal_path",
    "read_entries",
]
