"""Learning at the close: the day's patterns and reports stored, and the API that serves them."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import Engine

from actors.recorder.actor import Recorder
from actors.scheduler.messages import DayClosed
from agent.clock import KST, ManualClock
from agent.domain import OrderPurpose, Side
from agent.secret import Secret
from agent.settings import Settings, load_settings
from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import upgrade
from agent.store.models import TradeLog
from agent.store.repositories.learning import ReportRepository
from agent.store.repositories.metrics import MetricsRepository
from tests.support.actor_services import actor_services
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext

MONDAY, TUESDAY, WEDNESDAY = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)
AUTH = {"Authorization": "Bearer test-token-123456"}
SURGE = ["IN_WINDOW", "TURNOVER_TOP", "VOLUME_SURGE", "OR_BREAKOUT", "ABOVE_VWAP"]
PLAIN = ["IN_WINDOW", "TURNOVER_TOP", "OR_BREAKOUT", "ABOVE_VWAP"]


def trade(engine: Engine, day: date, pnl: int, reasons: list[str], exit_: OrderPurpose) -> None:
    entry = datetime(day.year, day.month, day.day, 9, 6, tzinfo=KST)
    with session_factory(engine)() as session:
        session.add(
            TradeLog(
                trade_date=day,
                code="005930",
                side=Side.BUY,
                strategy_tag="opening_leader",
                quantity=10,
                entry_time=entry,
                entry_price=70_000,
                exit_time=entry + timedelta(hours=6),
                exit_price=70_000 + pnl // 10,
                exit_reason=exit_,
                realized_pnl=pnl,
                return_bps=pnl // 70,
                news_score_at_entry=82,
                volume_rank_at_entry=2,
                reason_codes=reasons,
            )
        )
        session.commit()


def close(engine: Engine, day: date) -> None:
    """The recorder's close of ``day``, as the scheduler's DayClosed starts it."""
    at = datetime(day.year, day.month, day.day, 15, 31, tzinfo=KST)
    services = actor_services(session_factory(engine), ManualClock(at))
    recorder = Recorder.start(None, services)
    try:
        recorder.ask(DayClosed(trading_date=day, at=at))
    finally:
        recorder.stop()


def test_the_close_stores_the_days_patterns_and_the_api_adds_days_up(tmp_path: Path) -> None:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    for _ in range(3):
        trade(engine, MONDAY, 40_000, SURGE, OrderPurpose.EOD_EXIT)
    for pnl in (-20_000, -25_000, 5_000):
        trade(engine, MONDAY, pnl, PLAIN, OrderPurpose.STOP_LOSS)
    for pnl in (30_000, -10_000):
        trade(engine, TUESDAY, pnl, SURGE, OrderPurpose.EOD_EXIT)
    for pnl in (9_000, 8_000, -1_000, 7_000, 6_000):
        trade(engine, WEDNESDAY, pnl, SURGE, OrderPurpose.EOD_EXIT)
        trade(engine, WEDNESDAY, -pnl, PLAIN, OrderPurpose.STOP_LOSS)
    close(engine, MONDAY)
    close(engine, TUESDAY)
    close(engine, TUESDAY)  # a close run twice stores the day once
    close(engine, WEDNESDAY)

    metrics = MetricsRepository(session_factory(engine))
    monday, wednesday = metrics.get(MONDAY), metrics.get(WEDNESDAY)
    assert monday is not None
    assert monday.best_pattern is None, "no pattern has five trades in one day"
    assert wednesday is not None
    assert wednesday.best_pattern is not None
    assert wednesday.best_pattern.startswith("TURNOVER_TOP+VOLUME_SURGE")
    assert wednesday.worst_pattern is not None
    assert wednesday.worst_pattern.endswith("stop_loss")
    context = AppContext(
        settings=settings,
        engine=engine,
        started_at=datetime.now(UTC),
        version="t",
        api_token=Secret("test-token-123456"),
    )
    with serve(create_app(context)) as base_url:
        url = f"{base_url}/api/v1/reports/patterns"
        span = {"from": MONDAY.isoformat(), "to": TUESDAY.isoformat()}
        both = httpx.get(url, headers=AUTH, params={**span, "min_trades": 3}).json()
        strict = httpx.get(url, headers=AUTH, params=span).json()
        tuesday = httpx.get(
            url, headers=AUTH, params={"from": TUESDAY.isoformat(), "to": TUESDAY.isoformat()}
        ).json()
        backwards = httpx.get(
            url, headers=AUTH, params={"from": TUESDAY.isoformat(), "to": MONDAY.isoformat()}
        )
        daily = httpx.get(
            f"{base_url}/api/v1/reports/daily", headers=AUTH, params={"date": "2026-11-30"}
        ).json()

    surge = "TURNOVER_TOP+VOLUME_SURGE+OR_BREAKOUT+ABOVE_VWAP +05m news 80-89 rank 1-3 eod_exit"
    plain = "TURNOVER_TOP+OR_BREAKOUT+ABOVE_VWAP +05m news 80-89 rank 1-3 stop_loss"
    assert [p["name"] for p in both["patterns"]] == [surge, plain]
    [won, lost] = both["patterns"]
    assert (won["trades"], won["wins"], won["realized_pnl"]) == (5, 4, 140_000)
    assert (won["expectancy_won"], won["profit_factor"]) == (28_000, 15.0)
    assert (lost["trades"], lost["win_rate_bps"], lost["realized_pnl"]) == (3, 3_333, -40_000)
    assert (both["best"]["name"], both["worst"]["name"]) == (surge, plain)
    assert (strict["min_trades"], strict["best"]["name"], strict["worst"]) == (5, surge, None)
    assert [(p["name"], p["trades"]) for p in tuesday["patterns"]] == [(surge, 2)]
    assert backwards.status_code == 400
    assert "after" in backwards.json()["detail"]
    assert daily["best_pattern"] is None


def api(engine: Engine, settings: Settings, at: datetime) -> AppContext:
    """The API of an agent whose clock reads ``at``."""
    return AppContext(
        settings=settings,
        engine=engine,
        started_at=datetime.now(UTC),
        version="t",
        api_token=Secret("test-token-123456"),
        services=actor_services(session_factory(engine), ManualClock(at), settings=settings),
    )


def test_the_daily_report_is_stored_at_the_close_and_the_weekly_after_the_weeks_last_session(
    tmp_path: Path,
) -> None:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    week = [MONDAY + timedelta(days=n) for n in range(5)]  # 2026-W49, Monday to Friday
    for n, day in enumerate(week):
        trade(engine, day, 10_000 * (n + 1), SURGE, OrderPurpose.EOD_EXIT)
    for day in week[:4]:
        close(engine, day)
    reports = ReportRepository(session_factory(engine))
    assert reports.get("daily", week[3].isoformat()) is not None
    assert reports.get("weekly", "2026-W49") is None, "Thursday is not the week's last session"
    close(engine, week[4])
    assert reports.get("weekly", "2026-W49") is not None

    sunday = datetime(2026, 12, 6, 12, 0, tzinfo=KST)
    with serve(create_app(api(engine, settings, sunday))) as base_url:
        get = functools.partial(httpx.get, headers=AUTH)
        friday = get(f"{base_url}/api/v1/reports/daily").json()
        weekly = get(f"{base_url}/api/v1/reports/weekly").json()
        named = get(f"{base_url}/api/v1/reports/weekly", params={"week": "2026-W49"}).json()
        ahead = get(f"{base_url}/api/v1/reports/weekly", params={"week": "2026-W50"})
        garbled = get(f"{base_url}/api/v1/reports/weekly", params={"week": "2026-49"})

    assert (friday["date"], friday["final"], friday["trades"]) == ("2026-12-04", True, 1)
    assert [t["realized_pnl"] for t in friday["closed"]] == [50_000]
    assert weekly == named
    assert (weekly["week"], weekly["final"], weekly["trades"]) == ("2026-W49", True, 5)
    assert [d["realized_pnl"] for d in weekly["days"]] == [10_000, 20_000, 30_000, 40_000, 50_000]
    assert weekly["best_pattern"] == weekly["patterns"][0]["name"]
    assert ahead.status_code == 404
    assert garbled.status_code == 400

    # The next Monday, before its close: the figures move with each closed trade.
    monday = week[0] + timedelta(days=7)
    trade(engine, monday, -7_000, PLAIN, OrderPurpose.STOP_LOSS)
    morning = datetime(2026, 12, 7, 10, 0, tzinfo=KST)
    with serve(create_app(api(engine, settings, morning))) as base_url:
        today = httpx.get(f"{base_url}/api/v1/reports/daily", headers=AUTH).json()
        this_week = httpx.get(f"{base_url}/api/v1/reports/weekly", headers=AUTH).json()

    assert (today["date"], today["final"], today["realized_pnl"]) == ("2026-12-07", False, -7_000)
    assert (this_week["week"], this_week["final"], this_week["trades"]) == ("2026-W50", False, 1)
