"""Ticks per second through 100 StockActors, and tick-to-decision latency, against bare pykka.

What is measured:

* **agent**: a producer thread routes each realtime trade exactly as the Gateway's
  ``_route`` does (it runs in the session's loop thread: ``services.tell(stock_id(code),
  TickReceived(...))``, a registry lookup and a tell) to 100 real :class:`StockActor` s. Each
  actor applies the tick (bars, VWAP, opening range, volume), decides on an entry, and
  publishes snapshots to the board every 0.25 s with a price tell to the (stand-in) risk
  governor. Every stock is a watched leader with a good news score and an opening range from
  its first five minutes; the prices swing around the range high and the VWAP, so a share of
  the ticks passes the entry rule's state-only gate (the share is printed) and goes on to its
  time rules and the position check. The rule then refuses on volume (the previous day was
  heavy), so no tick is skipped by the 5-minute retry guard after an intent. Latency is from
  the producer's tell to the end of the actor's handler: the moment the decision is made.
* **ceiling**: the same producer tells the same messages to 100 bare pykka actors that only
  record the time: pykka's own cost for this fan-out on this machine, measured in the same run.

The StockActors get a fake broker (quote and the opening's minute bars) and a SQLite database
in a temporary directory: no network. Throughput is measured saturated, in interleaved rounds
(ceiling, agent, ceiling, agent, ...; the median of each is compared, so another process
slowing the machine slows both); latency is measured paced at an opening-peak rate. Bounded:
about 30 s in all.

Run: ``.venv/bin/python bench/actor_ticks.py [--ticks N] [--rate R] [--seconds S] [--rounds K]``
"""

from __future__ import annotations

import argparse
import gc
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pykka
from stock_fixtures import Timed, build_services, make_ticks

from actors import ids
from actors.runtime.services import Services
from actors.stock.actor import StockActor
from actors.stock.messages import NewsScoreChanged, TickReceived, WatchRankChanged
from agent.clock import KST
from agent.market.calendar import default_calendar, latest_regular_day

STOCKS = 100
GOAL_SHARE = 0.5
GOAL_P99_MS = 5.0


class Latencies:
    """Latencies in ns, appended from many actor threads (list.append holds the GIL)."""

    def __init__(self) -> None:
        self.values: list[int] = []
        self.evaluations: list[int] = []
        """One entry per tick that passed the entry rule's state-only gate."""

    def add(self, sent_ns: int) -> None:
        self.values.append(time.perf_counter_ns() - sent_ns)


class BenchStock(StockActor):
    """A StockActor that notes when it finished a timed tick; everything else is the real one."""

    def __init__(self, services: Services, code: str, latencies: Latencies) -> None:
        super().__init__(None, services, code, prev_volume=2_000_000)
        self._latencies = latencies
        self._timely = CountedTimeRules(self._timely, latencies)

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, Timed):
            super().on_receive(message.tick)
            self._latencies.add(message.sent_ns)
            return None
        return super().on_receive(message)


class BareSink(pykka.ThreadingActor):
    """The ceiling: a pykka actor that only records the time."""

    def __init__(self, latencies: Latencies) -> None:
        super().__init__()
        self._latencies = latencies

    def on_receive(self, message: Any) -> Any:
        self._latencies.add(message.sent_ns)
        return None


class StandInRisk(pykka.ThreadingActor):
    """Receives the StockActors' price tells and intents, as the governor's mailbox would."""

    def on_receive(self, message: Any) -> Any:
        return None


class CountedTimeRules:
    """The actor's time rules, counting the ticks that got past the state-only gate to them."""

    def __init__(self, rules: Any, latencies: Latencies) -> None:
        self._rules = rules
        self._latencies = latencies

    def __call__(self, *args: Any, **kwargs: Any) -> bool:
        self._latencies.evaluations.append(1)
        return bool(self._rules(*args, **kwargs))


@dataclass
class Result:
    ticks: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.ticks / self.seconds

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def drive(
    ticks: list[TickReceived],
    send: Callable[[str, Timed], None],
    latencies: Latencies,
    rate: float | None,
    timeout: float = 60.0,
) -> Result:
    """Send every tick (as fast as possible, or paced at ``rate``); wait until all handled."""
    start_len = len(latencies.values)
    began = time.perf_counter()
    for i, tick in enumerate(ticks):
        if rate is not None:
            due = began + i / rate
            while time.perf_counter() < due:
                time.sleep(0.0002)  # pacing the producer at the target rate
        send(tick.tick.code, Timed(tick, time.perf_counter_ns()))
    deadline = time.monotonic() + timeout
    while len(latencies.values) - start_len < len(ticks):
        if time.monotonic() > deadline:
            raise RuntimeError("ticks were lost or the actors stalled")
        time.sleep(0.001)
    seconds = time.perf_counter() - began
    values = latencies.values[start_len:]
    return Result(len(ticks), seconds, [v / 1e6 for v in values])


