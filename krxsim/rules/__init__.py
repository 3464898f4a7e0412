"""The KRX rules the simulator enforces, in one place: boards, tick sizes and daily limits.

krxsim imports nothing of the agent: these tables are the simulator's own reading of
shared/docs/krx-market-rules.md, so the exchange judges the agent's prices by an independent
implementation (a test holds the two to agreement).
"""

from __future__ import annotations

from krxsim.rules.board import Board
from krxsim.rules.limits import limit_percent, price_limits
from krxsim.rules.ticks import (
    FUND_TICK,
    TICK_REFORM,
    TickTable,
    is_on_tick,
    round_down,
    round_up,
    tick_size,
    tick_table,
)

__all__ = [
    "FUND_TICK",
    "TICK_REFORM",
    "Board",
    "TickTable",
    "is_on_tick",
    "limit_percent",
    "price_limits",
    "round_down",
    "round_up",
    "tick_size",
    "tick_table",
]
