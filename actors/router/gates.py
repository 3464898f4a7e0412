"""What the router reads from the other actors' snapshots before it sends or chases.

The governor's freeze and entry block, the Account's 미수 room and a stock's VI decide what
the router may do next; each is read from the snapshot board as its owner last published it.
"""

from __future__ import annotations

from actors import ids
from actors.account.messages import AccountSnapshot
from actors.board import SnapshotBoard
from actors.risk.messages import GovernorSnapshot
from actors.stock.messages import StockSnapshot


def in_vi(board: SnapshotBoard, code: str) -> bool:
    """Tell whether ``code`` is in a VI. A stop resting at the lower limit is reported as
    locked there unless it is: in a VI the stop waits for the auction's uncross, which is no
    lock; otherwise a sell at the lower limit that has not filled finds no bid."""
    snapshot = board.snapshot(ids.stock_id(code))
    data = snapshot.data if snapshot is not None else None
    return isinstance(data, StockSnapshot) and data.vi_active


def frozen(board: SnapshotBoard) -> bool:
    """Tell whether the operator's freeze stops every automatic order."""
    snapshot = board.snapshot(ids.RISK)
    return bool(getattr(snapshot.data, "frozen", False)) if snapshot is not None else False


def credit_possible(board: SnapshotBoard) -> bool:
    """Tell whether the account may lend (미수 room: kt00001's orderable above its 미수-free
    orderable, as the Account last read it); unknown counts as yes."""
    snapshot = board.snapshot(ids.ACCOUNT)
    data = snapshot.data if snapshot is not None else None
    if not isinstance(data, AccountSnapshot):
        return True
    return data.orderable > data.orderable_cash_only


def entries_blocked(board: SnapshotBoard) -> bool:
    """Tell whether the governor lets no new entry through (freeze, kill switch, pause,
    daily loss limit); with no snapshot yet nothing says so."""
    snapshot = board.snapshot(ids.RISK)
    data = snapshot.data if snapshot is not None else None
    if not isinstance(data, GovernorSnapshot):
        return False
    return data.frozen or data.kill_switch or data.entries_paused or data.daily_loss_hit
