"""Benchmark: how close the Kiwoom client runs to the server's request budget, and how long an
order waits while market-data polling keeps the limiter saturated.

Runs the real client against the built-in simulator on loopback, twice in the same run: once
with the simulator enforcing the real server's limits (5 requests per second per api-id) and
the client on its ``real`` profile, once against an unlimited simulator (the baseline). Prints
the figures and the goals; takes about eight seconds. Not a test: nothing is asserted.

    .venv/bin/python bench/kiwoom_rate.py [--seconds 1.2]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import time as clock_time
from typing import Literal

import anyio
import httpx

from agent.kiwoom import ClientConfig, KiwoomClient
from agent.kiwoom.config import RateProfile as ClientRate
from agent.kiwoom.models.trading import OrderRequest, Side, TradeType
from agent.secret import Secret
from krxsim import RateProfile, RunningSimulator, SimulatorConfig

CODES = ["005930", "000660", "035720"]
POLLED = ("ka10001", "ka10004", "ka10095")
UNLIMITED = ClientRate(per_api_id=100_000, margin=0.0)


@dataclass
class Wire:
    """Send times per api-id and the count of HTTP 429 answers (httpx event hooks)."""

    sent: dict[str, list[float]] = field(default_factory=dict)
    limited: int = 0

    async def on_request(self, request: httpx.Request) -> None:
        api_id = request.headers.get("api-id", "")
        self.sent.setdefault(api_id, []).append(time.monotonic())

    async def on_response(self, response: httpx.Response) -> None:
        if response.status_code == 429:
            self.limited += 1


@dataclass
class Figures:
    rates: dict[str, float]
    limited: int
    order_waits: list[float]
    order_acks: list[float]


def steady_rate(times: list[float], n: int = 5) -> float:
    """Sustained requests per second: ``n`` over the median time from a send to the n-th next.

    A saturated sliding window of N per period sends in bursts; the time between a request and
    the N-th one after it is exactly the window, so this reads the sustained rate without the
    edge effects of the first and last bursts.
    """
    gaps = sorted(b - a for a, b in zip(times, times[n:], strict=False))
    if not gaps:
        return 0.0
    middle = gaps[len(gaps) // 2]
    return n / middle if middle > 0 else float("inf")


async def saturate(call: Callable[[], Awaitable[object]], until: float, workers: int = 8) -> None:
    """Keep ``workers`` callers busy on ``call`` until the monotonic deadline, then stop them."""

    async def worker() -> None:
        while True:
            await call()

    with anyio.move_on_after(until - time.monotonic()):
        async with anyio.create_task_group() as tg:
            for _ in range(workers):
                tg.start_soon(worker)


async def measure(
    sim: RunningSimulator, rate: Literal["real", "mock"] | ClientRate, seconds: float
) -> Figures:
    wire = Wire()
    config = ClientConfig(
        appkey=Secret("bench-key"),
        secretkey=Secret("bench-secret"),
        base_url=sim.base_url,
        ws_url=sim.ws_url,
        rate=rate,
    )
    async with (
        httpx.AsyncClient(
            base_url=config.base_url,
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            event_hooks={"request": [wire.on_request], "response": [wire.on_response]},
            limits=httpx.Limits(max_connections=32),
        ) as http,
        KiwoomClient(config, http=http) as client,
    ):
        await client.login()
        polls: dict[str, Callable[[], Awaitable[object]]] = {
            "ka10001": lambda: client.stock_info(CODES[0]),
            "ka10004": lambda: client.order_book(CODES[0]),
            "ka10095": lambda: client.quotes(CODES),
        }
        # 1. Each api-id alone, saturated: how close to its budget does it run?
        rates: dict[str, float] = {}
        window = config.profile.period + config.profile.margin
        for api_id in POLLED:
            if config.profile.query_group is not None:
                await anyio.sleep(window)  # let the shared query window empty between phases
            wire.sent.pop(api_id, None)
            await saturate(polls[api_id], time.monotonic() + seconds)
            rates[api_id] = steady_rate(wire.sent.get(api_id, []))

        # 2. Orders while every polled api-id (and the query group) is saturated.
        waits: list[float] = []
        acks: list[float] = []

        async def orders() -> None:
            await anyio.sleep(0.3)
            for _ in range(3):
                before = len(wire.sent.get("kt10000", []))
                started = time.monotonic()
                await client.place_order(
                    OrderRequest(side=Side.BUY, code=CODES[1], qty=1, trade_type=TradeType.MARKET)
                )
                acks.append(time.monotonic() - started)
                waits.append(wire.sent["kt10000"][before] - started)
                await anyio.sleep(0.25)

        until = time.monotonic() + 1.5
        async with anyio.create_task_group() as tg:
            for api_id in POLLED:
                tg.start_soon(saturate, polls[api_id], until, 3)
            await orders()
    return Figures(rates=rates, limited=wire.limited, order_waits=waits, order_acks=acks)


def simulator(profile: RateProfile) -> RunningSimulator:
    return RunningSimulator(
        SimulatorConfig(rate_profile=profile, listed_codes=300, start=clock_time(9, 30))
    )


def report(limited: Figures, baseline: Figures) -> None:
    allowed = 5.0
    interval = 1 / allowed
    print("Kiwoom client vs simulator enforcing the real limits (5 req/s per api-id)")
    print(f"{'api-id':8} {'achieved/s':>10} {'allowed/s':>9} {'ratio':>6} {'baseline/s':>10}")
    for api_id, rate in limited.rates.items():
        print(
            f"{api_id:8} {rate:10.2f} {allowed:9.2f} {rate / allowed:6.3f}"
            f" {baseline.rates[api_id]:10.1f}"
        )
    worst = min(limited.rates.values()) / allowed
    print(f"goal ratio >= 0.95: {'met' if worst >= 0.95 else 'NOT met'} (worst {worst:.3f})")
    print(f"HTTP 429 answers: {limited.limited} (goal 0; baseline {baseline.limited})")
    wait = max(limited.order_waits)
    print(
        "order wait in the limiter while polling saturates it: "
        + ", ".join(f"{w * 1000:.1f} ms" for w in limited.order_waits)
        + f" (goal < {interval * 1000:.0f} ms: {'met' if wait < interval else 'NOT met'})"
    )
    print(
        "order round trip (call to ack): "
        + ", ".join(f"{a * 1000:.1f} ms" for a in limited.order_acks)
        + "; baseline: "
        + ", ".join(f"{a * 1000:.1f} ms" for a in baseline.order_acks)
    )
    print(
        "baseline order wait (unlimited simulator and client): "
        + ", ".join(f"{w * 1000:.1f} ms" for w in baseline.order_waits)
    )


async def main(seconds: float) -> None:
    started = time.monotonic()
    with simulator(RateProfile.REAL) as sim:
        limited = await measure(sim, "real", seconds)
    with simulator(RateProfile.OFF) as sim:
        baseline = await measure(sim, UNLIMITED, min(seconds, 0.5))
    report(limited, baseline)
    print(f"(measured in {time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=1.2, help="saturation time per api-id (>= 1.1)"
    )
    anyio.run(main, parser.parse_args().seconds)
