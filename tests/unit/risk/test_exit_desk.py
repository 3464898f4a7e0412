"""The exit desk: which of the governor's exits to decide now, for the live governor and the
backtest alike (no storm against a refusal, stops priced through the bid and escalated)."""

from __future__ import annotations

from datetime import timedelta

import msgspec

from agent.domain import Intent, Rejected
from agent.domain.enums import OrderPurpose
from agent.risk.account import AccountView
from agent.risk.exit_desk import STOP_EPISODE, ExitDesk, PulledStop, stop_attempts
from tests.unit.risk.builders import NOW, account, limits, position

STOPPED = position("005930", 10, avg=70_000, current=67_000)  # 3 % stop at 67,900: hit
FINE = position("000660", 5, avg=200_000, current=200_000)


def _due(
    desk: ExitDesk, view: AccountView, *, bid: int = 0, exiting: tuple[str, ...] = ()
) -> list[Intent]:
    return desk.due(
        view,
        lambda p: p.current_price,
        limits(),
        NOW,
        eod=False,
        exiting=exiting,
        bid_of=lambda _: bid,
    )


def test_a_stop_is_priced_through_the_bid_and_counts_its_attempts() -> None:
    view = account(positions=(STOPPED, FINE), stop_attempts=(("005930", 2),))

    (intent,) = _due(ExitDesk(), view, bid=66_800)

    assert (intent.code, intent.purpose) == ("005930", OrderPurpose.STOP_LOSS)
    assert intent.reference_price == 66_800
    assert intent.attempt == 2


def test_a_bid_above_the_print_leaves_the_price() -> None:
    (intent,) = _due(ExitDesk(), account(positions=(STOPPED,)), bid=67_100)

    assert intent.reference_price == 67_000


def test_a_code_already_exiting_gets_no_second_exit() -> None:
    assert _due(ExitDesk(), account(positions=(STOPPED,)), exiting=("005930",)) == []


def test_a_refused_exit_waits_for_the_next_read_of_the_account() -> None:
    desk = ExitDesk()
    view = account(positions=(STOPPED,), read_at=NOW)
    (intent,) = _due(desk, view)

    reread = desk.decided(intent, Rejected(intent=intent, reasons=("NOT_SELLABLE",)), view)

    assert reread  # the user's own sell holds the shares: read again soon
    assert _due(desk, view) == []
    assert len(_due(desk, msgspec.structs.replace(view, read_at=NOW + timedelta(seconds=5)))) == 1


def test_a_refusal_for_a_peer_away_is_decided_again_at_once() -> None:
    desk = ExitDesk()
    view = account(positions=(STOPPED,), read_at=NOW)
    (intent,) = _due(desk, view)

    desk.decided(intent, Rejected(intent=intent, reasons=("ACCOUNT_UNAVAILABLE",)), view)

    assert len(_due(desk, view)) == 1


def test_stop_attempts_count_the_pulled_stops_of_the_current_episode_only() -> None:
    pulled = [
        PulledStop(code="005930", ended_at=NOW - timedelta(seconds=10)),
        PulledStop(code="005930", ended_at=NOW - timedelta(seconds=20)),
        PulledStop(code="005930", ended_at=NOW - STOP_EPISODE - timedelta(seconds=1)),
        PulledStop(code="000660", ended_at=NOW - timedelta(seconds=5)),
    ]

    assert stop_attempts(pulled, NOW, timedelta(seconds=5)) == (("000660", 1), ("005930", 2))
