"""One soak session: a simulator for the date, the agent's lives on the shared database, the
day's faults and kills, samples of the agent, and at the close its stop and the broker's verdict.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as market_time
from pathlib import Path

import httpx
from soak_books import (
    day_book,
    day_closed,
    day_orders,
    events_since,
    judge,
    last_event_id,
    unfinished,
)
from soak_figures import ProcessSample, SessionFigures, band
from soak_plan import DayPlan, FaultSet, Kill, day_plan
from soak_probe import ProcessGone, descriptor_kinds, sample
from sqlalchemy.orm import Session, sessionmaker

from agent.broker.account import Holding
from tests.support.ledger import read_broker_holdings
from tests.support.processes import STOCKAGENT, Processes, child_env, clock_reading, free_port
from tests.support.waiting import wait_until

OPEN_AT = market_time(8, 50)
CLOSE_AT = market_time(15, 30)
NOON = market_time(12, 0)
SAMPLE_EVERY_S = 2.0
SETTLE_S = 20.0
STOP_S = 60.0
CLOCK_PATIENCE_S = 30.0
"""How long the simulator may leave its clock unanswered (a loaded machine) before the day is
given up."""
SOAK_ENVIRON = {
    # Entries all morning, not only in the first hour: at 300x the default window (09:00-10:00)
    # is 12 wall seconds, which a kill and a restart would mostly eat.
    "STOCKAGENT_STRATEGY_WINDOW_END": "11:30",
    # At 300x a market minute is 0.2 s: an entry gets the room the agent's latency takes
    # (as tests/integration/test_shared_account.py gives it).
    "STOCKAGENT_EXECUTION_ENTRY_TIMEOUT_S": "300",
    "STOCKAGENT_RISK_ENTRY_OFFSET_TICKS": "20",
}


def log(text: str) -> None:
    print(f"[soak {datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


@dataclass(kw_only=True)
class Life:
    """One agent process, from its start to its kill or stop."""

    process: subprocess.Popen[bytes]
    api_port: int
    start: ProcessSample | None = None
    midday: ProcessSample | None = None
    peak_rss_kb: int = 0
    next_sample: float = 0.0
    last: ProcessSample | None = None
    afternoon: list[ProcessSample] = field(default_factory=list)
    """Every sample from noon (2 s apart): the band the close figure is one point of."""

    def look(self) -> ProcessSample | None:
        try:
            seen = sample(self.process.pid)
        except ProcessGone:
            return None
        self.peak_rss_kb = max(self.peak_rss_kb, seen.rss_kb)
        self.last = seen
        return seen

    def summary(self) -> dict[str, float | None]:
        """RSS (MB) after the start and at the last sample, for the JSON."""
        start, last = self.start, self.last
        return {
            "start_mb": None if start is None else round(start.rss_mb, 1),
            "last_mb": None if last is None else round(last.rss_mb, 1),
            "peak_mb": round(self.peak_rss_kb / 1024, 1),
        }


@dataclass(kw_only=True)
class Soak:
    """What every session shares: the data directory, its database, the run's settings."""

    root: Path
    data_dir: Path
    sessions: sessionmaker[Session]
    speed: float
    seed: int
    hold_after: frozenset[int]


