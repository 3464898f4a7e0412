"""Keep a :class:`FollowedClock` in step with a simulator's ``GET /sim/clock``."""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime

import httpx

from agent.clock import FollowedClock

log = logging.getLogger(__name__)


class SimClock:
    """The market clock of a simulator at ``base_url``, re-synced every ``every`` seconds."""

    def __init__(self, base_url: str, every: float = 2.0) -> None:
        self._http = httpx.Client(base_url=base_url, timeout=5.0)
        reading = self._read()
        self.trading_date: date = date.fromisoformat(reading["trading_date"])
        self.clock = FollowedClock(datetime.fromisoformat(reading["now"]), float(reading["speed"]))
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sim-clock", daemon=True)
        self._thread.start()

    def _read(self) -> dict[str, str]:
        response = self._http.get("/sim/clock")
        response.raise_for_status()
        data: dict[str, str] = response.json()
        return data

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                reading = self._read()
                self.clock.sync(datetime.fromisoformat(reading["now"]), float(reading["speed"]))
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                log.warning("could not read the simulator's clock: %s", exc)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._http.close()
