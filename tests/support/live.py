"""Board event payloads for tests: the typed shapes the actors publish, with dull defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime

from actors.router.views import FillView, OrderFill, OrderView
from actors.stock.messages import StockSnapshot

AT = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)


def stock(code: str = "005930", price: int | None = 70_000, at: datetime = AT) -> StockSnapshot:
    """A watched stock's snapshot (the ``price_update`` payload)."""
    return StockSnapshot(
        code=code,
        name=code,
        at=at,
        price=price,
        change_bps=0,
        volume=0,
        turnover=0,
        vwap=None,
        or_high=None,
        or_low=None,
        or_complete=False,
        vi_active=False,
        watch_rank=None,
        news_score=None,
        last_decision=(),
    )


def order(
    order_id: int = 1,
    status: str = "accepted",
    purpose: str = "entry",
    reject: str | None = None,
    *,
    code: str = "005930",
    at: datetime = AT,
) -> OrderView:
    """An order of the agent's: a buy for an entry, a sell for anything else."""
    return OrderView(
        id=order_id,
        client_order_id=f"c{order_id}",
        broker_order_no=None,
        trade_date=date(2026, 11, 24),
        code=code,
        side="buy" if purpose == "entry" else "sell",
        purpose=purpose,
        order_type="limit",
        quantity=10,
        price=70_000,
        filled_quantity=0,
        avg_fill_price=None,
        status=status,
        reject_code=reject,
        reject_message=None,
        reason_codes=(),
        created_at=at,
        updated_at=at,
    )


def filled(
    of: OrderView | None = None, quantity: int = 10, price: int = 70_000, at: datetime = AT
) -> OrderFill:
    """``of`` (an entry by default) and one execution of it (the ``order_filled`` payload)."""
    return OrderFill(
        order=of or order(status="filled"),
        fill=FillView(quantity=quantity, price=price, at=at, commission=0, tax=0),
    )
