"""The day's journal, appended as inputs arrive: ``<data_dir>/journal/<YYYY-MM-DD>.journal``.

Callers on any thread (the feed's loop, the scanner, the governor) call :meth:`record`; the
frame is encoded at once and buffered, and a daemon thread writes the buffer every
``flush_every`` seconds (and whenever 64 KiB are waiting), so the feed's thread never waits on
the disk. A process killed meanwhile loses at most that last fraction of a second, and a write
it interrupted is a torn last frame the reader drops. Reopening a day's file (a restart)
truncates such a tail and continues the day's sequence numbers.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import BinaryIO

from agent.clock import KST, Clock
from agent.journal.events import Entry, Event
from agent.journal.frames import MAGIC, Scan, frame, read_entries

log = logging.getLogger(__name__)

FLUSH_BYTES = 64 * 1024


def journal_path(directory: Path, day: date) -> Path:
    """Return where the journal of trade date ``day`` is kept."""
    return directory / f"{day.isoformat()}.journal"


class JournalWriter:
    """Appends the inputs of each trade date to its own file; thread-safe."""

    def __init__(self, directory: Path, clock: Clock, *, flush_every: float = 0.2) -> None:
        self.directory = directory
        self._clock = clock
        self._flush_every = flush_every
        self._lock = threading.Lock()
        self._file: BinaryIO | None = None
        self._day: date | None = None
        self._seq = 0
        self._buffer = bytearray()
        self._stop = threading.Event()
        self._flusher: threading.Thread | None = None

    def record(self, event: Event) -> None:
        """Append ``event`` at the clock's time to the journal of that trade date."""
        now = self._clock.now()
        day = now.astimezone(KST).date()
        with self._lock:
            if day != self._day:
                self._open(day)
            if self._flusher is None:
                self._stop = threading.Event()
                self._flusher = threading.Thread(
                    target=self._flush_until, args=(self._stop,), name="journal", daemon=True
                )
                self._flusher.start()
            self._seq += 1
            self._buffer += frame(Entry(seq=self._seq, at=now, event=event))
            if len(self._buffer) >= FLUSH_BYTES:
                self._write()

    def flush(self) -> None:
        with self._lock:
            self._write()

    def size(self, day: date) -> int:
        """Return the bytes the journal of ``day`` holds (written and still buffered)."""
        path = journal_path(self.directory, day)
        with self._lock:
            buffered = len(self._buffer) if day == self._day else 0
        return (path.stat().st_size if path.exists() else 0) + buffered

    def close(self) -> None:
        """Write what is buffered and close the file; a later :meth:`record` opens it again."""
        with self._lock:
            flusher, self._flusher = self._flusher, None
            self._stop.set()
        if flusher is not None:
            flusher.join(timeout=5)
        with self._lock:
            self._write()
            if self._file is not None:
                self._file.close()
            self._file, self._day = None, None

    def _flush_until(self, stop: threading.Event) -> None:
        while not stop.wait(self._flush_every):
            try:
                self.flush()
            except OSError as exc:  # a full disk must not stop trading; say so
                log.error("journal not written: %s", exc)

    def _open(self, day: date) -> None:
        self._write()
        if self._file is not None:
            self._file.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        path = journal_path(self.directory, day)
        seq = 0
        if path.exists() and path.stat().st_size > 0:
            scan = Scan()
            for entry in read_entries(path, scan):
                seq = entry.seq
            if scan.torn_bytes:
                log.warning(
                    "journal %s: dropped a torn last frame (%d bytes)", path, scan.torn_bytes
                )
                with path.open("r+b") as torn:
                    torn.truncate(scan.good_bytes)
            self._file = path.open("ab")
        else:
            self._file = path.open("wb")
            self._file.write(MAGIC)
            self._file.flush()
        self._day, self._seq = day, seq

    def _write(self) -> None:
        if self._file is None or not self._buffer:
            return
        self._file.write(self._buffer)
        self._file.flush()
        self._buffer.clear()
