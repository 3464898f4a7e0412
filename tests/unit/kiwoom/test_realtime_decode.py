from __future__ import annotations

from datetime import date, datetime

import pytest

from agent.broker.events import ExecutionState
from agent.broker.market import BookLevel
from agent.broker.orders import OrderAction
from agent.clock import KST
from agent.kiwoom.models import Side
from agent.kiwoom.realtime import (
    BalanceUpdate,
    MarketPhase,
    OrderBookUpdate,
    OrderExecution,
    UnknownReal,
    ViTriggered,
)
from agent.kiwoom.realtime.decode import RealEntry, decode_entry
from agent.kiwoom.realtime.registry import Registry, reg_frames

DAY = date(2026, 3, 3)


def at(hh: int, mm: int, ss: int) -> datetime:
    return datetime(2026, 3, 3, hh, mm, ss, tzinfo=KST)


def test_the_official_order_execution_example_decodes() -> None:
    values = {
        "9201": "1111111111",
        "9203": "0000018",
        "9001": "005930",
        "912": "JJ",
        "913": "접수",
        "302": "삼성전자",
        "900": "1",
        "901": "0",
        "902": "1",
        "903": "0",
        "904": "0000000",
        "905": "+매수",
        "906": "시장가",
        "907": "2",
        "908": "094022",
        "10": "+60700",
        "27": "+60700",
        "28": "-60000",
        "938": "0",
        "939": "0",
        "919": "0",
        "921": "0701002",
        "922": "00",
        "923": "00000000",
        "2134": "1",
        "2135": "KRX",
        "2136": "Y",
    }

    event = decode_entry(RealEntry(type="00", item="005930", values=values), DAY)

    assert isinstance(event, OrderExecution)
    assert (event.order_no, event.code, event.status, event.side) == (
        "0000018",
        "005930",
        "접수",
        Side.BUY,
    )
    assert (event.qty, event.open_qty, event.orig_order_no) == (1, 1, None)
    assert (event.state, event.action) == (ExecutionState.ACCEPTED, OrderAction.NEW)
    assert event.time == at(9, 40, 22)
    assert event.exchange == "KRX"


def test_a_fill_carries_unit_fill_price_and_quantity() -> None:
    values = {
        "9203": "0000019",
        "9001": "A000660",
        "913": "체결",
        "907": "1",
        "900": "10",
        "901": "200000",
        "902": "4",
        "903": "1200000",
        "910": "200000",
        "911": "6",
        "914": "200000",
        "915": "2",
        "908": "100001",
        "909": "12345",
    }

    event = decode_entry(RealEntry(type="00", item="000660", values=values), DAY)

    assert isinstance(event, OrderExecution)
    assert (event.side, event.code, event.fill_qty, event.unit_fill_qty) == (
        Side.SELL,
        "000660",
        6,
        2,
    )
    assert (event.filled_amount, event.unit_fill_price, event.fill_no) == (1200000, 200000, "12345")
    assert event.state is ExecutionState.FILLED


@pytest.mark.parametrize(
    ("status", "kind", "state", "action"),
    [
        ("확인", "+매수정정", ExecutionState.CONFIRMED, OrderAction.MODIFY),
        ("확인", "-매도취소", ExecutionState.CONFIRMED, OrderAction.CANCEL),
        ("취소", "+매수", ExecutionState.CANCELLED, OrderAction.NEW),
        ("거부", "-매도", ExecutionState.REJECTED, OrderAction.NEW),
        ("취소확인", "-매도취소", ExecutionState.CONFIRMED, OrderAction.CANCEL),
        ("??", "+매수", ExecutionState.OTHER, OrderAction.NEW),
    ],
)
def test_the_brokers_labels_become_the_domains_state_and_action(
    status: str, kind: str, state: ExecutionState, action: OrderAction
) -> None:
    values = {"9203": "0000020", "9001": "A005930", "913": status, "905": kind, "907": "2"}

    event = decode_entry(RealEntry(type="00", item="005930", values=values), DAY)

    assert isinstance(event, OrderExecution)
    assert (event.state, event.action, event.status, event.kind) == (state, action, status, kind)