def run(ticks_n: int, rate: float, paced_seconds: float, rounds: int) -> int:
    codes = [f"{100000 + i:06d}" for i in range(STOCKS)]
    day = latest_regular_day(default_calendar())
    now = datetime.combine(day, datetime.min.time(), KST).replace(hour=9, minute=20)
    # Every run gets fresh, later ticks: a replayed tick would take the (cheaper) late path.
    step = timedelta(milliseconds=10 * (ticks_n // STOCKS + 1))
    starts = [now - timedelta(minutes=10) + i * step for i in range(rounds + 2)]
    warm_up = make_ticks(codes, ticks_n // 10, starts[0])
    bursts = [make_ticks(codes, ticks_n, start) for start in starts[1:-1]]
    paced = make_ticks(codes, int(rate * paced_seconds), starts[-1])

    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(Path(tmp), now)
        # ceiling: bare pykka
        bare_lat = Latencies()
        sinks = {code: BareSink.start(bare_lat) for code in codes}

        def bare_send(code: str, message: Timed) -> None:
            sinks[code].tell(message)

        # agent: StockActors behind the registry, routed as the Gateway routes
        lat = Latencies()
        actors: list[pykka.ActorRef[Any]] = []
        risk = StandInRisk.start()
        services.registry.register(ids.RISK, risk)
        for code in codes:
            ref = BenchStock.start(services, code, lat)
            services.registry.register(ids.stock_id(code), ref)
            ref.tell(WatchRankChanged(rank=1, volume_rank=1))
            ref.tell(NewsScoreChanged(score=90))
            actors.append(ref)

        def agent_send(code: str, message: Timed) -> None:
            services.tell(ids.stock_id(code), message)

        # The ticks built above are the bench's, not the agent's: keep the collector from
        # walking them again and again (it would charge both sides, the agent's more often).
        gc.collect()
        gc.freeze()
        drive(warm_up, bare_send, bare_lat, None)
        drive(warm_up, agent_send, lat, None)
        # Interleaved rounds, the median of each: another process on the machine slows both.
        bare_runs, agent_runs = [], []
        for burst in bursts:
            bare_runs.append(drive(burst, bare_send, bare_lat, None))
            agent_runs.append(drive(burst, agent_send, lat, None))
        gated = len(lat.evaluations)
        bare_paced = drive(paced, bare_send, bare_lat, rate)
        agent_paced = drive(paced, agent_send, lat, rate)
        for ref in [*sinks.values(), *actors, risk]:
            ref.stop()

    bare_burst = sorted(bare_runs, key=lambda r: r.rate)[(rounds - 1) // 2]
    agent_burst = sorted(agent_runs, key=lambda r: r.rate)[(rounds - 1) // 2]
    share = agent_burst.rate / bare_burst.rate
    p99 = agent_paced.pct(0.99)
    print(
        f"actor_ticks: {STOCKS} actors, {ticks_n} ticks saturated x {rounds} rounds "
        f"(median shown), {len(paced)} paced"
    )
    print(f"  {'':34} {'ticks/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    for name, result in (
        ("ceiling, bare pykka, saturated", bare_burst),
        ("agent, StockActors, saturated", agent_burst),
        (f"ceiling, bare pykka, paced {rate:g}/s", bare_paced),
        (f"agent, StockActors, paced {rate:g}/s", agent_paced),
    ):
        print(
            f"  {name:34} {result.rate:10.0f} "
            f"{statistics.median(result.latencies_ms):8.3f} {result.pct(0.99):8.3f}"
        )
    rates = ", ".join(
        f"{a.rate:.0f}/{b.rate:.0f} = {a.rate / b.rate:.0%}"
        for a, b in zip(agent_runs, bare_runs, strict=True)
    )
    print(f"  agent/ceiling by round: {rates}")
    passed = gated / (len(warm_up) + ticks_n * rounds)
    print(f"  ticks past the entry rule's state-only gate: {passed:.0%}")
    ok = share >= GOAL_SHARE and p99 < GOAL_P99_MS
    print(
        f"  agent/ceiling throughput {share:.0%} (goal >= {GOAL_SHARE:.0%}); "
        f"paced p99 {p99:.3f} ms (goal < {GOAL_P99_MS} ms): {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


def main() -> int:
    logging.basicConfig(level=logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=100_000, help="ticks in the saturated run")
    parser.add_argument(
        "--rate", type=float, default=5_000.0, help="opening peak, ticks/s over all stocks"
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="length of the paced run")
    parser.add_argument("--rounds", type=int, default=3, help="saturated runs of each kind")
    args = parser.parse_args()
    return run(args.ticks, args.rate, args.seconds, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
