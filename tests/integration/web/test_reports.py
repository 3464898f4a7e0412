"""Reports: today's figures move with each closed trade, before the close computes the day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sqlalchemy import Engine

from agent.domain import OrderPurpose, Side
from agent.secret import Secret
from agent.settings import load_settings
from agent.store.engine import create_db_engine, session_factory
from agent.store.migrate import upgrade
from agent.store.models import TradeLog
from agent.store.repositories.metrics import MetricsRepository
from tests.support.servers import serve
from web.app import create_app
from web.context import AppContext

DAY = date(2026, 11, 24)
T0 = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)
AUTH = {"Authorization": "Bearer test-token-123456"}


def trade(engine: Engine, code: str, pnl: int, minute: int, closed: bool = True) -> None:
    with session_factory(engine)() as session:
        session.add(
            TradeLog(
                trade_date=DAY,
                code=code,
                side=Side.BUY,
                strategy_tag="opening_leader",
                quantity=1,
                entry_time=T0,
                entry_price=100,
                exit_time=T0.replace(minute=minute) if closed else None,
                exit_price=110 if closed else None,
                exit_reason=OrderPurpose.STOP_LOSS if closed else None,
                realized_pnl=pnl if closed else None,
                return_bps=pnl // 10 if closed else None,
                reason_codes=["OR_BREAKOUT"],
            )
        )
        session.commit()


def test_the_days_report_counts_closed_trades_as_they_close(tmp_path: Path) -> None:
    settings = load_settings(environ={"STOCKAGENT_DATA_DIR": str(tmp_path)})
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    MetricsRepository(session_factory(engine)).start_day(DAY, 10_000_000, T0)  # the open
    context = AppContext(
        settings=settings,
        engine=engine,
        started_at=datetime.now(UTC),
        version="t",
        api_token=Secret("test-token-123456"),
    )
    with serve(create_app(context)) as base_url:
        url = f"{base_url}/api/v1/reports/daily"
        before = httpx.get(url, headers=AUTH, params={"date": DAY.isoformat()}).json()
        trade(engine, "005930", 9_000, 40)
        trade(engine, "000660", -12_000, 45)
        trade(engine, "035420", 0, 50, closed=False)  # still open: not a result yet
        during = httpx.get(url, headers=AUTH, params={"date": DAY.isoformat()}).json()
        listed = httpx.get(f"{base_url}/api/v1/reports/metrics", headers=AUTH).json()
        other = httpx.get(url, headers=AUTH, params={"date": "2026-11-23"})

    assert (before["trades"], before["realized_pnl"]) == (0, 0)
    assert (during["trades"], during["wins"], during["win_rate_bps"]) == (2, 1, 5_000)
    assert (during["realized_pnl"], during["max_drawdown"]) == (-3_000, -12_000)
    assert during["starting_equity"] == 10_000_000
    assert [(r["date"], r["trades"]) for r in listed] == [(DAY.isoformat(), 2)]
    assert other.status_code == 404
