"""The demo's live console line, read from the snapshot board."""

from __future__ import annotations

import sys
from typing import TextIO, TypeVar

from actors import ids
from actors.account.messages import AccountSnapshot
from actors.board import SnapshotBoard, Topic
from actors.board.events import LiveOrderUpdate
from actors.scanner.messages import ScannerSnapshot
from actors.scheduler.actor import MarketStatus

T = TypeVar("T")


class ConsoleLine:
    """Renders ``phase | watched | positions | P&L | orders`` from the board."""

    def __init__(self, board: SnapshotBoard, out: TextIO = sys.stdout) -> None:
        self._board = board
        self._out = out
        self._orders = board.subscribe(topics=[Topic.ORDER_UPDATE], capacity=10_000)
        self._status: dict[int, str] = {}

    def render(self) -> str:
        for event in self._orders.drain():
            if isinstance(event, LiveOrderUpdate):
                self._status[event.data.id] = event.data.status
        status = self._data(ids.SCHEDULER, MarketStatus)
        account = self._data(ids.ACCOUNT, AccountSnapshot)
        scanner = self._data(ids.SCANNER, ScannerSnapshot)
        clock = status.at.strftime("%H:%M:%S") if status else "--:--:--"
        phase = status.phase if status else "starting"
        watched = len(scanner.watched) if scanner else 0
        positions = sum(1 for p in account.positions if p.managed) if account else 0
        pnl = (account.realized_pnl + account.open_pnl) if account else 0
        filled = sum(1 for s in self._status.values() if s == "filled")
        return (
            f"{clock} {phase:<16} | watching {watched:>2} | positions {positions} | "
            f"P&L {pnl:+,} won | orders {len(self._status)} (filled {filled})"
        )

    def print(self) -> None:
        print(self.render(), file=self._out, flush=True)

    def _data(self, source: str, kind: type[T]) -> T | None:
        snapshot = self._board.snapshot(source)
        if snapshot is None or not isinstance(snapshot.data, kind):
            return None
        return snapshot.data
