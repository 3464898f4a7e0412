"""``/orders``, ``/trades`` and ``/scanner``: what was sent, what was traded, what is watched."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery, QueryParameter
from sqlalchemy import func, select

from actors import ids
from actors.router.views import OrderView, order_view
from actors.scanner.messages import ScannerSnapshot
from agent.formats import STOCK_CODE
from agent.store.engine import session_factory
from agent.store.models import Order, TradeLog
from web.context import AppContext
from web.routes.common import RowId, board_of, snapshot_data
from web.schemas import Page, TradePage, TradeRow

SORTS = {
    "date": TradeLog.exit_time,
    "pnl": TradeLog.realized_pnl,
    "return": TradeLog.return_bps,
}


class OrdersController(Controller):
    path = "/orders"
    tags = ("orders",)

    @get(operation_id="listOrders", summary="Orders of a day, newest first", sync_to_thread=True)
    def list_orders(
        self,
        ctx: NamedDependency[AppContext],
        day: Annotated[date | None, QueryParameter(name="date")] = None,
        code: Annotated[str | None, QueryParameter(pattern=STOCK_CODE)] = None,
    ) -> list[OrderView]:
        with session_factory(ctx.engine)() as session:
            query = select(Order).order_by(Order.id.desc()).limit(1_000)
            if day is not None:
                query = query.where(Order.trade_date == day)
            if code is not None:
                query = query.where(Order.code == code)
            return [order_view(o) for o in session.scalars(query)]

    @get("/{order_id:str}", operation_id="getOrder", summary="One order", sync_to_thread=True)
    def get_order(self, ctx: NamedDependency[AppContext], order_id: RowId) -> OrderView:
        with session_factory(ctx.engine)() as session:
            order = session.get(Order, order_id)
            if order is None:
                raise NotFoundException(detail=f"no order {order_id}")
            return order_view(order)


class TradesController(Controller):
    path = "/trades"
    tags = ("trades",)

    @get(operation_id="listTrades", summary="Closed trades with filters", sync_to_thread=True)
    def list_trades(
        self,
        ctx: NamedDependency[AppContext],
        date_from: Annotated[date | None, QueryParameter(name="from")] = None,
        date_to: Annotated[date | None, QueryParameter(name="to")] = None,
        code: Annotated[str | None, QueryParameter(pattern=STOCK_CODE)] = None,
        strategy: Annotated[str | None, QueryParameter(max_length=64)] = None,
        sort: FromQuery[Literal["date", "pnl", "return"]] = "date",
        order: FromQuery[Literal["asc", "desc"]] = "desc",
        page: Annotated[int, QueryParameter(ge=1, le=1_000_000)] = 1,
        page_size: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    ) -> TradePage:
        conditions = []
        if date_from is not None:
            conditions.append(TradeLog.trade_date >= date_from)
        if date_to is not None:
            conditions.append(TradeLog.trade_date <= date_to)
        if code is not None:
            conditions.append(TradeLog.code == code)
        if strategy is not None:
            conditions.append(TradeLog.strategy_tag == strategy)
        column = SORTS[sort]
        ordering = column.desc() if order == "desc" else column.asc()
        with session_factory(ctx.engine)() as session:
            total = session.scalar(select(func.count(TradeLog.id)).where(*conditions)) or 0
            rows = session.scalars(
                select(TradeLog)
                .where(*conditions)
                .order_by(ordering, TradeLog.id.desc())
                .offset((page - 1) * page_size)
                .limit(page_size)
            )
            return TradePage(
                items=[_trade(t) for t in rows],
                page=Page(total=total, page=page, page_size=page_size),
            )

    @get("/{trade_id:str}", operation_id="getTrade", summary="One trade", sync_to_thread=True)
    def get_trade(self, ctx: NamedDependency[AppContext], trade_id: RowId) -> TradeRow:
        with session_factory(ctx.engine)() as session:
            trade = session.get(TradeLog, trade_id)
            if trade is None:
                raise NotFoundException(detail=f"no trade {trade_id}")
            return _trade(trade)


class ScannerController(Controller):
    path = "/scanner"
    tags = ("scanner",)

    @get("/top", operation_id="getScannerTop", summary="Turnover leaders and the watch list")
    async def top(self, ctx: NamedDependency[AppContext]) -> ScannerSnapshot:
        """The scanner's last snapshot: the one its ``scanner_update`` event carried."""
        scanner = snapshot_data(board_of(ctx), ids.SCANNER, ScannerSnapshot)
        return scanner or ScannerSnapshot(at=None, watched=(), rows=())


def _trade(t: TradeLog) -> TradeRow:
    return TradeRow(
        id=t.id,
        trade_date=t.trade_date,
        code=t.code,
        name=t.name,
        strategy_tag=t.strategy_tag,
        quantity=t.quantity,
        entry_time=t.entry_time,
        entry_price=t.entry_price,
        exit_time=t.exit_time,
        exit_price=t.exit_price,
        exit_reason=t.exit_reason.value if t.exit_reason else None,
        commission=t.commission,
        tax=t.tax,
        realized_pnl=t.realized_pnl,
        return_bps=t.return_bps,
        slippage_won=t.slippage_won,
        news_score_at_entry=t.news_score_at_entry,
        volume_rank_at_entry=t.volume_rank_at_entry,
        reason_codes=list(t.reason_codes or []),
    )
