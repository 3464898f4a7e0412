from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec
import pytest

from agent.broker.events import TradeTick, ViTriggered
from agent.clock import KST
from agent.domain import Side
from agent.kiwoom.realtime.decode import RealEntry, decode_entry
from agent.marketdata import Tick, ViEvent, ViPhase, ViScope, apply_tick, new_stock_state
from agent.marketdata.adapters import tick_from_trade, vi_from_event, vi_scope

DAY = date(2026, 11, 24)


def at(h: int, m: int, s: int = 0) -> datetime:
    return datetime(2026, 11, 24, h, m, s, tzinfo=KST)


def trade(**overrides: Any) -> TradeTick:
    base = TradeTick(
        code="005930",
        time=at(9, 5, 12),
        price=70_100,
        change=600,
        rate_bp=86,
        qty=82,
        side=Side.BUY,
        ask=70_200,
        bid=70_100,
        cum_volume=1_000_082,
        cum_turnover_won=70_000_000_000,
        open=69_800,
        high=70_500,
        low=69_600,
        strength_bp=9_892,
        session="2",
    )
    return msgspec.structs.replace(base, **overrides)


def vi(**overrides: Any) -> ViTriggered:
    base = ViTriggered(
        code="005930",
        name="삼성전자",
        kind="1",
        apply_type="동적",
        direction="1",
        trigger_price=81_000,
        triggered_at=at(9, 15),
        released_at=None,
        static_base_price=0,
        dynamic_base_price=78_600,
        static_gap_bp=0,
        dynamic_gap_bp=305,
        count=1,
        cum_volume=100,
    )
    return msgspec.structs.replace(base, **overrides)


def test_a_buyer_initiated_print_is_a_positive_tick() -> None:
    assert tick_from_trade(trade()) == Tick(
        code="005930", at=at(9, 5, 12), price=70_100, quantity=82, cum_volume=1_000_082
    )


def test_a_seller_initiated_print_is_a_negative_tick() -> None:
    tick = tick_from_trade(trade(side=Side.SELL))

    assert tick is not None
    assert (tick.quantity, tick.side_known) == (-82, True)


def test_an_unsigned_print_counts_with_an_unknown_side() -> None:
    tick = tick_from_trade(trade(side=None))

    assert tick is not None
    assert (tick.quantity, tick.side_known) == (82, False)


@pytest.mark.parametrize("session", ["1", "3", "", " "])
def test_only_regular_session_prints_are_ticks(session: str) -> None:
    assert tick_from_trade(trade(session=session)) is None


@pytest.mark.parametrize(
    "broken",
    [{"time": None}, {"time": datetime(2026, 11, 24, 9, 5)}, {"qty": 0}, {"price": 0}],
)
def test_a_print_without_a_time_quantity_or_price_is_dropped(broken: dict[str, Any]) -> None:
    assert tick_from_trade(trade(**broken)) is None


def test_a_missing_cumulative_volume_is_none() -> None:
    tick = tick_from_trade(trade(cum_volume=0))

    assert tick is not None
    assert tick.cum_volume is None


def test_a_decoded_0b_packet_folds_into_the_stock_state() -> None:
    values = {"20": "090512", "10": "-70100", "15": "-82", "13": "1000082", "290": "2"}
    event = decode_entry(RealEntry(type="0B", item="005930_AL", values=values), DAY)
    assert isinstance(event, TradeTick)

    tick = tick_from_trade(event)
    assert tick is not None
    state = apply_tick(new_stock_state("005930", open_at=at(9, 0), opening_range_minutes=5), tick)

    assert (tick.price, tick.quantity) == (70_100, -82)
    assert (state.last_price, state.sell_volume) == (70_100, 82)


def test_a_trigger_is_read_from_the_kind_even_with_an_expected_release_time() -> None:
    event = vi_from_event(vi(released_at=at(9, 17)))

    assert event == ViEvent(
        code="005930",
        at=at(9, 15),
        phase=ViPhase.TRIGGERED,
        scope=ViScope.DYNAMIC,
        trigger_price=81_000,
    )


@pytest.mark.parametrize("kind", ["2", "해제"])
def test_a_release_is_timed_by_the_release_time(kind: str) -> None:
    event = vi_from_event(vi(kind=kind, released_at=at(9, 17, 12)))

    assert event is not None
    assert (event.phase, event.at) == (ViPhase.RELEASED, at(9, 17, 12))


@pytest.mark.parametrize(
    ("released_at", "phase", "when"),
    [(None, ViPhase.TRIGGERED, at(9, 15)), (at(9, 17), ViPhase.RELEASED, at(9, 17))],
)
def test_an_unknown_kind_falls_back_on_the_times(
    released_at: datetime | None, phase: ViPhase, when: datetime
) -> None:
    event = vi_from_event(vi(kind="", released_at=released_at))

    assert event is not None
    assert (event.phase, event.at) == (phase, when)


def test_a_vi_without_a_usable_time_is_dropped() -> None:
    assert vi_from_event(vi(triggered_at=None)) is None
    assert vi_from_event(vi(kind="2", released_at=None)) is None


def test_a_missing_trigger_price_is_none() -> None:
    event = vi_from_event(vi(trigger_price=0))

    assert event is not None
    assert event.trigger_price is None


@pytest.mark.parametrize(
    ("apply_type", "scope"),
    [
        ("정적", ViScope.STATIC),
        ("동적", ViScope.DYNAMIC),
        ("동적+정적", ViScope.BOTH),
        ("정적+동적", ViScope.BOTH),
        ("", None),
    ],
)
def test_the_vi_scope_is_read_from_1225(apply_type: str, scope: ViScope | None) -> None:
    assert vi_scope(apply_type) == scope
