"""The API over real HTTP: closed by default, reads the board and the database, steers the agent."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from sqlalchemy import Engine

from actors import ids
from actors.account.messages import AccountSnapshot, PositionSummary
from actors.board import SnapshotBoard
from actors.board.events import LiveOrderUpdate
from actors.risk.messages import LiquidateAll, SetEntriesPaused, SetFrozen
from actors.router.views import order_view
from actors.supervision import Registry, ThreadingScheduler
from agent.clock import KST, ManualClock
from agent.settings import SettingsError, load_settings
from agent.store.engine import session_factory
from agent.store.models import OrderPurpose, OrderStatus, Side, TradeLog
from agent.store.repositories import OrderRepository
from tests.support.actor_services import RunSwitch, actor_services
from tests.support.inbox import Inbox
from tests.support.orders import persisted_entry
from tests.support.servers import serve
from tests.support.waiting import wait_until
from web.app import create_app
from web.context import AppContext
from web.token import load_or_create_token, rotate_token, token_path

T0 = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)


MID_MORNING = datetime(2026, 3, 4, 9, 40, tzinfo=KST)
MARKET_CLOCK = ManualClock(MID_MORNING)


@pytest.fixture
def agent_api(tmp_path: Path, engine: Engine) -> Iterator[tuple[str, dict[str, str], Any]]:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    board = SnapshotBoard()
    registry = Registry()
    risk = Inbox.start()
    registry.register(ids.RISK, risk)
    services = actor_services(
        session_factory(engine),
        MARKET_CLOCK,
        settings=settings,
        scheduler=ThreadingScheduler(),
        board=board,
        registry=registry,
        live=True,
    )
    board.publish_snapshot(
        ids.ACCOUNT,
        AccountSnapshot(
            at=T0,
            cash=50_000_000,
            orderable=40_000_000,
            equity=101_000_000,
            orderable_cash_only=40_000_000,
            capital=100_000_000,
            realized_pnl=600_000,
            open_pnl=400_000,
            positions=(
                PositionSummary(
                    code="005930",
                    name="삼성전자",
                    managed=True,
                    quantity=10,
                    sellable=10,
                    avg_price=70_000,
                    price=72_000,
                    pnl=20_000,
                    return_bps=285,
                    stop_price=67_900,
                ),
                PositionSummary(
                    code="000660",
                    name="SK하이닉스",
                    managed=False,
                    quantity=10,
                    sellable=4,
                    avg_price=900_000,
                    price=200_000,
                    pnl=-7_000_000,
                    return_bps=-7777,
                    stop_price=None,
                ),
            ),
            reconciled_at=T0,
        ),
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
        )
    )
    try:
        with serve(app) as base_url:
            yield base_url, {"Authorization": f"Bearer {token.reveal()}"}, risk
    finally:
        risk.stop()


def test_every_endpoint_but_health_needs_the_token(
    agent_api: tuple[str, dict[str, str], Any],
) -> None:
    base_url, auth, _ = agent_api

    assert httpx.get(f"{base_url}/api/v1/health").status_code == 200
    for path in ("/system/status", "/account/balance", "/trades", "/orders", "/scanner/top"):
        assert httpx.get(f"{base_url}/api/v1{path}").status_code == 401
        wrong = {"Authorization": "Bearer not-the-token"}
        assert httpx.get(f"{base_url}/api/v1{path}", headers=wrong).status_code == 401
        assert httpx.get(f"{base_url}/api/v1{path}", headers=auth).status_code == 200


def test_the_token_file_is_private_and_rotation_replaces_it(tmp_path: Path) -> None:
    first = load_or_create_token(tmp_path)
    mode = stat.S_IMODE(token_path(tmp_path).stat().st_mode)
    again = load_or_create_token(tmp_path)
    rotated = rotate_token(tmp_path)

    assert mode == 0o600
    assert again == first
    assert rotated != first
    assert load_or_create_token(tmp_path) == rotated


def test_balance_and_positions_come_from_the_account_snapshot(
    agent_api: tuple[str, dict[str, str], Any],
) -> None:
    base_url, auth, _ = agent_api

    balance = httpx.get(f"{base_url}/api/v1/account/balance", headers=auth).json()
    positions = httpx.get(f"{base_url}/api/v1/account/positions", headers=auth).json()

    assert balance["equity"] == 101_000_000
    assert balance["daily_pnl"] == 1_000_000
    assert positions == [
        {
            "code": "005930",
            "name": "삼성전자",
            "managed": True,
            "quantity": 10,
            "sellable": 10,
            "avg_price": 70_000,
            "price": 72_000,
            "pnl": 20_000,
            "return_bps": 285,
            "stop_price": 67_900,
            "backstop_price": None,
        },
        {
            "code": "000660",
            "name": "SK하이닉스",
            "managed": False,
            "quantity": 10,
            "sellable": 4,
            "avg_price": 900_000,
            "price": 200_000,
            "pnl": -7_000_000,
            "return_bps": -7777,
            "stop_price": None,
            "backstop_price": None,
        },
    ]
    assert balance["capital"] == 100_000_000
    assert balance["orderable_cash_only"] == 40_000_000


def test_an_order_over_rest_is_the_row_its_board_event_carries(
    agent_api: tuple[str, dict[str, str], Any], engine: Engine
) -> None:
    base_url, auth, _ = agent_api
    repo = OrderRepository(session_factory(engine))
    order_id = persisted_entry(repo, "c-rest", T0)
    repo.transition(order_id, OrderStatus.SENT, T0)
    stored = repo.get(order_id)
    assert stored is not None
    event = SnapshotBoard().publish(LiveOrderUpdate, ids.ROUTER, order_view(stored), code="005930")

    one = httpx.get(f"{base_url}/api/v1/orders/{order_id}", headers=auth).json()
    listed = httpx.get(f"{base_url}/api/v1/orders", headers=auth).json()

    carried = json.loads(msgspec.json.encode(event))["data"]
    assert one == carried
    assert listed == [carried]
    assert carried["status"] == "sent"


def test_emergency_sell_needs_its_confirmation_and_then_reaches_the_governor(
    agent_api: tuple[str, dict[str, str], Any],
) -> None:
    base_url, auth, risk = agent_api
    url = f"{base_url}/api/v1/risk/emergency-sell"
    MARKET_CLOCK.set(MID_MORNING)

    missing = httpx.post(url, headers=auth, json={"reason": "test"})
    wrong = httpx.post(url, headers=auth, json={"confirm": "yes"})
    accepted = httpx.post(url, headers=auth, json={"confirm": "LIQUIDATE", "reason": "drill"})

    assert missing.status_code == 400
    assert "confirm" in missing.text
    assert wrong.status_code == 400
    assert accepted.status_code == 202
    told = wait_until(lambda: risk.proxy().messages().get(timeout=5), timeout=5)
    assert told == [LiquidateAll(reason="drill", by="api")]


def test_emergency_sell_of_everything_must_name_the_scope(
    agent_api: tuple[str, dict[str, str], Any],
) -> None:
    base_url, auth, risk = agent_api
    MARKET_CLOCK.set(MID_MORNING)

    response = httpx.post(
        f"{base_url}/api/v1/risk/emergency-sell",
        headers=auth,
        json={"confirm": "LIQUIDATE", "scope": "all"},
    )
    bad = httpx.post(
        f"{base_url}/api/v1/risk/emergency-sell",
        headers=auth,
        json={"confirm": "LIQUIDATE", "scope": "everything"},
    )

    assert response.status_code == 202
    assert "user's own holdings" in response.json()["detail"]
    assert bad.status_code == 400
    told = wait_until(lambda: risk.proxy().messages().get(timeout=5), timeout=5)
    assert told == [LiquidateAll(reason="operator", by="api", scope="all")]


def test_emergency_sell_after_the_close_says_it_cannot_sell_until_the_next_session(
    agent_api: tuple[str, dict[str, str], Any],
) -> None:
    base_url, auth, risk = agent_api
    MARKET_CLOCK.set(MID_MORNING.replace(hour=15, minute=45))

    response = httpx.post(
        f"{base_url}/api/v1/risk/emergency-sell", headers=auth, json={"confirm": "LIQUIDATE"}
    )

    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "market is closed" in detail
    assert "2026-03-05 08:30" in detail  # the next session's opening auction
    assert risk.proxy().messages().get(timeout=5) == []  # nothing was asked of the governor


def test_freeze_reaches_the_governor(agent_api: tuple[str, dict[str, str], Any]) -> None:
    base_url, auth, risk = agent_api

    response = httpx.post(f"{base_url}/api/v1/risk/freeze", headers=auth, json={"frozen": True})

    assert response.status_code == 202
    told = wait_until(lambda: risk.proxy().messages().get(timeout=5), timeout=5)
    assert told == [SetFrozen(frozen=True, by="api")]


def test_entries_can_be_paused_over_the_api(agent_api: tuple[str, dict[str, str], Any]) -> None:
    base_url, auth, risk = agent_api

    response = httpx.post(
        f"{base_url}/api/v1/strategy/toggle", headers=auth, json={"enabled": False}
    )

    assert response.status_code == 202
    told = wait_until(lambda: risk.proxy().messages().get(timeout=5), timeout=5)
    assert told == [SetEntriesPaused(paused=True, by="api")]


def test_trades_filter_sort_and_paginate(
    agent_api: tuple[str, dict[str, str], Any], engine: Engine
) -> None:
    base_url, auth, _ = agent_api
    with session_factory(engine)() as session:
        for index, (code, pnl) in enumerate(
            [("005930", 5_000), ("000660", -2_000), ("005930", 9_000)]
        ):
            session.add(
                TradeLog(
                    trade_date=date(2026, 11, 24),
                    code=code,
                    side=Side.BUY,
                    strategy_tag="opening_leader",
                    quantity=1,
                    entry_time=T0,
                    entry_price=100,
                    exit_time=T0.replace(minute=40 + index),
                    exit_price=110,
                    exit_reason=OrderPurpose.EOD_EXIT,
                    realized_pnl=pnl,
                    return_bps=pnl // 10,
                    reason_codes=["OR_BREAKOUT"],
                )
            )
        session.commit()

    samsung = httpx.get(
        f"{base_url}/api/v1/trades", headers=auth, params={"code": "005930", "sort": "pnl"}
    ).json()
    paged = httpx.get(
        f"{base_url}/api/v1/trades", headers=auth, params={"page": 2, "page_size": 2}
    ).json()
    bad = httpx.get(f"{base_url}/api/v1/trades", headers=auth, params={"page_size": 0})

    assert [t["realized_pnl"] for t in samsung["items"]] == [9_000, 5_000]
    assert samsung["page"]["total"] == 2
    assert paged["page"] == {"total": 3, "page": 2, "page_size": 2}
    assert len(paged["items"]) == 1
    assert bad.status_code == 400
    assert "page_size" in bad.text


def test_commands_without_a_running_agent_answer_503(tmp_path: Path, engine: Engine) -> None:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    token = load_or_create_token(tmp_path)
    app = create_app(
        AppContext(settings=settings, engine=engine, started_at=T0, version="t", api_token=token)
    )
    auth = {"Authorization": f"Bearer {token.reveal()}"}
    with serve(app) as base_url:
        response = httpx.post(
            f"{base_url}/api/v1/risk/kill-switch", headers=auth, json={"engaged": True}
        )
        status = httpx.get(f"{base_url}/api/v1/system/status", headers=auth).json()

    assert response.status_code == 503
    assert status["agent_running"] is False


def test_a_risk_change_takes_effect_and_is_recorded_with_old_and_new_values(
    agent_api: tuple[str, dict[str, str], Any],
) -> None:
    base_url, auth, _ = agent_api
    url = f"{base_url}/api/v1/risk/config"
    current = httpx.get(url, headers=auth).json()

    changed = httpx.put(
        url, headers={**auth, "X-Changed-By": "cli"}, json={**current, "stop_loss_pct": -4.5}
    )
    history = httpx.get(f"{base_url}/api/v1/risk/history", headers=auth).json()

    assert changed.status_code == 200
    assert changed.json()["stop_loss_pct"] == -4.5
    assert httpx.get(url, headers=auth).json()["stop_loss_pct"] == -4.5
    assert [(h["key"], h["old_value"], h["new_value"], h["changed_by"]) for h in history] == [
        ("stop_loss_pct", -3.0, -4.5, "cli")
    ]


@pytest.mark.parametrize(
    ("component", "change", "field"),
    [
        ("risk", {"stop_loss_pct": -7.0}, "stop_loss_pct"),
        ("risk", {"max_positions": 0}, "max_positions"),
        ("strategy", {"window_end": "08:00"}, "window_end"),
        ("strategy", {"top_n": "ten"}, "top_n"),
        ("strategy", {"surprise": 1}, "surprise"),
    ],
)
def test_a_wrong_parameter_is_refused_naming_the_field_and_nothing_changes(
    agent_api: tuple[str, dict[str, str], Any], component: str, change: dict[str, Any], field: str
) -> None:
    base_url, auth, _ = agent_api
    url = f"{base_url}/api/v1/{component}/config"
    before = httpx.get(url, headers=auth).json()

    response = httpx.put(url, headers=auth, json={**before, **change})

    assert response.status_code == 400
    assert field in response.text
    assert field in [e.get("key") for e in response.json().get("extra", [])]  # as forms match
    assert httpx.get(url, headers=auth).json() == before
    assert httpx.get(f"{base_url}/api/v1/{component}/history", headers=auth).json() == []


def test_the_agent_can_be_stopped_and_started_while_the_api_keeps_serving(
    tmp_path: Path, engine: Engine
) -> None:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    token = load_or_create_token(tmp_path)
    switch = RunSwitch()
    app = create_app(
        AppContext(
            settings=settings,
            engine=engine,
            started_at=T0,
            version="t",
            api_token=token,
            board=SnapshotBoard(),
            system=switch,
        )
    )
    auth = {"Authorization": f"Bearer {token.reveal()}"}
    with serve(app) as base_url:
        stopped = httpx.post(f"{base_url}/api/v1/system/stop", headers=auth)
        status_stopped = httpx.get(f"{base_url}/api/v1/system/status", headers=auth).json()
        started = httpx.post(f"{base_url}/api/v1/system/start", headers=auth)
        status_started = httpx.get(f"{base_url}/api/v1/system/status", headers=auth).json()

    assert stopped.status_code == 202
    assert "not sold" in stopped.json()["detail"]
    assert status_stopped["agent_running"] is False
    assert started.status_code == 202
    assert status_started["agent_running"] is True


class _Unfundable(RunSwitch):
    def start(self) -> None:
        raise SettingsError("invalid setting risk.capital_won = 999,999,999: above the account")


def test_a_start_the_account_cannot_fund_is_a_409_naming_the_value(
    tmp_path: Path, engine: Engine
) -> None:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    token = load_or_create_token(tmp_path)
    switch = _Unfundable()
    switch.on = False
    app = create_app(
        AppContext(
            settings=settings,
            engine=engine,
            started_at=T0,
            version="t",
            api_token=token,
            board=SnapshotBoard(),
            system=switch,
        )
    )
    auth = {"Authorization": f"Bearer {token.reveal()}"}
    with serve(app) as base_url:
        started = httpx.post(f"{base_url}/api/v1/system/start", headers=auth)

    assert started.status_code == 409
    assert "risk.capital_won = 999,999,999" in started.json()["detail"]
