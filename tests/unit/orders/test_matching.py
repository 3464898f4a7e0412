from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from agent.broker.orders import FilledOrder, OpenOrder, OrderRequest
from agent.clock import KST
from agent.domain import OrderType, Side
from agent.kiwoom.codec import action_of
from agent.orders.matching import find_broker_orders

SENT = datetime(2026, 3, 3, 9, 30, 0, tzinfo=KST)
REQUEST = OrderRequest(side=Side.BUY, code="005930", quantity=10, price=70000)


def open_order(**over: Any) -> OpenOrder:
    fields: dict[str, Any] = {
        "order_no": "0000100",
        "code": "005930",
        "name": "삼성전자",
        "side": Side.BUY,
        "kind": "+매수",
        "status": "접수",
        "trade_type": "보통",
        "qty": 10,
        "price": 70000,
        "open_qty": 10,
        "filled_amount": 0,
        "orig_order_no": None,
        "time": SENT + timedelta(seconds=1),
        "exchange": "KRX",
    }
    fields.update(over)
    return OpenOrder(action=action_of(fields["kind"]), **fields)


def fill(**over: Any) -> FilledOrder:
    fields: dict[str, Any] = {
        "order_no": "0000200",
        "code": "005930",
        "name": "삼성전자",
        "side": Side.BUY,
        "kind": "+매수",
        "status": "체결",
        "trade_type": "보통",
        "order_qty": 10,
        "order_price": 70000,
        "fill_qty": 10,
        "fill_price": 70000,
        "open_qty": 0,
        "fee": 0,
        "tax": 0,
        "orig_order_no": None,
        "time": SENT + timedelta(seconds=2),
    }
    fields.update(over)
    return FilledOrder(action=action_of(fields["kind"]), **fields)


def test_an_open_order_with_the_same_terms_is_the_candidate() -> None:
    found = find_broker_orders(REQUEST, SENT, [open_order()], [])

    assert [c.order_no for c in found] == ["0000100"]
    assert found[0].source == "open"


def test_a_filled_order_is_found_among_fills() -> None:
    found = find_broker_orders(REQUEST, SENT, [], [fill()])

    assert [(c.order_no, c.source) for c in found] == [("0000200", "fill")]


def test_orders_with_other_terms_or_known_numbers_are_ignored() -> None:
    others = [
        open_order(order_no="1", side=Side.SELL, kind="-매도"),
        open_order(order_no="2", qty=9),
        open_order(order_no="3", price=70100),
        open_order(order_no="4", code="000660"),
        open_order(order_no="5", kind="+매수정정"),
        open_order(order_no="6", time=SENT - timedelta(minutes=5)),
        open_order(order_no="7"),
    ]

    found = find_broker_orders(REQUEST, SENT, others, [], known_order_nos={"7"})

    assert found == []


def test_several_candidates_come_closest_in_time_first() -> None:
    later = open_order(order_no="0000101", time=SENT + timedelta(seconds=30))

    found = find_broker_orders(REQUEST, SENT, [later, open_order()], [fill(order_no="0000100")])

    assert [c.order_no for c in found] == ["0000100", "0000101"]


def test_a_market_order_matches_rows_with_price_zero() -> None:
    market = OrderRequest(side=Side.BUY, code="005930", quantity=10, order_type=OrderType.MARKET)

    found = find_broker_orders(market, SENT, [open_order(price=0)], [])

    assert len(found) == 1
