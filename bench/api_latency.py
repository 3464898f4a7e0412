"""REST latency and throughput of the API under concurrent load, with a baseline.

Serves the real app (uvicorn, 127.0.0.1) over a SQLite database holding a trading day's worth
of trades and a populated snapshot board, then hits balance, positions and trades with N
concurrent clients for a fixed number of requests each. The baseline is the health endpoint's
sibling without auth or database: ``GET /schema/openapi.json`` is cached, so it measures the
server and client overhead alone. Prints p50/p99 latency and requests per second per endpoint.

    .venv/bin/python bench/api_latency.py [--clients 20] [--requests 100]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from actors import ids
from actors.account.messages import AccountSnapshot, PositionSummary
from actors.board import SnapshotBoard
from agent.settings import load_settings
from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import upgrade
from agent.store.models import OrderPurpose, Side, TradeLog
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext
from web.token import load_or_create_token


def build(data: Path) -> tuple[object, str]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(data)})
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    t0 = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    with session_factory(engine)() as session:
        for i in range(2_000):
            session.add(
                TradeLog(
                    trade_date=date(2026, 11, 24) - timedelta(days=i % 200),
                    code=f"{i % 50:06d}",
                    side=Side.BUY,
                    strategy_tag="opening_leader",
                    quantity=10,
                    entry_time=t0,
                    entry_price=10_000,
                    exit_time=t0 + timedelta(minutes=i),
                    exit_price=10_100,
                    exit_reason=OrderPurpose.EOD_EXIT,
                    realized_pnl=(i % 7 - 3) * 1_000,
                    return_bps=i % 300 - 150,
                    reason_codes=["OR_BREAKOUT", "ABOVE_VWAP"],
                )
            )
        session.commit()
    board = SnapshotBoard()
    board.publish_snapshot(
        ids.ACCOUNT,
        AccountSnapshot(
            at=t0,
            cash=50_000_000,
            orderable=40_000_000,
            equity=100_000_000,
            orderable_cash_only=40_000_000,
            capital=100_000_000,
            realized_pnl=0,
            open_pnl=0,
            reconciled_at=t0,
            positions=tuple(
                PositionSummary(
                    code=f"{i:06d}",
                    name=f"종목{i}",
                    managed=True,
                    quantity=10,
                    sellable=10,
                    avg_price=10_000,
                    price=10_100,
                    pnl=1_000,
                    return_bps=100,
                    stop_price=9_700,
                )
                for i in range(5)
            ),
        ),
    )
    token = load_or_create_token(data)
    app = create_app(
        AppContext(
            settings=settings,
            engine=engine,
            started_at=t0,
            version="bench",
            api_token=token,
            board=board,
        )
    )
    return app, token.reveal()


async def hammer(base: str, path: str, token: str, clients: int, requests: int) -> list[float]:
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits) as client:

        async def one_client() -> None:
            for _ in range(requests):
                start = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {response.status_code}")

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies


def report(name: str, latencies: list[float], elapsed: float) -> None:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1_000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1_000
    rate = len(ordered) / elapsed
    print(f"{name:<28} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   {rate:8.0f} req/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app, token = build(Path(tmp))
        with serve(app) as base:
            print(f"{args.clients} concurrent clients x {args.requests} requests each, loopback")
            for name, path in (
                ("baseline (cached schema)", "/schema/openapi.json"),
                ("GET /account/balance", "/api/v1/account/balance"),
                ("GET /account/positions", "/api/v1/account/positions"),
                ("GET /trades (page of 50)", "/api/v1/trades?page_size=50&sort=pnl"),
            ):
                start = time.perf_counter()
                latencies = asyncio.run(hammer(base, path, token, args.clients, args.requests))
                report(name, latencies, time.perf_counter() - start)


if __name__ == "__main__":
    main()
