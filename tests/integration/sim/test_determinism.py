from __future__ import annotations

from datetime import datetime
from functools import cache

from agent.clock import KST, ManualClock
from krxsim.server.runner import RunningSimulator
from tests.integration.sim.conftest import Kiwoom, config

RANKING = {"mrkt_tp": "000", "mang_stk_incls": "0", "stex_tp": "3"}


@cache
def _leaders(seed: int) -> list[dict[str, str]]:
    """Return the turnover leaders at 09:45 of a fresh simulator with ``seed``."""
    clock = ManualClock(datetime(2026, 11, 24, 9, 45, tzinfo=KST))
    with RunningSimulator(config(seed=seed), clock=clock) as sim:
        kiwoom = Kiwoom(sim)
        kiwoom.login()
        rows: list[dict[str, str]] = kiwoom.call("rkinfo", "ka10032", RANKING).json()[
            "trde_prica_upper"
        ]
        kiwoom.close()
    return rows


def test_two_simulators_with_one_seed_serve_the_same_day() -> None:
    assert _leaders(42) == _leaders.__wrapped__(42)


def test_another_seed_serves_another_day() -> None:
    assert _leaders(42) != _leaders(43)
