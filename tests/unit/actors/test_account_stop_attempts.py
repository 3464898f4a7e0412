"""A stop re-issued after unfilled limits counts the attempts of its own episode only."""

from __future__ import annotations

from datetime import datetime, timedelta

from actors.account.views import stop_attempts
from agent.clock import KST
from agent.domain import OrderPurpose, OrderStatus
from agent.risk.exit_desk import STOP_EPISODE
from agent.store.models import Order

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=KST)
REPRICE = timedelta(seconds=5)


def pulled(
    code: str,
    ago_s: float,
    filled: int = 0,
    status: OrderStatus = OrderStatus.CANCELLED,
    purpose: OrderPurpose = OrderPurpose.STOP_LOSS,
) -> Order:
    return Order(
        code=code,
        purpose=purpose,
        status=status,
        quantity=10,
        filled_quantity=filled,
        updated_at=NOW - timedelta(seconds=ago_s),
    )


def test_each_unfilled_stop_of_the_episode_counts_per_code() -> None:
    orders = [pulled("005930", 12), pulled("005930", 6, filled=3), pulled("000660", 6)]

    assert stop_attempts(orders, NOW, REPRICE) == (("000660", 1), ("005930", 2))


def test_stops_pulled_before_the_episode_do_not_count() -> None:
    earlier = STOP_EPISODE.total_seconds() + 1
    orders = [pulled("005930", earlier + 10), pulled("005930", earlier), pulled("005930", 5)]

    assert stop_attempts(orders, NOW, REPRICE) == (("005930", 1),)


def test_a_slow_re_pricing_period_widens_the_episode() -> None:
    orders = [pulled("005930", 200), pulled("005930", 100)]

    assert stop_attempts(orders, NOW, timedelta(seconds=60)) == (("005930", 2),)


def test_filled_stops_and_other_exits_are_not_attempts() -> None:
    orders = [
        pulled("005930", 5, filled=10, status=OrderStatus.FILLED),
        pulled("005930", 5, purpose=OrderPurpose.EOD_EXIT),
        pulled("005930", 5, status=OrderStatus.REJECTED),
    ]

    assert stop_attempts(orders, NOW, REPRICE) == ()
