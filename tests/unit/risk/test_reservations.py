"""Approvals reserve exposure until the database speaks for them."""

from __future__ import annotations

from datetime import timedelta

from agent.risk.reservations import ReservationBook
from tests.unit.risk.builders import NOW, account, pending_entry, pending_exit


def test_a_reserved_entry_takes_its_cash_and_a_position_slot_at_once() -> None:
    book = ReservationBook()
    book.reserve("c1", pending_entry("000660", 10, 2_000_000), NOW)

    view = book.apply(account(cash_won=5_000_000))

    assert view.cash_won == 3_000_000
    assert view.occupied_codes() == {"000660"}


def test_a_reservation_ends_when_the_database_knows_its_order() -> None:
    book = ReservationBook()
    book.reserve("c1", pending_entry("A", 1, 100), NOW)
    book.reserve("c2", pending_entry("B", 1, 100), NOW)

    book.settle({"c1"}, NOW)

    assert book.apply(account()).occupied_codes() == {"B"}


def test_a_sliced_reservation_ends_only_once_every_child_is_persisted() -> None:
    book = ReservationBook()
    book.reserve("c1", pending_entry("A", 3, 100), NOW, parts=3)

    book.settle({"c1-1", "c1-2"}, NOW)
    assert book.apply(account()).occupied_codes() == {"A"}

    book.settle({"c1-1", "c1-2", "c1-3"}, NOW)
    assert len(book) == 0


def test_a_reservation_never_persisted_expires_once_old_in_market_and_wall_time() -> None:
    book = ReservationBook(ttl=timedelta(seconds=60), wall_ttl=30.0)
    book.reserve("c1", pending_entry("A", 1, 100), NOW, wall=1000.0)

    book.settle(set(), NOW + timedelta(seconds=59), wall=1031.0)
    assert len(book) == 1, "young in market time"
    # An accelerated demo: a market minute passes in under a wall second while the router's
    # mailbox may still hold the order.
    book.settle(set(), NOW + timedelta(seconds=61), wall=1001.0)
    assert len(book) == 1, "young in wall time"
    book.settle(set(), NOW + timedelta(seconds=61), wall=1031.0)
    assert len(book) == 0


def test_a_reserved_sell_marks_its_code_as_exiting() -> None:
    book = ReservationBook()
    book.reserve("s1", pending_exit("005930", 10), NOW)

    assert book.exiting() == {"005930"}
    assert book.apply(account()).cash_won == account().cash_won
