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
import time
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from agent.clock import KST, Clock
from agent.journal.events import Entry, Event
from agent.journal.frames import MAGIC, JournalError, Scan, frame, last_entry

log = logging.getLogger(__name__)

FLUSH_BYTES = 64 * 1024
MAX_BUFFER = 32 * 1024 * 1024
"""Most bytes kept waiting while the disk refuses writes."""
COMPLAIN_EVERY_S = 60.0
"""A failing journal is logged at most this often (wall seconds)."""


def journal_path(directory: Path, day: date) -> Path:
    """Return where the journal of trade date ``day`` is kept."""
    return directory / f"{day.isoformat()}.journal"


class JournalWriter:
    """Appends the inputs of each trade date to its own file; thread-safe.

    Journaling never stands in trading's way: :meth:`record` does not raise. A frame that
    cannot be encoded, a directory that cannot be opened or a disk that refuses the write is
    logged (once a minute at most) and the input is dropped, not the caller's work; while
    writes fail, what waits is kept up to :data:`MAX_BUFFER`, then dropped.
    A write that fails half-way is cut back, so no torn frame sits in the middle of a file.
    """

    def __init__(self, directory: Path, clock: Clock, *, flush_every: float = 0.2) -> None:
        self.directory = directory
        self._clock = clock
        self._flush_every = flush_every
        self._lock = threading.Lock()
        self._file: BinaryIO | None = None
        self._good = 0
        """Bytes of the open file that hold whole frames (where a failed write is cut back)."""
        self._day: date | None = None
        self._seq = 0
        self._buffer = bytearray()
        self._stop = threading.Event()
        self._flusher: threading.Thread | None = None
        self._complained = float("-inf")
        self.failures = 0
        """Journal operations that failed since the start: an input not encoded or its file
        not opened (the input is lost), or a write that failed (its frames wait)."""

    def record(self, event: Event, *, durable: bool = False, at: datetime | None = None) -> None:
        """Append ``event`` at ``at`` (default: the clock's time) to the journal of that trade
        date; ``durable`` writes it (and everything before it) to the file at once, so a kill
        of the process right after cannot lose it (a decision, before its order goes out).
        A core passes the time it decides the input at, so the replay decides at the same."""
        try:
            with self._lock:
                now = at or self._clock.now()
                day = now.astimezone(KST).date()
                if day != self._day:
                    self._open(day)
                if self._flusher is None:
                    self._start_flusher()
                encoded = frame(Entry(seq=self._seq + 1, at=now, event=event))
                self._seq += 1
                self._buffer += encoded
                if durable or len(self._buffer) >= FLUSH_BYTES:
                    self._write()
        except Exception as exc:
            self._failed(exc)

    def flush(self) -> None:
        try:
            with self._lock:
                self._write()
        except Exception as exc:
            self._failed(exc)

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
        self.flush()
        with self._lock:
            self._close_file()
            self._day = None
            self._buffer.clear()

    def _start_flusher(self) -> None:
        self._stop = threading.Event()
        self._flusher = threading.Thread(
            target=self._flush_until, args=(self._stop,), name="journal", daemon=True
        )
        self._flusher.start()

    def _flush_until(self, stop: threading.Event) -> None:
        while not stop.wait(self._flush_every):
            self.flush()

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            self.failures += 1
            if len(self._buffer) > MAX_BUFFER:
                self._buffer.clear()  # the disk keeps refusing: drop what waits
            now = time.monotonic()
            complain = now - self._complained >= COMPLAIN_EVERY_S
            if complain:
                self._complained = now
        if complain:
            log.error("journal: input not written (%s); trading goes on", exc)

    def _close_file(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            file.close()

    def _open(self, day: date) -> None:
        self._write()
        self._close_file()
        self._buffer.clear()  # frames of another day never go to this one
        self.directory.mkdir(parents=True, exist_ok=True)
        path = journal_path(self.directory, day)
        seq = 0
        scan = Scan()
        last: Entry | None = None
        try:
            last = last_entry(path, scan) if path.exists() else None
        except JournalError:
            aside = path.with_suffix(".not-a-journal")
            log.error("journal %s: not a journal; moved to %s, a new one starts", path, aside)
            path.replace(aside)
        if path.exists() and path.stat().st_size > 0:
            seq = last.seq if last is not None else scan.frames
            if scan.torn_bytes:
                log.warning(
                    "journal %s: dropped a torn last frame (%d bytes)", path, scan.torn_bytes
                )
                with path.open("r+b") as torn:
                    torn.truncate(scan.good_bytes)
            self._file = path.open("ab", buffering=0)
            self._good = scan.good_bytes
        else:
            self._file = path.open("ab", buffering=0)  # appends: a cut-back file stays whole
            self._file.truncate(0)
            self._file.write(MAGIC)
            self._good = len(MAGIC)
        self._day, self._seq = day, seq

    def _write(self) -> None:
        file = self._file
        if file is None or not self._buffer:
            return
        data = bytes(self._buffer)
        written = 0
        try:
            while written < len(data):
                written += file.write(data[written:]) or 0
        except OSError:
            file.truncate(self._good)  # no torn frame left mid-file; the buffer waits
            file.seek(self._good)
            raise
        self._good += len(self._buffer)
        self._buffer.clear()
