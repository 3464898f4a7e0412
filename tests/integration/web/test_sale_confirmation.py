"""A settings change cannot act as a liquidation unseen: PUT /risk/config that would sell the
agent's positions at once is a 409 listing them, and is made only with ``?confirm=SELL``.

The API reads the Account's and the governor's snapshots on the board (as the capital check
does) at the agent's clock: 14:00 KST on a regular trading day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from actors import ids
from actors.account.messages import AccountSnapshot, PositionSummary
from actors.board import SnapshotBoard
from actors.risk.messages import GovernorSnapshot
from actors.supervision import ThreadingScheduler
from agent.clock import ManualClock
from agent.settings import load_settings
from agent.store.engine import session_factory
from stockagent.cli import main
from tests.support.actor_services import RunSwitch, actor_services
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext
from web.token import load_or_create_token

NOW = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # Tuesday 14:00 KST


def _position(code: str, name: str, *, managed: bool, quantity: int) -> PositionSummary:
    return PositionSummary(
        code=code,
        name=name,
        managed=managed,
        quantity=quantity,
        sellable=quantity,
        avg_price=70_000,
        price=70_000,
        pnl=0,
        return_bps=0,
        stop_price=67_900,
    )


def _account(realized_pnl: int = 0) -> AccountSnapshot:
    """The agent's 10 shares of 005930, the user's own 20 of 000660; a 10 M capital."""
    return AccountSnapshot(
        at=NOW,
        cash=10_000_000,
        orderable=10_000_000,
        orderable_cash_only=10_000_000,
        capital=10_000_000,
        equity=12_100_000,
        realized_pnl=realized_pnl,
        open_pnl=0,
        positions=(
            _position("005930", "삼성전자", managed=True, quantity=10),
            _position("000660", "SK하이닉스", managed=False, quantity=20),
        ),
        reconciled_at=NOW,
    )


def _api(
    tmp_path: Path, engine: Engine, snapshot: AccountSnapshot | None, *, state: str = "active"
) -> Iterator[tuple[str, dict[str, str]]]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    clock = ManualClock(NOW)
    board = SnapshotBoard(clock=clock)
    if snapshot is not None:
        board.publish_snapshot(ids.ACCOUNT, snapshot)
    board.publish_snapshot(
        ids.RISK,
        GovernorSnapshot(
            at=NOW,
            state=state,
            entries_paused=False,
            kill_switch=False,
            daily_loss_hit=state == "reducing",
            approved_today=0,
            rejected_today=0,
        ),
    )
    services = actor_services(
        session_factory(engine),
        clock,
        settings=settings,
        scheduler=ThreadingScheduler(),
        board=board,
        live=True,
    )
    token = load_or_create_token(tmp_path)
    app = create_app(
        AppContext(
            settings=settings,
            engine=engine,
            started_at=NOW,
            version="t",
            api_token=token,
            board=board,
            services=services,
            system=RunSwitch(True),
        )
    )
    with serve(app) as base_url:
        yield f"{base_url}/api/v1/risk", {"Authorization": f"Bearer {token.reveal()}"}


@pytest.fixture
def api(tmp_path: Path, engine: Engine) -> Iterator[tuple[str, dict[str, str]]]:
    yield from _api(tmp_path, engine, _account())


def _put(
    url: str, auth: dict[str, str], params: dict[str, str] | None = None, **change: Any
) -> httpx.Response:
    current = httpx.get(f"{url}/config", headers=auth).json()
    return httpx.put(f"{url}/config", headers=auth, params=params, json={**current, **change})


def test_moving_the_end_of_day_exit_before_now_is_a_409_listing_the_agents_sales(
    api: tuple[str, dict[str, str]],
) -> None:
    url, auth = api
    before = httpx.get(f"{url}/config", headers=auth).json()

    response = _put(url, auth, eod_exit_time="13:30")

    assert response.status_code == 409
    body = response.json()
    assert body["extra"] == {
        "sells": [{"code": "005930", "name": "삼성전자", "quantity": 10, "reason": "eod_exit"}],
        "confirm": "SELL",
    }
    assert "005930 삼성전자 (10 shares, end-of-day exit)" in body["detail"]
    assert "?confirm=SELL" in body["detail"]
    assert "000660" not in body["detail"]  # the user's own holding is never the agent's sale
    assert httpx.get(f"{url}/config", headers=auth).json() == before
    assert httpx.get(f"{url}/history", headers=auth).json() == []


def test_the_same_change_with_the_confirmation_is_made_and_recorded(
    api: tuple[str, dict[str, str]],
) -> None:
    url, auth = api

    response = _put(url, auth, params={"confirm": "SELL"}, eod_exit_time="13:30")
    history = httpx.get(f"{url}/history", headers=auth).json()

    assert response.status_code == 200
    assert response.json()["eod_exit_time"] == "13:30"
    assert [(h["key"], h["new_value"]) for h in history] == [("eod_exit_time", "13:30")]


def test_another_confirmation_word_is_a_400_and_changes_nothing(
    api: tuple[str, dict[str, str]],
) -> None:
    url, auth = api

    response = _put(url, auth, params={"confirm": "yes"}, eod_exit_time="13:30")

    assert response.status_code == 400
    assert httpx.get(f"{url}/config", headers=auth).json()["eod_exit_time"] == "15:10"


@pytest.mark.parametrize(
    "change",
    [
        {"eod_exit_time": "14:30"},  # later today: nothing sells now
        {"max_positions": 1},  # gates entries only
        {"stop_loss_pct": -5.0},  # the position's stop was fixed when it opened
        {"daily_loss_limit_pct": -0.5, "on_daily_loss": "halt"},  # halts entries, sells nothing
    ],
    ids=["eod-later", "max-positions", "stop", "loss-limit-halts"],
)
def test_a_change_that_sells_nothing_now_goes_through_without_a_confirmation(
    api: tuple[str, dict[str, str]], change: dict[str, Any]
) -> None:
    url, auth = api

    response = _put(url, auth, **change)

    assert response.status_code == 200
    assert {k: response.json()[k] for k in change} == change


def test_a_loss_limit_that_flattens_lowered_under_todays_loss_is_a_409(
    tmp_path: Path, engine: Engine
) -> None:
    # Down 150,000 on a 10 M capital: -1.5 %, inside the default -2 %, beyond -1 %.
    for url, auth in _api(tmp_path, engine, _account(realized_pnl=-150_000)):
        response = _put(url, auth, daily_loss_limit_pct=-1.0, on_daily_loss="flatten")

        assert response.status_code == 409
        assert response.json()["extra"]["sells"] == [
            {"code": "005930", "name": "삼성전자", "quantity": 10, "reason": "daily_loss_limit"}
        ]


def test_flatten_chosen_on_a_day_the_loss_limit_was_hit_is_a_409(
    tmp_path: Path, engine: Engine
) -> None:
    for url, auth in _api(tmp_path, engine, _account(), state="reducing"):
        response = _put(url, auth, on_daily_loss="flatten")

        assert response.status_code == 409
        assert [s["reason"] for s in response.json()["extra"]["sells"]] == ["daily_loss_limit"]


def test_while_the_account_is_unknown_the_change_cannot_be_checked_and_is_made(
    tmp_path: Path, engine: Engine
) -> None:
    for url, auth in _api(tmp_path, engine, None):
        response = _put(url, auth, eod_exit_time="13:30")

        assert response.status_code == 200


def test_ctl_config_set_lists_the_sales_and_changes_nothing_without_yes(
    api: tuple[str, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, auth = api
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(tmp_path))  # where ctl finds the API's token
    base = url.removesuffix("/api/v1/risk")

    refused = main(["ctl", "--url", base, "config", "set", "risk.eod_exit_time", "13:30"])

    err = capsys.readouterr().err
    assert refused == 1
    assert "005930  삼성전자  10        eod_exit" in err  # the 409's list, as a table
    assert "--yes" in err
    assert httpx.get(f"{url}/config", headers=auth).json()["eod_exit_time"] == "15:10"


def test_ctl_config_set_with_yes_lists_the_sales_and_makes_the_change(
    api: tuple[str, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, auth = api
    monkeypatch.setenv("STOCKAGENT_DATA_DIR", str(tmp_path))
    base = url.removesuffix("/api/v1/risk")

    made = main(["ctl", "--url", base, "config", "set", "risk.eod_exit_time", "13:30", "--yes"])

    captured = capsys.readouterr()
    history = httpx.get(f"{url}/history", headers=auth).json()
    assert made == 0
    assert "005930" in captured.err
    assert "13:30" in captured.out
    assert [(h["key"], h["new_value"], h["changed_by"]) for h in history] == [
        ("eod_exit_time", "13:30", "cli")
    ]