def test_order_book_levels_come_from_the_documented_fids() -> None:
    values = {"21": "090001", "121": "5000", "125": "4000", "23": "0", "24": "0"}
    for i in range(10):
        values[str(41 + i)] = f"+{70100 + 100 * i}"
        values[str(61 + i)] = str(10 + i)
        values[str(51 + i)] = f"-{70000 - 100 * i}"
        values[str(71 + i)] = str(20 + i)

    event = decode_entry(RealEntry(type="0D", item="005930", values=values), DAY)

    assert isinstance(event, OrderBookUpdate)
    assert event.asks[0] == BookLevel(70100, 10)
    assert event.bids[9] == BookLevel(69100, 29)
    assert (event.total_ask_qty, event.total_bid_qty, event.time) == (5000, 4000, at(9, 0, 1))


def test_balance_pushes_decode_quantities_and_prices() -> None:
    values = {
        "9001": "A005930",
        "302": "삼성전자",
        "10": "-59000",
        "930": "3",
        "931": "124500",
        "932": "373500",
        "933": "3",
        "945": "3",
        "950": "0",
        "8019": "-52.71",
    }

    event = decode_entry(RealEntry(type="04", item="005930", values=values), DAY)

    assert isinstance(event, BalanceUpdate)
    assert (event.code, event.price, event.qty, event.avg_price, event.rate_bp) == (
        "005930",
        59000,
        3,
        124500,
        -5271,
    )


def test_vi_trigger_and_release_times_are_dated() -> None:
    values = {
        "9001": "005930",
        "302": "삼성전자",
        "9068": "1",
        "1221": "+81000",
        "1223": "091500",
        "1224": "091700",
        "1225": "동적",
        "1237": "78600",
        "1239": "+3.05",
        "1490": "2",
        "9069": "1",
        "13": "100",
    }

    event = decode_entry(RealEntry(type="1h", item="005930", values=values), DAY)

    assert isinstance(event, ViTriggered)
    assert (event.trigger_price, event.dynamic_gap_bp, event.count) == (81000, 305, 2)
    assert (event.triggered_at, event.released_at) == (at(9, 15, 0), at(9, 17, 0))


def test_market_phase_reads_the_phase_code_and_remaining_time() -> None:
    event = decode_entry(
        RealEntry(type="0s", item="", values={"215": "0", "20": "084000", "214": "002000"}), DAY
    )

    assert event == MarketPhase(phase="0", time=at(8, 40, 0), remaining_seconds=1200)


def test_unknown_types_are_kept_raw() -> None:
    event = decode_entry(RealEntry(type="0H", item="005930", values={"10": "+100"}), DAY)

    assert event == UnknownReal(type="0H", item="005930", values={"10": "+100"})


def test_registration_frames_split_items_and_keep_refresh_only_for_reg() -> None:
    items = [f"{n:06d}" for n in range(150)]

    frames = reg_frames("REG", "2", items, ["0B", "00"], refresh=False, max_items=100)

    assert [len(f.data[0].item) for f in frames] == [100, 50, 1]
    assert [f.refresh for f in frames] == ["0", "1", "1"]
    assert frames[2].data[0].type == ["00"]
    assert all(
        f.refresh is None
        for f in reg_frames("REMOVE", "2", items, ["0B"], refresh=True, max_items=100)
    )


def test_registry_replaces_a_group_on_refresh_zero_and_restores_per_type() -> None:
    registry = Registry()
    registry.add("1", ["005930"], ["0B", "0D"], refresh=True)
    registry.add("1", ["000660"], ["0B"], refresh=False)
    registry.add("2", [], ["04"], refresh=True)

    frames = registry.frames(max_items=100)

    assert registry.pairs("1") == {("000660", "0B")}
    assert [(f.grp_no, f.data[0].item, f.data[0].type) for f in frames] == [
        ("1", ["000660"], ["0B"]),
        ("2", [""], ["04"]),
    ]
