"""WebSocket delivery lag with many clients at a fixed event rate, with a baseline.

A publisher thread (standing in for the actors) publishes events on the snapshot board at a
fixed rate: price updates spread over 100 codes (coalescable) and one order fill in ten (never
coalesced). N clients read ``/ws/live`` over real WebSockets on loopback. Each event carries
its publish time (its ``at``); the lag is the time until a client decoded it. The clients run
in a separate process (so they do not share the server's interpreter); the baseline is the
same run with one client. Prints p50/p99 lag and the events dropped and coalesced for slow clients.

    .venv/bin/python bench/ws_fanout.py [--clients 50] [--rate 1000] [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from actors.board import SnapshotBoard
from actors.board.events import LiveOrderFilled, LivePriceUpdate
from agent.settings import load_settings
from agent.store.engine import create_db_engine
from tests.support.live import filled, stock
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext
from web.token import load_or_create_token


def publish(board: SnapshotBoard, rate: int, seconds: float, stop: threading.Event) -> int:
    interval = 1.0 / rate
    sent = 0
    next_at = time.perf_counter()
    end = next_at + seconds
    while not stop.is_set() and time.perf_counter() < end:
        code = f"{sent % 100:06d}"
        at = datetime.fromtimestamp(time.time(), UTC)
        if sent % 10 == 0:
            board.publish(LiveOrderFilled, "router", filled(), code=code, at=at)
        else:
            board.publish(LivePriceUpdate, "stock", stock(code, price=sent), code=code, at=at)
        sent += 1
        next_at += interval
        delay = next_at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
    return sent


async def client(
    url: str,
    token: str,
    seconds: float,
    lags: list[float],
    counts: dict[str, int],
    ready: asyncio.Event,
    ready_count: list[int],
    clients: int,
) -> None:
    async with connect(url, max_queue=None) as socket:
        await socket.send(json.dumps({"type": "auth", "token": token}))
        while json.loads(await socket.recv())["type"] != "ready":
            pass
        ready_count[0] += 1
        if ready_count[0] == clients:
            ready.set()
        end = time.monotonic() + seconds + 30
        while time.monotonic() < end:
            try:
                raw = await asyncio.wait_for(socket.recv(), 2.0 if ready_count[0] < 0 else 3.0)
            except TimeoutError:
                break
            frame: dict[str, Any] = json.loads(raw)
            now = time.time()
            for message in frame["events"] if frame["type"] == "batch" else [frame]:
                kind = message["type"]
                if kind in ("price_update", "order_filled"):
                    lags.append(now - datetime.fromisoformat(message["at"]).timestamp())
                    counts[kind] = counts.get(kind, 0) + 1
                elif kind == "lagging":
                    counts["dropped"] = max(counts.get("dropped", 0), message["dropped"])
                    counts["coalesced"] = max(counts.get("coalesced", 0), message["coalesced"])


async def clients_main(
    url: str, token: str, clients: int, seconds: float, ready_flag: Any
) -> tuple[list[float], list[dict[str, int]]]:
    lags: list[float] = []
    counts: list[dict[str, int]] = [{} for _ in range(clients)]
    ready = asyncio.Event()
    ready_count = [0]
    tasks = [
        asyncio.create_task(
            client(url, token, seconds, lags, counts[i], ready, ready_count, clients)
        )
        for i in range(clients)
    ]
    await asyncio.wait_for(ready.wait(), 60)
    ready_flag.set()
    await asyncio.gather(*tasks)
    return lags, counts


def clients_process(
    url: str, token: str, clients: int, seconds: float, ready_flag: Any, results: Any
) -> None:
    results.put(asyncio.run(clients_main(url, token, clients, seconds, ready_flag)))


def run(
    url: str, token: str, board: SnapshotBoard, clients: int, rate: int, seconds: float
) -> tuple[list[float], list[dict[str, int]], int]:
    """Clients read in a separate process, so they do not share the server's interpreter."""
    context = multiprocessing.get_context("spawn")
    ready_flag = context.Event()
    results = context.Queue()
    child = context.Process(
        target=clients_process, args=(url, token, clients, seconds, ready_flag, results)
    )
    child.start()
    if not ready_flag.wait(60):
        child.terminate()
        raise RuntimeError("clients did not connect")
    sent = publish(board, rate, seconds, threading.Event())
    lags, counts = results.get(timeout=120)
    child.join(30)
    return lags, counts, sent


def report(name: str, lags: list[float], counts: list[dict[str, int]], sent: int) -> None:
    ordered = sorted(lags) or [0.0]
    p50 = statistics.median(ordered) * 1_000
    p99 = ordered[max(int(len(ordered) * 0.99) - 1, 0)] * 1_000
    fills = sum(c.get("order_filled", 0) for c in counts)
    dropped = sum(c.get("dropped", 0) for c in counts)
    coalesced = sum(c.get("coalesced", 0) for c in counts)
    print(
        f"{name:<22} published {sent:>6}  delivered {len(lags):>7}  lag p50 {p50:7.2f} ms  "
        f"p99 {p99:8.2f} ms  fills seen {fills:>6}  dropped {dropped:>6}  coalesced {coalesced:>7}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=int, default=1_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(environ={"STOCKAGENT_DATA_DIR": tmp})
        token = load_or_create_token(Path(tmp))
        for name, clients in (
            ("baseline (1 client)", 1),
            (f"{args.clients} clients", args.clients),
        ):
            board = SnapshotBoard()
            app = create_app(
                AppContext(
                    settings=settings,
                    engine=create_db_engine("sqlite://"),
                    started_at=datetime_now(),
                    version="bench",
                    api_token=token,
                    board=board,
                )
            )
            with serve(app) as base:
                url = base.replace("http://", "ws://") + "/ws/live"
                lags, counts, sent = run(
                    url, token.reveal(), board, clients, args.rate, args.seconds
                )
                report(name, lags, counts, sent)


def datetime_now() -> Any:
    return datetime.now(UTC)


if __name__ == "__main__":
    main()
