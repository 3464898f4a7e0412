"""The books judge of the chaos and crash tests finds each kind of disagreement."""

from __future__ import annotations

from collections import Counter

from agent.domain import OrderStatus
from agent.store.models import Fill, Order
from tests.support.ledger import AgentBook, BrokerBook, BrokerOrder, ledger_problems


def _order(order_id: int, client_id: str, status: OrderStatus, filled: int) -> Order:
    return Order(
        id=order_id,
        client_order_id=client_id,
        broker_order_no="0000001",
        status=status,
        filled_quantity=filled,
        code="005930",
    )


def test_ledger_judge_reports_duplicates_orphans_double_fills_and_position_drift() -> None:
    fill = Fill(order_id=1, broker_fill_no="cum:10", quantity=10)
    agent = AgentBook(
        orders=(
            _order(1, "a", OrderStatus.FILLED, 10),
            _order(2, "b", OrderStatus.SENT, 0),
        ),
        fills=(fill, fill),
        positions={"005930": 10},
        fill_keys=Counter([(1, "cum:10"), (1, "cum:10")]),
    )
    broker = BrokerBook(
        orders=(
            BrokerOrder(order_no="0000001", code="005930", quantity=10, filled=10, open=False),
            BrokerOrder(order_no="0000002", code="005930", quantity=10, filled=0, open=False),
        ),
        holdings={"005930": 20},
    )

    problems = ledger_problems(agent, broker)

    assert problems == [
        "order b still sent",
        "broker order 0000001 is owned by several local orders: a, b",
        "broker order 0000002 belongs to no local order (sent twice?)",
        "fill (1, 'cum:10') recorded 2 times",
        "order a: fills add to 20, filled_quantity says 10",
        "order a: broker executed 10, recorded 20",
        "order b: broker executed 10, recorded 0",
        "positions {'005930': 10} != broker holdings {'005930': 20}",
    ]


def test_ledger_judge_agrees_with_matching_books() -> None:
    agent = AgentBook(
        orders=(_order(1, "a", OrderStatus.FILLED, 10),),
        fills=(Fill(order_id=1, broker_fill_no="cum:10", quantity=10),),
        positions={"005930": 10},
    )
    broker = BrokerBook(
        orders=(
            BrokerOrder(order_no="0000001", code="005930", quantity=10, filled=10, open=False),
        ),
        holdings={"005930": 10, "000660": 0},
    )

    assert ledger_problems(agent, broker) == []
