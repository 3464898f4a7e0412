"""`stockagent tune` as a user runs it: workers sharing one study, walk-forward, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import optuna
import pytest
from sqlalchemy import text

from agent.store.engine import create_db_engine
from tests.support.services import POSTGRES_URL, require

DAY = "2026-12-02"
SMALL_SPACE = ("--param", "risk.max_positions=1:3", "--param", "strategy.top_n=3:8")


def tune(*args: str, data_dir: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKAGENT_")}
    env["STOCKAGENT_DATA_DIR"] = str(data_dir)
    return subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "stockagent", "tune", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def show(name: str, data_dir: Path, *storage: str) -> dict[str, Any]:
    code, out, err = finish(tune("show", name, "--json", *storage, data_dir=data_dir))
    assert code == 0, err
    shown: dict[str, Any] = json.loads(out)
    return shown


@pytest.fixture
def postgres_storage() -> Iterator[str]:
    """An optuna storage URL on the test PostgreSQL, in a private schema dropped afterwards."""
    require("PostgreSQL", POSTGRES_URL, 5432)
    schema = f"tune_{uuid.uuid4().hex[:10]}"
    admin = create_db_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_two_tune_processes_on_one_postgres_study_fill_it_together(
    tmp_path: Path, postgres_storage: str
) -> None:
    storage = ("--storage", postgres_storage)
    args = ("--study", "shared", "--trials", "8", "--seeds", "1-1", "--date", DAY, *SMALL_SPACE)
    first = tune(*args, *storage, data_dir=tmp_path / "one")
    second = tune(*args, *storage, data_dir=tmp_path / "two")
    results = [finish(first), finish(second)]

    for code, _, err in results:
        assert code == 0, err
        assert "[worker" in err, "each process ran trials of its own"
    study = show("shared", tmp_path, *storage)
    assert study["study"] == "shared"
    numbers = sorted(t["number"] for t in study["trials"])
    assert numbers == list(range(len(numbers))), "one study, one numbering"
    assert 8 <= len(numbers) <= 9, "the study's size, give or take a trial started in a race"
    assert study["complete"] == sum(t["state"] == "complete" for t in study["trials"]) > 0
    best = study["best"]
    assert set(best["params"]) == {"risk.max_positions", "strategy.top_n"}
    assert best["value"] == max(t["value"] for t in study["trials"] if t["state"] == "complete")
    assert 1 <= best["params"]["risk.max_positions"] <= 3


def test_a_walk_forward_study_keeps_in_and_out_of_sample_side_by_side(tmp_path: Path) -> None:
    args = ("--study", "wf", "--trials", "2", "--seeds", "1-3", "--date", DAY, *SMALL_SPACE)
    code, _, err = finish(tune(*args, "--train-days", "2", "--test-days", "1", data_dir=tmp_path))

    assert code == 0, err
    study = show("wf", tmp_path)
    [window] = study["windows"]
    assert (window["train"], window["test"]) == (["seed 1", "seed 2"], ["seed 3"])
    assert window["complete"] == 2
    assert isinstance(window["in_sample"], float)
    assert isinstance(window["out_of_sample"], float)
    assert study["best"]["window"] == 1
    assert study["best"]["params"] == window["params"]
    assert (tmp_path / "tuning.db").exists(), "the default storage: SQLite in the data dir"


def test_a_trial_that_fails_is_recorded_and_the_study_goes_on(tmp_path: Path) -> None:
    # Every minimum change drawn is above the settings' maximum (20 %): each trial is refused.
    args = ("--study", "refused", "--trials", "3", "--seeds", "1-1", "--date", DAY)
    code, _, err = finish(
        tune(*args, "--param", "strategy.min_change_pct=21:25", data_dir=tmp_path)
    )

    assert code == 0, err
    study = show("refused", tmp_path)
    assert [t["state"] for t in study["trials"]] == ["fail", "fail", "fail"]
    assert "strategy.max_change_pct must be greater" in study["trials"][0]["note"]
    assert (study["complete"], study["best"]) == (0, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--param", "risk.nope"), "unknown parameter 'risk.nope'"),
        (("--storage", "postgresql+psycopg://me:hunter2@127.0.0.1:1/x"), "cannot open the study"),
        (("--train-days", "3", "--test-days", "1"), "walk-forward needs at least 4 days"),
    ],
)
def test_bad_input_is_one_line_before_any_trial(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    base = ("--study", "bad", "--trials", "2", "--seeds", "1-2", "--date", DAY)
    code, _, err = finish(tune(*base, *args, data_dir=tmp_path))

    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "hunter2" not in err
    assert "[worker" not in err, "no trial ran"


def test_an_empty_range_of_fetched_days_is_refused(tmp_path: Path) -> None:
    args = ("--study", "none", "--trials", "2", "--from", "2026-11-30", "--to", "2026-12-02")
    code, _, err = finish(tune(*args, "--without-news", data_dir=tmp_path))

    assert code == 2
    assert "no fetched day from 2026-11-30 to 2026-12-02" in err


@pytest.mark.postgres
def test_workers_starting_together_on_a_new_database_all_open_it(postgres_storage: str) -> None:
    # Each creates optuna's tables; the ones that lose the race find them made and go on.
    from agent.tuning.storage import open_storage

    start = threading.Barrier(3)
    outcomes: list[str] = []

    def worker() -> None:
        start.wait(timeout=30)
        try:
            optuna.create_study(
                study_name="together", storage=open_storage(postgres_storage), load_if_exists=True
            )
            outcomes.append("open")
        except Exception as exc:  # the test reports whatever a worker hit
            outcomes.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert outcomes == ["open", "open", "open"]
