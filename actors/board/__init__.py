"""The snapshot board between the actors and the web layer."""

from actors.board.board import SnapshotBoard
from actors.board.events import COALESCED, BoardEvent, Snapshot, Topic
from actors.board.subscription import Filter, Subscription

__all__ = [
    "COALESCED",
    "BoardEvent",
    "Filter",
    "Snapshot",
    "SnapshotBoard",
    "Subscription",
    "Topic",
]
