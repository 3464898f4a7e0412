"""Closed round trips (trade_log), built from the day's fills when a position goes flat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agent.domain import OrderPurpose, Side
from agent.market.board import Board
from agent.market.fees import KIWOOM_ONLINE_BPS
from agent.orders.pnl import round_trip_pnl
from agent.orders.slippage import Fill as PricedFill
from agent.store.models import Fill, Order, Signal, TradeLog


class TradeRepository:
    """Write and read closed trades."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def close_round_trips(
        self,
        code: str,
        trade_date: date,
        board: Board = Board.KOSPI,
        commission_bps: Decimal | int = KIWOOM_ONLINE_BPS,
    ) -> list[TradeLog]:
        """Record every round trip in ``code`` that went flat today and is not yet recorded."""
        with self._sessions() as session:
            rows = session.execute(
                select(Fill, Order)
                .join(Order, Fill.order_id == Order.id)
                .where(Order.code == code, Order.trade_date == trade_date)
                .order_by(Fill.filled_at, Fill.id)
            ).all()
            known = set(
                session.scalars(
                    select(TradeLog.entry_time).where(
                        TradeLog.code == code, TradeLog.trade_date == trade_date
                    )
                )
            )
            created: list[TradeLog] = []
            for segment in _flat_to_flat([(fill, order) for fill, order in rows]):
                entry_time = segment[0][0].filled_at
                if entry_time in known:
                    continue
                trade = _trade_from(session, segment, trade_date, board, commission_bps)
                if trade is not None:
                    session.add(trade)
                    created.append(trade)
            session.commit()
            return created

    def for_day(self, trade_date: date) -> list[TradeLog]:
        with self._sessions() as session:
            query = select(TradeLog).where(TradeLog.trade_date == trade_date)
            return list(session.scalars(query.order_by(TradeLog.exit_time, TradeLog.id)))

    def realized_pnl(self, trade_date: date) -> int:
        return sum(t.realized_pnl or 0 for t in self.for_day(trade_date))


def _flat_to_flat(rows: Sequence[tuple[Fill, Order]]) -> list[list[tuple[Fill, Order]]]:
    """Split fills into segments that start and end with no shares held (today's trades)."""
    segments: list[list[tuple[Fill, Order]]] = []
    current: list[tuple[Fill, Order]] = []
    held = 0
    for fill, order in rows:
        held += fill.quantity if fill.side is Side.BUY else -fill.quantity
        current.append((fill, order))
        if held == 0:
            segments.append(current)
            current = []
        elif held < 0:  # selling what was bought before today: not a round trip of today
            current, held = [], 0
    return segments


def _trade_from(
    session: Session,
    segment: list[tuple[Fill, Order]],
    trade_date: date,
    board: Board,
    commission_bps: Decimal | int,
) -> TradeLog | None:
    buys = [f for f, _ in segment if f.side is Side.BUY]
    sells = [f for f, _ in segment if f.side is Side.SELL]
    if not buys or not sells:
        return None
    pnl = round_trip_pnl(
        [PricedFill(quantity=f.quantity, price=f.price) for f in buys],
        [PricedFill(quantity=f.quantity, price=f.price) for f in sells],
        board,
        trade_date,
        commission_bps,
    )
    entry_order = next(o for f, o in segment if f.side is Side.BUY)
    exit_order = [o for f, o in segment if f.side is Side.SELL][-1]
    signal = session.scalar(select(Signal).where(Signal.order_id == entry_order.id))
    detail = signal.detail if signal is not None else {}
    quantity = pnl.quantity
    entry_price = (pnl.buy_amount_won + quantity // 2) // quantity
    exit_price = (pnl.sell_amount_won + quantity // 2) // quantity
    slippage = 0
    if entry_order.signal_price:
        slippage = (entry_price - entry_order.signal_price) * quantity
    return TradeLog(
        trade_date=trade_date,
        code=entry_order.code,
        name=detail.get("name"),
        side=Side.BUY,
        strategy_tag=entry_order.strategy_tag or "manual",
        quantity=quantity,
        entry_time=buys[0].filled_at,
        entry_price=entry_price,
        exit_time=sells[-1].filled_at,
        exit_price=exit_price,
        exit_reason=exit_order.purpose if exit_order.purpose is not OrderPurpose.ENTRY else None,
        commission=pnl.buy_commission_won + pnl.sell_commission_won,
        tax=pnl.sell_tax_won,
        realized_pnl=pnl.net_won,
        return_bps=pnl.net_won * 10_000 // max(pnl.buy_amount_won, 1),
        slippage_won=slippage,
        news_score_at_entry=detail.get("news_score"),
        volume_rank_at_entry=detail.get("volume_rank"),
        reason_codes=list(entry_order.reason_codes or []),
        entry_order_id=entry_order.id,
        exit_order_id=exit_order.id,
    )
