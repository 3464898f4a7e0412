"""The soak's own logic on canned figures: its judgement, its table, its plan and its probe.

The soak itself (bench/soak.py) runs five simulated days in minutes and is run by hand; what
it concludes from its samples is checked here in milliseconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date, time

import msgspec
import pytest
from soak_figures import Limits, ProcessSample, SessionFigures, count_duplicates
from soak_plan import day_plan
from soak_probe import ProcessGone, sample
from soak_report import as_json, report, table
from soak_verdicts import verdicts

from krxsim.server.faults import FaultKind, ScriptedFaults


def _day(
    number: int, rss_mb: float = 120.0, fds: int = 19, threads: int = 31, db: int = 8
) -> SessionFigures:
    """A flat day: ``fds`` descriptors besides ``db`` on the database, nothing held."""
    close = ProcessSample(rss_kb=int(rss_mb * 1024), fds=fds + db, threads=threads)
    return SessionFigures(
        number=number,
        day=date(2026, 12, number),
        lives=3,
        kills=["09:24:15", "10:36:35 in flight"],
        orders=15,
        broker_orders=13,
        start=ProcessSample(rss_kb=110 * 1024, fds=25, threads=30),
        midday=ProcessSample(rss_kb=int((rss_mb - 3) * 1024), fds=fds, threads=threads),
        close=close,
        close_fds={"socket": 11, "stockagent.db": db // 2, "stockagent.db-wal": db // 2},
        sigterm_rc=0,
    )


def _failed(sessions: list[SessionFigures]) -> list[str]:
    return [v.name for v in verdicts(sessions, Limits()) if not v.ok]


def test_five_flat_days_pass_every_criterion() -> None:
    days = [_day(n, rss_mb=120 + n, fds=27 + n % 2, threads=34 + n % 3) for n in range(1, 6)]

    assert _failed(days) == []


def test_memory_growing_day_after_day_fails_the_memory_criterion_only() -> None:
    # 120 MB on the first day: 20 MB is the larger allowance (15% is 18 MB).
    days = [_day(n, rss_mb=120 + 5.5 * (n - 1)) for n in range(1, 6)]

    assert _failed(days) == ["memory"]
    assert _failed(days[:4]) == []  # 16.5 MB: within


def test_the_memory_allowance_is_a_share_of_a_large_first_day() -> None:
    days = [_day(1, rss_mb=400), _day(2, rss_mb=455)]  # 15% of 400 MB is 60 MB

    assert _failed(days) == []


def test_descriptors_and_threads_may_spread_by_a_few() -> None:
    assert _failed([_day(1, fds=19), _day(2, fds=24)]) == []
    assert _failed([_day(1, fds=19), _day(2, fds=25)]) == ["open files"]
    assert _failed([_day(1, threads=31), _day(2, threads=37)]) == ["threads"]


def test_the_database_pool_and_the_held_codes_actors_are_not_counted_as_growth() -> None:
    # The pool keeps as many connections as were busy at once; each held code keeps its
    # StockActor and bar timer: neither is a leak.
    busy = _day(2, db=20)
    holding = _day(3, threads=31 + 2 * 3)
    holding.positions = holding.holdings = {"005930": 144, "050950": 33, "460820": 54}

    assert _failed([_day(1), busy, holding]) == []


def test_threads_beyond_the_held_codes_and_a_database_past_one_pool_fail() -> None:
    more_threads = _day(2, threads=39)  # 37 less the held code: 6 more than day 1
    more_threads.positions = more_threads.holdings = {"005930": 144}
    leaking_engines = _day(3, db=32)

    assert _failed([_day(1), more_threads, leaking_engines]) == ["threads", "database"]


def test_a_duplicate_a_position_off_a_bad_stop_and_a_sale_by_hand_each_fail() -> None:
    doubled, drifted, hung, misread, crashed = (_day(n) for n in range(1, 6))
    doubled.duplicates = 1
    drifted.holdings = {"434840": 40}  # the agent's positions say nothing
    hung.sigterm_rc = None
    misread.events = {"lot_reduced": 1, "agent_started": 3}
    crashed.unexpected_exits = [1]

    failed = _failed([doubled, drifted, hung, misread, crashed])

    assert failed == ["duplicates", "positions", "SIGTERM", "own orders", "unasked exits"]


def test_a_day_without_a_close_sample_fails_the_process_criteria() -> None:
    lost = _day(2)
    lost.close = None

    assert _failed([_day(1), lost]) == ["memory", "open files", "threads", "database"]


def test_a_ledger_problem_fails_the_books() -> None:
    day = _day(1)
    day.problems = ["order x still unknown"]

    assert _failed([day]) == ["books"]


def test_a_day_given_up_before_its_close_fails() -> None:
    cut = _day(2)
    cut.ran_to_close = False

    assert _failed([_day(1), cut]) == ["days"]


def test_duplicates_count_orphan_broker_orders_shared_numbers_and_refills() -> None:
    assert count_duplicates(["1", "2"], ["1", "2"], Counter({(1, "cum:10"): 1})) == 0
    # 3 sent twice (the broker has it, no local order), 2 claimed by two local orders, a fill
    # recorded three times.
    refills = Counter({(1, "cum:10"): 3})
    assert count_duplicates(["1", "2", "2"], ["1", "2", "3"], refills) == 1 + 1 + 2


def test_the_table_has_a_row_a_day_and_says_where_positions_differ() -> None:
    held = _day(1, threads=33)
    held.positions = held.holdings = {"434840": 34}
    off = _day(2)
    off.holdings = {"434840": 40}

    rows = table([held, off]).splitlines()

    assert len(rows) == 4
    assert all(row.count("|") == rows[0].count("|") for row in rows)
    assert "| 434840x34 | yes |" in rows[2]
    assert "| flat | NO |" in rows[3]
    assert "| 110/117/120 | +3.0 | 27 (19) | 33 (31) |" in rows[2]


def test_the_report_and_the_json_carry_the_verdicts() -> None:
    days = [_day(1), _day(2)]
    days[1].duplicates = 2
    run = {"speed": 300.0}

    text = report(days, Limits(), run)
    plain = json.loads(json.dumps(as_json(days, Limits(), run), default=str))

    assert "FAIL duplicates: 2 (0, 2)" in text
    assert "ok   memory:" in text
    assert plain["ok"] is False
    assert plain["sessions"][1]["day"] == "2026-12-02"
    assert [v["name"] for v in plain["verdicts"] if not v["ok"]] == ["duplicates"]


def test_a_days_plan_is_the_same_for_the_same_seed_and_speaks_the_simulators_faults() -> None:
    plan = day_plan(7, 1)

    assert plan == day_plan(7, 1)
    assert plan != day_plan(7, 2)
    assert [f.at for f in plan.faults] == sorted(f.at for f in plan.faults)
    assert 1 <= len(plan.kills) <= 2
    assert all(time(9) <= k.after <= time(10, 30) for k in plan.kills)
    kinds = set()
    for fault in plan.faults:
        body = msgspec.json.decode(msgspec.json.encode(fault.body()), type=ScriptedFaults)
        kinds.update(f.kind for f in body.faults)
    assert {FaultKind.FAIL_5XX, FaultKind.INVALIDATE_TOKEN, FaultKind.PARTIAL_FILL} <= kinds


def test_the_probe_counts_this_processes_memory_descriptors_and_threads() -> None:
    before = sample(os.getpid())
    with open(os.devnull, "rb"):
        opened = sample(os.getpid())

    assert before.rss_kb > 1024
    assert before.threads >= 1
    assert opened.fds == before.fds + 1


def test_the_probe_says_when_the_process_is_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)

    with pytest.raises(ProcessGone):
        sample(child.pid)
