"""One StockActor's handler per tick in one thread: the Python a tick costs, without pykka.

``actor_ticks.py`` measures the agent against pykka's ceiling under the GIL; this script
isolates the part this project writes. It calls the dispatch pykka would call
(``_handle_receive``) on 100 started-but-threadless StockActors, round-robin over the same
trade prints as ``actor_ticks.py``, and prints the time per tick of:

* **handler**: the whole per-tick path (fold, entry gate, time rules, publishing check);
* **without the entry rule**: the fold and the dispatch only;
* **baseline**: the same loop calling an empty ``_handle_receive`` (the loop's own cost).

Run: ``.venv/bin/python bench/stock_handler.py [--ticks N]`` (a few seconds).
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pykka
from stock_fixtures import build_services, make_ticks

from actors import ids
from actors.stock.actor import StockActor
from actors.stock.messages import NewsScoreChanged, TickReceived, WatchRankChanged
from agent.clock import KST
from agent.market.calendar import default_calendar, latest_regular_day

STOCKS = 100


class StandInRisk(pykka.ThreadingActor):
    def on_receive(self, message: Any) -> Any:
        return None


class FoldOnly(StockActor):
    """The StockActor with its entry rule switched off: the fold and the dispatch."""

    def _consider_entry(self, state: Any) -> None:
        return None


class Empty:
    def _handle_receive(self, message: Any) -> Any:
        return None


def per_tick(handlers: dict[str, Any], ticks: list[TickReceived]) -> float:
    """Return µs per tick of ``handlers[code]._handle_receive`` over ``ticks``."""
    began = time.perf_counter()
    for tick in ticks:
        handlers[tick.tick.code]._handle_receive(tick)
    return (time.perf_counter() - began) / len(ticks) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=100_000, help="ticks timed per figure")
    args = parser.parse_args()
    codes = [f"{100000 + i:06d}" for i in range(STOCKS)]
    day = latest_regular_day(default_calendar())
    now = datetime.combine(day, datetime.min.time(), KST).replace(hour=9, minute=20)
    warm = make_ticks(codes, args.ticks // 5, now - timedelta(minutes=12))
    # Fresh, later ticks for every repeat: a replayed tick would take the (cheaper) late path.
    rounds = [make_ticks(codes, args.ticks, now - timedelta(minutes=10 - r)) for r in range(3)]
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(Path(tmp), now)
        risk = StandInRisk.start()
        services.registry.register(ids.RISK, risk)

        def started(kind: Callable[..., StockActor]) -> dict[str, Any]:
            actors = {}
            for code in codes:
                actor = kind(None, services, code, prev_volume=2_000_000)
                actor.on_start()  # in this thread: no pykka thread runs it
                actor.on_receive(WatchRankChanged(rank=1, volume_rank=1))
                actor.on_receive(NewsScoreChanged(score=90))
                actors[code] = actor
            return actors

        figures = {}
        for name, handlers in (
            ("handler", started(StockActor)),
            ("without the entry rule", started(FoldOnly)),
            ("baseline, empty handler", {code: Empty() for code in codes}),
        ):
            gc.collect()
            gc.freeze()
            per_tick(handlers, warm)
            figures[name] = min(per_tick(handlers, ticks) for ticks in rounds)
        risk.stop()
    print(f"stock_handler: {STOCKS} StockActors in one thread, {args.ticks} ticks, best of 3")
    for name, value in figures.items():
        print(f"  {name:28} {value:6.2f} µs a tick")
    return 0


if __name__ == "__main__":
    sys.exit(main())
