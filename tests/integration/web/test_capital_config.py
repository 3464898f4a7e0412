"""Changing ``risk.capital_won`` over the API: never above what the account can fund.

PUT /risk/config (and ``stockagent ctl config set risk.capital_won``, which calls it) checks a
new capital against the Account's snapshot on the board; while the agent is not running it is
accepted unchecked, and the next start's preflight refuses it at the day's first start.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from actors import ids
from actors.account.messages import AccountSnapshot, PositionSummary
from actors.board import SnapshotBoard
from actors.supervision import ThreadingScheduler
from agent.clock import RealClock
from agent.settings import load_settings
from agent.store.engine import session_factory
from tests.support.actor_services import RunSwitch, actor_services
from tests.support.servers import serve
from tests.support.simulated import simulated_agent
from web.app import create_app
from web.context import AppContext
from web.token import load_or_create_token

T0 = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)
FUNDS_LINE = (
    "(10,700,000 won: orderable cash 10,000,000 plus the agent's positions at cost 700,000)"
)


def _position(code: str, *, managed: bool, quantity: int, avg_price: int) -> PositionSummary:
    return PositionSummary(
        code=code,
        name=code,
        managed=managed,
        quantity=quantity,
        sellable=quantity,
        avg_price=avg_price,
        price=avg_price,
        pnl=0,
        return_bps=0,
        stop_price=None,
    )


def _account_snapshot() -> AccountSnapshot:
    """10M of 미수-free cash, the agent's 10 shares at 70,000 and the user's 10 at 900,000."""
    return AccountSnapshot(
        at=T0,
        cash=12_000_000,
        orderable=60_000_000,  # 미수 room: never funds
        orderable_cash_only=10_000_000,
        capital=10_000_000,
        equity=21_700_000,
        realized_pnl=0,
        open_pnl=0,
        positions=(
            _position("005930", managed=True, quantity=10, avg_price=70_000),
            _position("000660", managed=False, quantity=10, avg_price=900_000),
        ),
        reconciled_at=T0,
    )


def _api(
    tmp_path: Path,
    engine: Engine,
    *,
    snapshot: AccountSnapshot | None,
    running: bool = True,
    environ: dict[str, str] | None = None,
) -> Iterator[tuple[str, dict[str, str]]]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path), **(environ or {})})
    board = SnapshotBoard()
    if snapshot is not None:
        board.publish_snapshot(ids.ACCOUNT, snapshot)
    sessions = session_factory(engine)
    services = actor_services(
        sessions,
        RealClock(),
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
            started_at=T0,
            version="t",
            api_token=token,
            board=board,
            services=services,
            system=RunSwitch(running),
        )
    )
    with serve(app) as base_url:
        yield f"{base_url}/api/v1/risk", {"Authorization": f"Bearer {token.reveal()}"}


@pytest.fixture
def running_api(tmp_path: Path, engine: Engine) -> Iterator[tuple[str, dict[str, str]]]:
    yield from _api(tmp_path, engine, snapshot=_account_snapshot())


def _put(url: str, auth: dict[str, str], **change: Any) -> httpx.Response:
    current = httpx.get(f"{url}/config", headers=auth).json()
    return httpx.put(f"{url}/config", headers=auth, json={**current, **change})


def test_a_capital_above_the_funds_is_a_409_naming_the_value_and_nothing_changes(
    running_api: tuple[str, dict[str, str]],
) -> None:
    url, auth = running_api
    before = httpx.get(f"{url}/config", headers=auth).json()

    response = _put(url, auth, capital_won=1_000_000_000, max_positions=2)

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "invalid setting risk.capital_won = 1,000,000,000: above what the account can fund "
        f"without 미수 or credit {FUNDS_LINE}"
    )
    assert httpx.get(f"{url}/config", headers=auth).json() == before
    assert httpx.get(f"{url}/history", headers=auth).json() == []


def test_a_capital_the_account_can_fund_is_changed_and_recorded(
    running_api: tuple[str, dict[str, str]],
) -> None:
    url, auth = running_api

    response = _put(url, auth, capital_won=10_700_000)
    history = httpx.get(f"{url}/history", headers=auth).json()

    assert response.status_code == 200
    assert response.json()["capital_won"] == 10_700_000
    assert "x-capital-check" not in response.headers
    assert [(h["key"], h["new_value"]) for h in history] == [("capital_won", 10_700_000)]


def test_other_limits_still_change_while_the_capital_in_force_is_above_the_funds(
    tmp_path: Path, engine: Engine
) -> None:
    # After a losing day the capital in force is above the funds: the Account clamps it, and
    # taking less risk must not wait for the user to lower the capital first.
    for url, auth in _api(
        tmp_path,
        engine,
        snapshot=_account_snapshot(),
        environ={"STOCKAGENT_RISK_CAPITAL_WON": "20000000"},
    ):
        response = _put(url, auth, max_positions=2)

        assert response.status_code == 200
        assert response.json()["max_positions"] == 2


@pytest.mark.parametrize(
    ("snapshot", "running"),
    [(None, True), (_account_snapshot(), False)],
    ids=["no-account-snapshot", "agent-stopped"],
)
def test_a_capital_is_accepted_unchecked_while_the_account_is_unknown_and_the_answer_says_so(
    tmp_path: Path, engine: Engine, snapshot: AccountSnapshot | None, running: bool
) -> None:
    for url, auth in _api(tmp_path, engine, snapshot=snapshot, running=running):
        response = _put(url, auth, capital_won=1_000_000_000)
        history = httpx.get(f"{url}/history", headers=auth).json()

        assert response.status_code == 200
        assert response.json()["capital_won"] == 1_000_000_000
        assert "next start" in response.headers["x-capital-check"]
        assert [h["key"] for h in history] == ["capital_won"]


def test_a_capital_raised_while_the_agent_is_stopped_is_refused_at_the_days_first_start(
    tmp_path: Path,
) -> None:
    with simulated_agent(tmp_path, speed=1.0, start=time(9, 5)) as run:
        agent = run.agent
        token = load_or_create_token(tmp_path)
        app = create_app(
            AppContext(
                settings=agent.services.settings,
                engine=agent.services.sessions.kw["bind"],
                started_at=T0,
                version="t",
                api_token=token,
                board=agent.board,
                services=agent.services,
                system=agent,
            )
        )
        auth = {"Authorization": f"Bearer {token.reveal()}"}
        with serve(app) as base_url:
            changed = _put(f"{base_url}/api/v1/risk", auth, capital_won=10**15)
            started = httpx.post(f"{base_url}/api/v1/system/start", headers=auth, timeout=30)

        assert changed.status_code == 200
        assert started.status_code == 409
        assert "risk.capital_won = 1,000,000,000,000,000" in started.json()["detail"]
        assert not agent.running()
