"""The gateway's session turns the domain's order request into Kiwoom's kt10000/kt10001."""

from __future__ import annotations

import pytest

from actors.gateway.session import kiwoom_order
from agent.broker.orders import OrderRequest
from agent.domain import OrderType, Side
from agent.kiwoom.models import TradeType


@pytest.mark.parametrize(
    ("order_type", "price", "trade_type"),
    [
        (OrderType.LIMIT, 70_000, TradeType.LIMIT),  # 보통 (trde_tp 0), priced
        (OrderType.MARKET, None, TradeType.MARKET),  # 시장가 (3): no ord_uv
        (OrderType.BEST, None, TradeType.BEST_LIMIT),  # 최유리지정가 (6): no ord_uv
    ],
)
def test_each_order_type_is_sent_as_its_kiwoom_trade_type(
    order_type: OrderType, price: int | None, trade_type: TradeType
) -> None:
    request = OrderRequest(
        side=Side.SELL, code="005930", quantity=7, order_type=order_type, price=price
    )

    order = kiwoom_order(request)

    assert (order.side, order.code, order.qty) == (Side.SELL, "005930", 7)
    assert (order.trade_type, order.price) == (trade_type, price)


def test_the_domain_refuses_a_request_the_broker_would_refuse() -> None:
    with pytest.raises(ValueError, match="needs a positive price"):
        OrderRequest(side=Side.BUY, code="005930", quantity=1)
    with pytest.raises(ValueError, match="takes no price"):
        OrderRequest(
            side=Side.BUY, code="005930", quantity=1, order_type=OrderType.MARKET, price=70_000
        )
    with pytest.raises(ValueError, match="quantity must be positive"):
        OrderRequest(side=Side.BUY, code="005930", quantity=0, price=70_000)


def test_a_backstop_goes_as_a_stop_limit_with_its_trigger_on_the_stop_venue() -> None:
    request = OrderRequest(
        side=Side.SELL,
        code="005930",
        quantity=7,
        order_type=OrderType.STOP_LIMIT,
        price=66_100,
        stop_price=67_500,
    )

    order = kiwoom_order(request, stop_exchange="NXT")

    assert (order.trade_type, order.price, order.stop_price) == (
        TradeType.STOP_LIMIT,
        66_100,
        67_500,
    )
    assert order.exchange == "NXT"
    limit = OrderRequest(side=Side.SELL, code="005930", quantity=7, price=66_100)
    assert kiwoom_order(limit, stop_exchange="NXT").exchange == "KRX"


def test_a_stop_limit_needs_its_trigger_and_no_other_type_takes_one() -> None:
    with pytest.raises(ValueError, match="needs a positive stop price"):
        OrderRequest(
            side=Side.SELL, code="005930", quantity=1, order_type=OrderType.STOP_LIMIT, price=1_000
        )
    with pytest.raises(ValueError, match="takes no stop price"):
        OrderRequest(side=Side.SELL, code="005930", quantity=1, price=1_000, stop_price=1_100)
