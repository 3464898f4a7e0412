"""Small builders for the risk tests: a regular Wednesday mid-window, 10 M won of equity."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from agent.clock import KST
from agent.domain.enums import OrderPurpose, Side
from agent.domain.intents import Intent
from agent.market.board import Board
from agent.market.sessions import Phase
from agent.market.tick_size import price_limits
from agent.risk.account import AccountView, PendingOrder, Position
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView

NOW = datetime(2026, 3, 4, 9, 30, tzinfo=KST)
CODE = "005930"
EQUITY = 10_000_000


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(2026, 3, 4, hh, mm, ss, tzinfo=KST)


def limits(**overrides: Any) -> RiskLimits:
    values: dict[str, Any] = {
        "max_weight_bps": 1_000,
        "stop_loss_bps": -300,
        "daily_loss_limit_bps": -200,
        "max_positions": 3,
    }
    values.update(overrides)
    return RiskLimits(**values)


def account(**overrides: Any) -> AccountView:
    values: dict[str, Any] = {
        "capital_won": EQUITY,
        "cash_won": EQUITY,
    }
    values.update(overrides)
    return AccountView(**values)


def market(
    code: str = CODE,
    last: int = 70_000,
    base: int = 68_000,
    phase: Phase = Phase.CONTINUOUS,
    board: Board = Board.KOSPI,
    **overrides: Any,
) -> MarketView:
    lower, upper = price_limits(base, board)
    values: dict[str, Any] = {"upper_limit": upper, "lower_limit": lower}
    values.update(overrides)
    return MarketView(
        code=code, last_price=last, base_price=base, phase=phase, board=board, **values
    )


def entry(code: str = CODE, ref: int = 70_000, **overrides: Any) -> Intent:
    values: dict[str, Any] = {"strategy_tag": "orb", "at": NOW}
    values.update(overrides)
    return Intent(
        code=code, side=Side.BUY, purpose=OrderPurpose.ENTRY, reference_price=ref, **values
    )


def exit_(
    code: str = CODE,
    purpose: OrderPurpose = OrderPurpose.STOP_LOSS,
    quantity: int | None = None,
    ref: int = 70_000,
    **overrides: Any,
) -> Intent:
    values: dict[str, Any] = {"strategy_tag": "orb", "at": NOW}
    values.update(overrides)
    return Intent(
        code=code,
        side=Side.SELL,
        purpose=purpose,
        reference_price=ref,
        quantity=quantity,
        **values,
    )


def position(
    code: str = CODE, quantity: int = 10, avg: int = 70_000, current: int = 70_000, **overrides: Any
) -> Position:
    return Position(code=code, quantity=quantity, avg_price=avg, current_price=current, **overrides)


def pending_entry(code: str, quantity: int, reserved_won: int, tag: str = "orb") -> PendingOrder:
    return PendingOrder(
        code=code,
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        quantity=quantity,
        reserved_won=reserved_won,
        strategy_tag=tag,
    )


def pending_exit(
    code: str, quantity: int, purpose: OrderPurpose = OrderPurpose.STOP_LOSS
) -> PendingOrder:
    return PendingOrder(code=code, side=Side.SELL, purpose=purpose, quantity=quantity)
