from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from krxsim.market.ticks import on_grid
from krxsim.rules import Board, round_down


@given(
    st.lists(st.floats(min_value=1.0, max_value=2_000_000.0), min_size=1, max_size=50),
    st.sampled_from([Board.KOSPI, Board.KOSDAQ]),
)
def test_the_vectorised_grid_agrees_with_round_down(raw: list[float], board: Board) -> None:
    got = on_grid(np.array(raw), board, 1, 10_000_000)

    assert [int(p) for p in got] == [round_down(int(x), board) for x in raw]


def test_the_grid_clamps_to_the_daily_limits() -> None:
    got = on_grid(np.array([10.0, 5_000.0, 90_000.0]), Board.KOSPI, 3_500, 4_550)

    assert list(got) == [3_500, 4_550, 4_550]
