"""The snapshot board between the actors and the web layer."""

from actors.board.board import SnapshotBoard
from actors.board.events import COALESCED, Envelope, LiveEvent, Snapshot, Topic
from actors.board.subscription import Filter, Subscription

__all__ = [
    "COALESCED",
    "Envelope",
    "Filter",
    "LiveEvent",
    "Snapshot",
    "SnapshotBoard",
    "Subscription",
    "Topic",
]
