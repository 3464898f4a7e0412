"""The governor's price watch: what a held code last printed, and what a sell can get now."""

from __future__ import annotations

from datetime import datetime, timedelta

from agent.clock import KST
from agent.risk.exit_desk import through_bid
from agent.risk.price_watch import PriceWatch

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=KST)


def test_a_sell_is_priced_from_the_bid_when_it_is_below_the_print() -> None:
    watch = PriceWatch()
    watch.saw("005930", 67_800, NOW, bid=67_700)

    assert through_bid(67_800, watch.bid("005930")) == 67_700


def test_a_bid_at_or_above_the_print_or_unknown_leaves_the_price() -> None:
    watch = PriceWatch()
    watch.saw("005930", 67_800, NOW, bid=67_900)
    assert through_bid(67_800, watch.bid("005930")) == 67_800

    assert through_bid(200_000, watch.bid("000660")) == 200_000


def test_a_newer_print_without_a_bid_forgets_the_old_one() -> None:
    watch = PriceWatch()
    watch.saw("005930", 67_800, NOW, bid=67_700)

    watch.saw("005930", 66_000, NOW + timedelta(seconds=1))

    assert through_bid(66_000, watch.bid("005930")) == 66_000


def test_a_repeated_print_keeps_the_bid_and_the_quiet_alert() -> None:
    watch = PriceWatch()
    watch.saw("005930", 67_800, NOW, bid=67_700)
    watch.alerted.add("005930")

    watch.saw("005930", 67_800, NOW)  # the StockActor repeating its last print

    assert through_bid(67_800, watch.bid("005930")) == 67_700
    assert "005930" in watch.alerted
