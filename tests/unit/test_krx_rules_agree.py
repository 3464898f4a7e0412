"""The agent's KRX rules (agent.market.tick_size) and the simulator's (krxsim.rules) agree.

Two readings of shared/docs/krx-market-rules.md, written apart on purpose: the simulator judges
the agent's prices, so a rule misread on one side shows up here as a disagreement instead of
passing unnoticed on both. A failure is a bug on one side: find which against the document.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.market import tick_size as agent
from agent.market.board import Board as AgentBoard
from krxsim import rules as sim
from krxsim.rules import Board as SimBoard

DATES = (
    None,
    date(2010, 1, 4),
    date(2015, 6, 12),  # the last day of ±15 %
    date(2015, 6, 15),  # the first of ±30 %
    date(2020, 3, 19),
    date(2023, 1, 20),
    date(2023, 1, 24),  # the last day of the old tables
    date(2023, 1, 25),  # the first of the unified one
    date(2026, 11, 24),
)
EDGES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)
"""Every band boundary either table has, old or new."""


def _prices() -> list[int]:
    near_edges = {edge + d for edge in EDGES for d in range(-12, 13)}
    spread = random.Random(16).sample(range(1, 3_000_000), 4_000)
    return sorted({*range(1, 1_200), *near_edges, *spread})


PRICES = _prices()


def _pairs() -> list[tuple[SimBoard, AgentBoard]]:
    return [(board, AgentBoard(board.value)) for board in SimBoard]


def _disagreements(
    ours: Callable[..., object], theirs: Callable[..., object], prices: list[int]
) -> list[str]:
    found = []
    for sim_board, agent_board in _pairs():
        for on in DATES:
            for price in prices:
                a = _outcome(ours, price, sim_board, on)
                b = _outcome(theirs, price, agent_board, on)
                if a != b:
                    found.append(f"{sim_board.name} {on} {price}: krxsim {a}, agent {b}")
    return found[:20]


def _outcome(rule: Callable[..., object], price: int, board: object, on: date | None) -> object:
    """The rule's answer, or that it refused: both sides must refuse the same prices."""
    try:
        return rule(price, board, on)
    except ValueError:
        return "no valid price"


def test_both_sides_know_the_same_boards() -> None:
    assert {b.value for b in SimBoard} == {b.value for b in AgentBoard}


@pytest.mark.parametrize(
    "name", ["tick_size", "is_on_tick", "round_down", "round_up", "price_limits"]
)
def test_the_two_implementations_agree_on_every_sampled_price_board_and_date(name: str) -> None:
    assert _disagreements(getattr(sim, name), getattr(agent, name), PRICES) == []


@given(
    st.integers(min_value=1, max_value=10_000_000),
    st.sampled_from(list(SimBoard)),
    st.sampled_from(DATES),
)
def test_the_limits_and_the_grid_agree_on_any_price(
    price: int, board: SimBoard, on: date | None
) -> None:
    theirs = AgentBoard(board.value)
    for name in ("tick_size", "round_down", "round_up", "price_limits"):
        rule_a: Callable[..., object] = getattr(sim, name)
        rule_b: Callable[..., object] = getattr(agent, name)

        assert _outcome(rule_a, price, board, on) == _outcome(rule_b, price, theirs, on), name
