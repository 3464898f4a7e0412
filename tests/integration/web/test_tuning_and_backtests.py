"""The tuning page's API (studies read back, parameters applied by a person as `tuner`) and
the backtest page's (run one, read the stored runs and their reports)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import optuna
import pytest
from optuna.distributions import IntDistribution

from agent.clock import KST, ManualClock
from agent.secret import Secret
from agent.settings import Settings, load_settings
from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import upgrade
from tests.support.actor_services import actor_services
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext

AUTH = {"Authorization": "Bearer test-token-123456"}
SPACE = {
    "risk.max_positions": IntDistribution(1, 6),
    "strategy.top_n": IntDistribution(3, 15),
}


def study(settings: Settings, name: str, trials: list[tuple[int, int, float]]) -> None:
    """A study as `stockagent tune` leaves it: its spec, and complete trials."""
    made = optuna.create_study(
        study_name=name, storage=settings.tuning_storage, direction="maximize"
    )
    made.set_user_attr("spec", {"name": name, "objective": "return", "days": ["seed 1"]})
    for positions, top, value in trials:
        params = {"risk.max_positions": positions, "strategy.top_n": top}
        made.add_trial(optuna.trial.create_trial(params=params, distributions=SPACE, value=value))


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    clock = ManualClock(datetime(2026, 12, 2, 11, 0, tzinfo=KST))
    services = actor_services(session_factory(engine), clock, settings=settings, live=True)
    context = AppContext(
        settings=settings,
        engine=engine,
        started_at=datetime.now(UTC),
        version="t",
        api_token=Secret("test-token-123456"),
        services=services,
    )
    with serve(create_app(context)) as base_url:
        yield f"{base_url}/api/v1", settings
    engine.dispose()


def test_studies_are_listed_and_read_back_with_importance_and_the_values_in_force(
    api: tuple[str, Settings],
) -> None:
    base, settings = api
    study(settings, "morning", [(1, 5, 0.5), (3, 12, 2.0), (2, 8, 1.0), (5, 14, -0.5)])

    listed = httpx.get(f"{base}/tuning/studies", headers=AUTH).json()
    detail = httpx.get(f"{base}/tuning/studies/morning", headers=AUTH).json()
    missing = httpx.get(f"{base}/tuning/studies/evening", headers=AUTH)

    [row] = listed["studies"]
    assert (row["name"], row["trials"], row["best_value"]) == ("morning", 4, 2.0)
    assert listed["storage"].endswith("tuning.db")
    assert detail["study"]["best"]["params"] == {"risk.max_positions": 3, "strategy.top_n": 12}
    assert detail["study"]["complete"] == 4
    assert set(detail["importance"]) == {"risk.max_positions", "strategy.top_n"}
    assert detail["current"] == {
        "risk.max_positions": settings.risk.max_positions,
        "strategy.top_n": settings.strategy.top_n,
    }
    assert missing.status_code == 404


def test_applying_a_studys_parameters_is_recorded_as_the_tuners(api: tuple[str, Settings]) -> None:
    base, _ = api
    risk = httpx.get(f"{base}/risk/config", headers=AUTH).json()

    put = httpx.put(
        f"{base}/risk/config",
        headers={**AUTH, "X-Changed-By": "tuner"},
        json={**risk, "max_positions": 2},
    )
    history = httpx.get(f"{base}/risk/history", headers=AUTH).json()

    assert put.status_code == 200, put.text
    assert [(h["key"], h["new_value"], h["changed_by"]) for h in history] == [
        ("max_positions", 2, "tuner")
    ]


def test_an_unreachable_tuning_storage_is_a_503_without_its_password(tmp_path: Path) -> None:
    settings = load_settings(
        environ={
            "STOCKAGENT_DATA_DIR": str(tmp_path),
            "STOCKAGENT_TUNING_STORAGE": "postgresql+psycopg://me:hunter2@127.0.0.1:1/x",
        }
    )
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    context = AppContext(
        settings=settings,
        engine=engine,
        started_at=datetime.now(UTC),
        version="t",
        api_token=Secret("test-token-123456"),
    )
    with serve(create_app(context)) as base_url:
        answer = httpx.get(f"{base_url}/api/v1/tuning/studies", headers=AUTH)

    assert answer.status_code == 503
    assert "cannot open the study storage" in answer.json()["detail"]
    assert "hunter2" not in answer.text


def test_a_backtest_run_from_the_page_is_stored_with_its_report(api: tuple[str, Settings]) -> None:
    base, _ = api
    ran = httpx.post(
        f"{base}/backtests", headers=AUTH, json={"seeds": "1-2", "date": "2026-12-02"}, timeout=120
    )
    assert ran.status_code == 201, ran.text
    run = ran.json()
    listed = httpx.get(f"{base}/backtests", headers=AUTH).json()
    detail = httpx.get(f"{base}/backtests/{run['id']}", headers=AUTH).json()
    report = httpx.get(f"{base}/backtests/{run['id']}/report", headers=AUTH)
    bad = [
        httpx.post(f"{base}/backtests", headers=AUTH, json=body)
        for body in (
            {"seeds": "2-1"},
            {"seeds": "1-2", "from": "2026-12-01", "to": "2026-12-02"},
            {},
            {"seeds": "1", "speed": 3},
            {"from": "2026-12-01", "to": "2026-12-02"},
        )
    ]
    missing = httpx.get(f"{base}/backtests/999", headers=AUTH)

    assert (run["source"], run["days"], run["span"]) == ("seeds", 2, "1-2")
    assert [r["id"] for r in listed] == [run["id"]]
    assert [d["seed"] for d in detail["result"]["days"]] == [1, 2]
    assert detail["run"]["trades"] == len(
        [t for d in detail["result"]["days"] for t in d["trades"]]
    )
    assert detail["parameters"]["risk"]["max_positions"] >= 1
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/html")
    assert "<svg" in report.text
    assert [b.status_code for b in bad] == [400, 400, 400, 400, 400]
    assert "news" in bad[4].json()["detail"]
    assert missing.status_code == 404
