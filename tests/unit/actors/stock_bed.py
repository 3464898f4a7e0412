"""A StockActor's test bed: the broker session as each day shows one code, and trade prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from actors.stock.messages import TickReceived
from agent.broker.events import TradeTick
from agent.broker.market import ListingInfo, SecurityKind
from agent.clock import KST, ManualClock

CODE = "005930"
MONDAY = datetime(2026, 11, 23, 14, 0, tzinfo=KST)
BASE = {date(2026, 11, 23): 70_000, date(2026, 11, 24): 60_000}
"""Each day's base price: Monday's close fell to 60,000."""


def listed(code: str) -> ListingInfo:
    """ka10100's answer for an ordinary listed stock, neither halted nor designated."""
    return ListingInfo(
        code=code,
        name="삼성전자",
        market="거래소",
        kind=SecurityKind.STOCK,
        halted=False,
        designations=(),
    )


@dataclass
class DaySession:
    """The broker session as each day shows the code: base price and limits, stock info."""

    clock: ManualClock
    is_open: bool = True
    calls: list[str] = field(default_factory=list)

    def _day(self) -> date:
        return self.clock.now().astimezone(KST).date()

    def stock_info(self, code: str) -> Any:
        self.calls.append("ka10001")
        base = BASE[self._day()]
        return SimpleNamespace(
            name="삼성전자",
            base_price=base,
            upper_limit=base * 13 // 10,
            lower_limit=base * 7 // 10,
        )

    def listing_info(self, code: str) -> ListingInfo:
        self.calls.append("ka10100")
        return listed(code)

    def daily_bars(self, code: str) -> list[Any]:
        return []

    def minute_bars(self, code: str) -> list[Any]:
        return []

    def vi_stocks(self) -> list[Any]:
        return []

    def subscribe(self, codes: list[str], types: list[str]) -> None:
        pass

    def unsubscribe(self, codes: list[str], types: list[str]) -> None:
        pass


def trade_tick(at: datetime, price: int, *, session: str = "2") -> TradeTick:
    """A print of ``CODE`` at ``price`` (regular session unless ``session`` says otherwise)."""
    return TradeTick(
        code=CODE,
        time=at,
        price=price,
        change=0,
        rate_bp=0,
        qty=10,
        side=None,
        ask=price + 100,
        bid=price,
        cum_volume=0,
        cum_turnover_won=0,
        open=price,
        high=price,
        low=price,
        strength_bp=0,
        session=session,
    )


def trade(at: datetime, price: int) -> TickReceived:
    """The gateway's message of a print."""
    return TickReceived(tick=trade_tick(at, price))
