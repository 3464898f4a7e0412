"""REAL entries -> typed events; FIDs (§6.5) converted to ints and KST datetimes via the codec."""

from __future__ import annotations

from datetime import date

import msgspec

from agent.broker.events import (
    BalanceUpdate,
    ExecutionState,
    MarketPhase,
    OrderBookUpdate,
    OrderExecution,
    TradeTick,
    ViTriggered,
)
from agent.broker.market import BookLevel
from agent.kiwoom import codec
from agent.kiwoom.models.trading import Side
from agent.kiwoom.realtime.events import AccountEvent, MarketEvent, UnknownReal


class RealEntry(msgspec.Struct, frozen=True):
    """One element of a REAL frame's ``data`` list."""

    type: str = ""
    name: str = ""
    item: str = ""
    values: dict[str, str] = {}


def _trade(entry: RealEntry, day: date) -> TradeTick:
    v = entry.values.get
    qty = codec.signed_int(v("15", ""))
    return TradeTick(
        code=codec.plain_code(entry.item or v("9001", "")),
        time=codec.on_day(day, v("20", "")),
        price=codec.magnitude(v("10", "")),
        change=codec.signed_int(v("11", "")),
        rate_bp=codec.basis_points(v("12", "")),
        qty=abs(qty),
        side=Side.BUY if qty > 0 else Side.SELL if qty < 0 else None,
        ask=codec.magnitude(v("27", "")),
        bid=codec.magnitude(v("28", "")),
        cum_volume=codec.magnitude(v("13", "")),
        cum_turnover_won=codec.won_from_millions(v("14", "")),
        open=codec.magnitude(v("16", "")),
        high=codec.magnitude(v("17", "")),
        low=codec.magnitude(v("18", "")),
        strength_bp=codec.basis_points(v("228", "")),
        session=v("290", ""),
    )


def _book(entry: RealEntry, day: date) -> OrderBookUpdate:
    v = entry.values.get

    def levels(first_price: int, first_qty: int) -> tuple[BookLevel, ...]:
        rows = (
            BookLevel(
                codec.magnitude(v(str(first_price + i), "")),
                codec.magnitude(v(str(first_qty + i), "")),
            )
            for i in range(10)
        )
        return tuple(level for level in rows if level.price > 0)

    return OrderBookUpdate(
        code=codec.plain_code(entry.item),
        time=codec.on_day(day, v("21", "")),
        asks=levels(41, 61),
        bids=levels(51, 71),
        total_ask_qty=codec.magnitude(v("121", "")),
        total_bid_qty=codec.magnitude(v("125", "")),
        expected_price=codec.magnitude(v("23", "")),
        expected_qty=codec.magnitude(v("24", "")),
    )


_STATES = (
    ("거부", ExecutionState.REJECTED),
    ("확인", ExecutionState.CONFIRMED),
    ("취소", ExecutionState.CANCELLED),
    ("체결", ExecutionState.FILLED),
    ("접수", ExecutionState.ACCEPTED),
)
"""913 주문상태 -> what the report says happened, matched by containment as the labels are (a
variant such as 취소확인 still ends the order), the ending words first."""


def _state_of(status: str) -> ExecutionState:
    return next((state for word, state in _STATES if word in status), ExecutionState.OTHER)


def _execution(entry: RealEntry, day: date) -> OrderExecution:
    v = entry.values.get
    side_code = v("907", "").strip()
    orig = v("904", "")
    return OrderExecution(
        order_no=codec.order_no(v("9203", "")),
        code=codec.plain_code(v("9001", "") or entry.item),
        name=v("302", "").strip(),
        state=_state_of(v("913", "")),
        status=v("913", "").strip(),
        side=Side.SELL if side_code == "1" else Side.BUY if side_code == "2" else None,
        action=codec.action_of(v("905", "")),
        kind=v("905", "").strip(),
        trade_type=v("906", "").strip(),
        qty=codec.magnitude(v("900", "")),
        price=codec.magnitude(v("901", "")),
        open_qty=codec.magnitude(v("902", "")),
        filled_amount=codec.magnitude(v("903", "")),
        orig_order_no=None if codec.no_order(orig) else codec.order_no(orig),
        time=codec.on_day(day, v("908", "")),
        fill_no=v("909", "").strip(),
        fill_price=codec.magnitude(v("910", "")),
        fill_qty=codec.magnitude(v("911", "")),
        unit_fill_price=codec.magnitude(v("914", "")),
        unit_fill_qty=codec.magnitude(v("915", "")),
        fee=codec.magnitude(v("938", "")),
        tax=codec.magnitude(v("939", "")),
        reject_reason=v("919", "").strip(),
        exchange=v("2135", "").strip(),
    )


def _balance(entry: RealEntry) -> BalanceUpdate:
    v = entry.values.get
    return BalanceUpdate(
        code=codec.plain_code(v("9001", "") or entry.item),
        name=v("302", "").strip(),
        price=codec.magnitude(v("10", "")),
        qty=codec.signed_int(v("930", "")),
        avg_price=codec.magnitude(v("931", "")),
        purchase_amount=codec.signed_int(v("932", "")),
        orderable_qty=codec.signed_int(v("933", "")),
        net_buy_today=codec.signed_int(v("945", "")),
        realized_pnl_today=codec.signed_int(v("950", "")),
        rate_bp=codec.basis_points(v("8019", "")),
    )


def _vi(entry: RealEntry, day: date) -> ViTriggered:
    v = entry.values.get
    return ViTriggered(
        code=codec.plain_code(v("9001", "") or entry.item),
        name=v("302", "").strip(),
        kind=v("9068", "").strip(),
        apply_type=v("1225", "").strip(),
        direction=v("9069", "").strip(),
        trigger_price=codec.magnitude(v("1221", "")),
        triggered_at=codec.on_day(day, v("1223", "")),
        released_at=codec.on_day(day, v("1224", "")),
        static_base_price=codec.magnitude(v("1236", "")),
        dynamic_base_price=codec.magnitude(v("1237", "")),
        static_gap_bp=codec.basis_points(v("1238", "")),
        dynamic_gap_bp=codec.basis_points(v("1239", "")),
        count=codec.magnitude(v("1490", "")),
        cum_volume=codec.magnitude(v("13", "")),
    )


def _phase(entry: RealEntry, day: date) -> MarketPhase:
    v = entry.values.get
    remaining = codec.hhmmss(v("214", ""))
    return MarketPhase(
        phase=v("215", "").strip(),
        time=codec.on_day(day, v("20", "")),
        remaining_seconds=(
            remaining.hour * 3600 + remaining.minute * 60 + remaining.second if remaining else None
        ),
    )


def decode_entry(entry: RealEntry, day: date) -> MarketEvent | AccountEvent | UnknownReal:
    """Turn one REAL entry into its event; ``day`` dates the ``HHMMSS`` fields (KST)."""
    kind = entry.type
    if kind == "0B":
        return _trade(entry, day)
    if kind == "0D":
        return _book(entry, day)
    if kind == "00":
        return _execution(entry, day)
    if kind == "04":
        return _balance(entry)
    if kind == "1h":
        return _vi(entry, day)
    if kind == "0s":
        return _phase(entry, day)
    return UnknownReal(type=kind, item=entry.item, values=dict(entry.values))