def _api_up(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


class DayFailed(Exception):
    """The day could not be run to its close."""


class Day:
    """One session: the simulator, the agent's lives, the plan, the close and the judgement."""

    def __init__(self, soak: Soak, number: int, day: date, carried: tuple[Holding, ...]) -> None:
        self.soak = soak
        self.day = day
        self.plan: DayPlan = day_plan(soak.seed, number)
        self.carried = carried
        hold = number in soak.hold_after
        self.figures = SessionFigures(
            number=number,
            day=day,
            carried_in={h.code: h.qty for h in carried},
            held_overnight=hold,
        )
        logs = soak.root / f"session-{number}"
        logs.mkdir(parents=True, exist_ok=True)
        self.processes = Processes(logs=logs)
        self.env = {**child_env(soak.data_dir), **SOAK_ENVIRON}
        if hold:
            self.env["STOCKAGENT_RISK_EOD_EXIT"] = "hold"
        self.base_url = ""
        self.simulator: subprocess.Popen[bytes] | None = None
        self.first_event = last_event_id(soak.sessions)

    def run(self) -> tuple[SessionFigures, tuple[Holding, ...]]:
        began = time.monotonic()
        holdings: tuple[Holding, ...] = ()
        try:
            self._start_simulator()
            life = self._start_life()
            try:
                life = self._trade_until_close(life)
            except DayFailed as failure:
                # Judged all the same: the books after a failed day say what went wrong.
                log(str(failure))
                self.figures.problems.append(str(failure))
                self.figures.ran_to_close = False
            holdings = self._stop_and_judge(life)
        finally:
            self.processes.stop_all()
            self.figures.wall_s = time.monotonic() - began
        return self.figures, holdings

    def _start_simulator(self) -> None:
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        self.simulator = self.processes.start(
            "simulator",
            [
                *STOCKAGENT,
                "simulator",
                "--host=127.0.0.1",
                f"--port={port}",
                f"--speed={self.soak.speed:g}",
                f"--start={OPEN_AT:%H:%M}",
                f"--seed={self.soak.seed}",
                f"--date={self.day.isoformat()}",
                "--rate-profile=real",
                *(f"--holding={h.code}:{h.qty}:{max(h.avg_price, 1)}" for h in self.carried),
            ],
            self.env,
        )
        wait_until(lambda: clock_reading(self.base_url), timeout=60, interval=0.1, message="sim")

    def _start_life(self) -> Life:
        port = free_port()
        argv = [*STOCKAGENT, "run", f"--simulator={self.base_url}", f"--port={port}"]
        return Life(process=self.processes.start("agent", argv, self.env), api_port=port)

    def _now(self) -> market_time:
        """The simulator's market time; on a busy machine it may be slow to answer a while."""
        deadline = time.monotonic() + CLOCK_PATIENCE_S
        while (reading := clock_reading(self.base_url)) is None:
            status = self.simulator.poll() if self.simulator is not None else None
            if status is not None:
                raise DayFailed(f"session {self.figures.number}: the simulator exited ({status})")
            if time.monotonic() > deadline:
                raise DayFailed(
                    f"session {self.figures.number}: the simulator's clock did not answer "
                    f"for {CLOCK_PATIENCE_S:g} s"
                )
            log(f"session {self.figures.number}: the simulator's clock is slow to answer")
        return reading.time()

    def _post(self, fault: FaultSet) -> None:
        url = f"{self.base_url}/sim/faults/next"
        httpx.post(url, json=fault.body(), timeout=CLOCK_PATIENCE_S).raise_for_status()
        self.figures.faults += 1

    def _trade_until_close(self, life: Life) -> Life:
        """Run the day: faults when due, kills when armed, samples, until the close."""
        sessions, day = self.soak.sessions, self.day
        faults = list(self.plan.faults)
        kills = list(self.plan.kills)
        armed: tuple[Kill, int, float] | None = None
        day_s = 3600 * (CLOSE_AT.hour - OPEN_AT.hour) + 60 * (CLOSE_AT.minute - OPEN_AT.minute)
        deadline = time.monotonic() + 1.5 * day_s / self.soak.speed + 120
        while True:
            now, clock = self._now(), time.monotonic()
            while faults and faults[0].at <= now:
                self._post(faults.pop(0))
            status = life.process.poll()
            if status is not None:
                log(f"session {self.figures.number}: the agent exited by itself ({status})")
                self.figures.unexpected_exits.append(status)
                self.figures.earlier_lives.append(life.summary())
                life = self._start_life()
            if life.start is None and _api_up(life.api_port):
                life.start = life.look()
            if clock >= life.next_sample:
                life.next_sample = clock + SAMPLE_EVERY_S
                seen = life.look()
                if seen is not None and now >= NOON:
                    life.midday = life.midday or seen
                    life.afternoon.append(seen)
            if kills and now >= kills[0].after:
                kill = kills[0]
                sent = kill.moment == "sent"
                if armed is None:
                    armed = (kill, day_orders(sessions, day, sent=sent), clock + kill.patience_s)
                elif day_orders(sessions, day, sent=sent) > armed[1] or clock >= armed[2]:
                    life = self._kill(life, kill, waited=clock >= armed[2])
                    kills.pop(0)
                    armed = None
            if day_closed(sessions, day, self.first_event):
                return life
            if clock > deadline:
                raise DayFailed(f"session {self.figures.number}: no day_closed for {day}")
            time.sleep(0.05 if armed else 0.25)

    def _kill(self, life: Life, kill: Kill, *, waited: bool) -> Life:
        in_flight = unfinished(self.soak.sessions, self.day)
        life.process.send_signal(signal.SIGKILL)
        life.process.wait(timeout=10)
        when = f"{self._now():%H:%M:%S}"
        how = " in flight" if in_flight else ""
        how += f" (no order {kill.moment} in {kill.patience_s:g} s)" if waited else ""
        self.figures.kills.append(when + how)
        self.figures.earlier_lives.append(life.summary())
        log(f"session {self.figures.number}: SIGKILL at {when}{how}")
        return self._start_life()

    def _stop_and_judge(self, life: Life) -> tuple[Holding, ...]:
        figures, sessions = self.figures, self.soak.sessions
        figures.close = life.look()
        figures.close_fds = descriptor_kinds(life.process.pid)
        if figures.close is not None:
            life.afternoon.append(figures.close)
        figures.low, figures.high = band(life.afternoon) or (None, None)
        figures.start, figures.midday = life.start, life.midday
        with contextlib.suppress(AssertionError):
            wait_until(lambda: not unfinished(sessions, self.day), timeout=SETTLE_S, interval=0.2)
        figures.peak_rss_kb = life.peak_rss_kb
        life.process.send_signal(signal.SIGTERM)
        try:
            figures.sigterm_rc = life.process.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            figures.sigterm_rc = None
        events = events_since(sessions, self.first_event)
        figures.events = dict(events)
        figures.lives = events.get("agent_started", 0)
        agent = day_book(sessions, self.day)
        broker, holdings = read_broker_holdings(self.base_url)
        figures.duplicates, problems = judge(agent, broker)
        figures.problems.extend(problems)
        figures.orders, figures.broker_orders = len(agent.orders), len(broker.orders)
        figures.fills = len(agent.fills)
        figures.positions, figures.holdings = agent.positions, broker.holdings
        return tuple(h for h in holdings if h.qty > 0)
