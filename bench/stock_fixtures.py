"""The StockActors' test bed for the benchmarks: a fake broker, services, and trade prints.

Shared by ``actor_ticks.py`` and ``restart_latency.py``: no network, a SQLite database in a
temporary directory, a ManualClock at the given market time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

import msgspec

from actors.board import SnapshotBoard
from actors.runtime.broker import BrokerHolder
from actors.runtime.services import Services
from actors.stock.messages import TickReceived
from actors.supervision import Registry, ThreadingScheduler
from agent.broker.events import TradeTick
from agent.broker.market import Bar as KiwoomBar
from agent.broker.market import ListingInfo, SecurityKind, StockInfo
from agent.clock import ManualClock
from agent.kiwoom.config import ClientConfig
from agent.market.calendar import default_calendar
from agent.risk.limits import RiskLimits
from agent.secret import Secret
from agent.settings import load_settings
from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import upgrade


class Timed(msgspec.Struct, frozen=True):
    """A tick with the producer's send time (ns)."""

    tick: TickReceived
    sent_ns: int


class FakeSession:
    """Answers what a StockActor asks the broker on start."""

    is_open = True

    def stock_info(self, code: str) -> StockInfo:
        return StockInfo(
            code=code,
            name=code,
            price=10_000,
            change=0,
            rate_bp=0,
            volume=0,
            open=10_000,
            high=10_000,
            low=10_000,
            upper_limit=13_000,
            lower_limit=7_000,
            base_price=10_000,
            expected_price=0,
            expected_qty=0,
        )

    def __init__(self, open_at: datetime) -> None:
        self._open_at = open_at

    def minute_bars(self, code: str) -> list[Any]:
        """The opening range: five minutes between 10,000 and 10,200 won."""
        return [
            KiwoomBar(
                code=code,
                time=self._open_at + timedelta(minutes=m),
                open=10_000,
                high=10_200,
                low=10_000,
                close=10_100,
                volume=1_000,
            )
            for m in range(5)
        ]

    def daily_bars(self, code: str) -> list[Any]:
        return []

    def vi_stocks(self) -> list[Any]:
        """ka10054: no VI today."""
        return []

    def listing_info(self, code: str) -> ListingInfo:
        """ka10100: a plain, tradable stock."""
        return ListingInfo(
            code=code,
            name=code,
            market="거래소",
            kind=SecurityKind.STOCK,
            halted=False,
            designations=(),
        )

    def subscribe(self, codes: list[str], types: list[str]) -> None:
        return None

    def unsubscribe(self, codes: list[str], types: list[str]) -> None:
        return None


def build_services(tmp: Path, now: datetime) -> Services:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp)})
    engine = create_db_engine(f"sqlite:///{tmp / 'bench.db'}")
    upgrade(engine)
    clock = ManualClock(now)
    broker = BrokerHolder()
    open_at = now.replace(hour=9, minute=0)
    broker.set(cast(Any, FakeSession(open_at)))
    return Services(
        settings=settings,
        clock=clock,
        scheduler=ThreadingScheduler(),
        board=SnapshotBoard(clock=clock),
        registry=Registry(),
        sessions=session_factory(engine),
        broker=broker,
        client_config=ClientConfig(appkey=Secret("k"), secretkey=Secret("s")),
        calendar=default_calendar(),
        risk_limits=RiskLimits.from_settings(settings.risk, settings.strategy),
    )


def make_ticks(codes: list[str], count: int, start: datetime) -> list[TickReceived]:
    """Round-robin trade prints on a swinging path, 100 a second per code (whole-second times)."""
    ticks: list[TickReceived] = []
    for i in range(count):
        code = codes[i % len(codes)]
        step = i // len(codes)
        price = 10_000 + 10 * ((step // 7) % 50)
        ticks.append(
            TickReceived(
                tick=TradeTick(
                    code=code,
                    # Kiwoom's trade time (FID 20) is HHMMSS: whole seconds.
                    time=start + timedelta(seconds=step // 100),
                    price=price,
                    change=price - 10_000,
                    rate_bp=(price - 10_000) // 1,
                    qty=10 + step % 90,
                    side=None,
                    ask=price + 10,
                    bid=price,
                    cum_volume=0,
                    cum_turnover_won=0,
                    open=10_000,
                    high=price,
                    low=10_000,
                    strength_bp=10_000,
                    session="2",
                )
            )
        )
    return ticks
