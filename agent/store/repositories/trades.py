"""Closed round trips (trade_log): one per lot of the agent's that went flat (see
:mod:`agent.portfolio.lots`); the user's own trades in the account are never the agent's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agent.clock import KST
from agent.domain import OrderPurpose, Side
from agent.market.board import Board
from agent.market.fees import KIWOOM_ONLINE_BPS
from agent.orders.pnl import round_trip_pnl
from agent.orders.slippage import PricedFill
from agent.portfolio.lots import ClosedLot, fold_lots, sold_and_bought
from agent.store.models import Order, Signal, TradeLog
from agent.store.repositories.lots import LotRepository


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
        """Record every lot of the agent's in ``code`` that went flat on ``trade_date`` and is
        not yet recorded: a lot bought on an earlier day counts on the day it is sold."""
        book = fold_lots(LotRepository(self._sessions).events(code))
        with self._sessions() as session:
            known = set(
                session.scalars(select(TradeLog.entry_order_id).where(TradeLog.code == code))
            )
            created: list[TradeLog] = []
            for closed in book.closed:
                if closed.closed_at.astimezone(KST).date() != trade_date:
                    continue
                if closed.lot.entry_order_id in known:
                    continue
                trade = _trade_from(session, closed, trade_date, board, commission_bps)
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


def _trade_from(
    session: Session,
    closed: ClosedLot,
    trade_date: date,
    board: Board,
    commission_bps: Decimal | int,
) -> TradeLog:
    lot = closed.lot
    buys, sells = sold_and_bought(lot)
    pnl = round_trip_pnl(
        [PricedFill(quantity=p.quantity, price=p.price) for p in buys],
        [PricedFill(quantity=p.quantity, price=p.price) for p in sells],
        board,
        trade_date,
        commission_bps,
    )
    entry_order = session.get(Order, lot.entry_order_id)
    exit_order = session.get(Order, lot.last_order_id)
    if entry_order is None or exit_order is None:
        raise LookupError(f"lot {lot.code}: orders {lot.entry_order_id}/{lot.last_order_id} gone")
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
        entry_time=lot.opened_at,
        entry_price=entry_price,
        exit_time=closed.closed_at,
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
