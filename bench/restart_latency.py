"""Time from a StockActor crash to its replacement processing ticks again.

A watch supervisor built as ``actors/tree.py`` builds it (its flags, the StockActor template's
restart type and backoff) supervises StockActors with a fake broker (quote, no bar history) and
a SQLite database in a temporary directory. A feeder thread routes ticks to every watched code
as the Gateway does (registry lookup and tell) every 0.5 ms. Each actor is crashed once
(an exception in a tell, as a bug would) and the time is taken from the crash to the first tick
handled by the new incarnation: failure report, the supervisor's decision, the backoff delay,
``on_start`` (quote, bars, subscription: instant here, a few rate-limited requests live) and
the registry update. Ticks sent while the code has no live actor are dropped, as in the agent.

Baselines measured in the same run: the same supervisor with no backoff (the supervision
machinery alone), and a bare pykka actor started and handling its first message (the floor).
Each code is crashed once: a second crash within a minute raises the backoff attempt, which is
the point of backoff, not a latency to optimise. Bounded: a few seconds.

Run: ``.venv/bin/python bench/restart_latency.py [--crashes N]``
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pykka
from stock_fixtures import Timed, build_services, make_ticks

from actors import ids
from actors.runtime.services import Services
from actors.stock.actor import StockActor
from actors.stock.messages import TickReceived
from actors.supervision import (
    Backoff,
    ChildLink,
    ChildSpec,
    Restart,
    SupervisionContext,
    SupervisorFlags,
    start_root,
    supervisor_spec,
)
from actors.supervision.spec import Strategy
from actors.tree import STOCK_BACKOFF, WATCH_FLAGS
from agent.clock import KST
from agent.market.calendar import default_calendar, latest_regular_day

GOAL_P99_MS = 100.0
FEED_EVERY_S = 0.0005


class Crash(msgspec.Struct, frozen=True):
    """Every actor raises on a message it does not know."""


FIRST_TICK: dict[str, float] = {}
"""When each incarnation (by actor URN) handled its first tick."""
FIRST_TICK_LOCK = threading.Lock()


class Probe(StockActor):
    """A StockActor that reports when its incarnation handles its first tick."""

    def __init__(self, link: ChildLink, services: Services, code: str) -> None:
        super().__init__(link, services, code, prev_volume=2_000_000)
        self._seen = False

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, Timed):
            super().on_receive(message.tick)
            if not self._seen:
                self._seen = True
                with FIRST_TICK_LOCK:
                    FIRST_TICK[self.actor_urn] = time.perf_counter()
            return None
        return super().on_receive(message)


def feeder(services: Services, ticks: dict[str, TickReceived], stop: threading.Event) -> None:
    codes = list(ticks)
    while not stop.is_set():
        for code in codes:
            services.tell(ids.stock_id(code), Timed(ticks[code], time.perf_counter_ns()))
        time.sleep(FEED_EVERY_S)  # the feed's pace, not a wait for a result


def wait_for(condition: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.0002)
    raise RuntimeError("the replacement never handled a tick")


def measure(tmp: Path, now: datetime, crashes: int, backoff: Backoff | None) -> list[float]:
    """Crash each of ``crashes`` StockActors once; return crash-to-first-tick times (ms)."""
    services = build_services(tmp, now)
    context = SupervisionContext(registry=services.registry)
    template = ChildSpec(
        id=ids.STOCK,
        factory=lambda link, code: Probe.start(link, services, code),
        restart=Restart.TRANSIENT,
        backoff=backoff,
        start_timeout=30.0,
    )
    root = start_root(
        id=ids.ROOT,
        flags=SupervisorFlags(strategy=Strategy.ONE_FOR_ONE, intensity=10, period=60.0),
        children=[
            supervisor_spec(id=ids.WATCH, flags=WATCH_FLAGS, context=context, children=[template])
        ],
        context=context,
        on_root_failure=lambda exited: print("root failed:", exited.reason),
    )
    codes = [f"{200000 + i:06d}" for i in range(crashes)]
    watch = services.registry.proxy(ids.WATCH)
    assert watch is not None
    for code in codes:
        watch.start_child(code, code).get(timeout=10)
    ticks = {t.tick.code: t for t in make_ticks(codes, len(codes), now - timedelta(minutes=5))}
    stop = threading.Event()
    feed = threading.Thread(target=feeder, args=(services, ticks, stop), daemon=True)
    feed.start()
    times: list[float] = []
    try:
        for code in codes:
            old = wait_for(lambda code=code: services.registry.get(ids.stock_id(code)), 5)
            wait_for(lambda old=old: old.actor_urn in FIRST_TICK, 5)
            crashed_at = time.perf_counter()
            old.tell(Crash())

            def replaced(code: str = code, old: Any = old) -> float | None:
                ref = services.registry.get(ids.stock_id(code))
                if ref is None or ref.actor_urn == old.actor_urn:
                    return None
                with FIRST_TICK_LOCK:
                    return FIRST_TICK.get(ref.actor_urn)

            times.append((wait_for(replaced, 10) - crashed_at) * 1000)
    finally:
        stop.set()
        feed.join(timeout=5)
        root.stop(timeout=30)
    return times


class Bare(pykka.ThreadingActor):
    def on_receive(self, message: Any) -> Any:
        return message


def bare_floor(samples: int) -> list[float]:
    """Start a plain pykka actor and have it answer its first message (ms)."""
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        ref = Bare.start()
        ref.ask(1, timeout=5)
        times.append((time.perf_counter() - began) * 1000)
        ref.stop()
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    logging.basicConfig(level=logging.CRITICAL)  # the crashes are deliberate
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crashes", type=int, default=40, help="StockActors, each crashed once")
    args = parser.parse_args()
    day = latest_regular_day(default_calendar())
    now = datetime.combine(day, datetime.min.time(), KST).replace(hour=9, minute=20)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("floor: bare pykka start + first message", bare_floor(args.crashes)))
        rows.append(("watch supervisor, no backoff", measure(Path(tmp), now, args.crashes, None)))
    with tempfile.TemporaryDirectory() as tmp:
        tree = measure(Path(tmp), now, args.crashes, STOCK_BACKOFF)
        rows.append(("watch supervisor as in actors/tree.py", tree))
    print(f"restart_latency: {args.crashes} crashes, each of a different StockActor")
    print(f"  {'':40} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, values in rows:
        print(
            f"  {name:40} {statistics.median(values):8.2f} {pct(values, 0.99):8.2f} "
            f"{max(values):8.2f}"
        )
    p99 = pct(tree, 0.99)
    met = p99 < GOAL_P99_MS
    print(f"  tree p99 {p99:.2f} ms (goal < {GOAL_P99_MS:g} ms): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
