"""``/backtests``: run a backtest from the dashboard and read the stored runs and reports.
from agent.formats import SEED_RANGE

A run trades seeded synthetic days (``seeds``, with ``date``) or fetched days (``from`` and
``to``) with the strategy and risk parameters in force, as ``stockagent backtest --seeds`` or
``--from --to`` does, stores it in ``backtest_runs`` and answers with it. It runs while the
request waits (about a second or two a day, and a second to start), in a process of its own
so that the agent's actors in this process keep the interpreter (:mod:`agent.backtest.isolated`);
a request is limited to 20 days.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import JSONBody, QueryParameter
from msgspec import Meta, Struct
from sqlalchemy import select

from agent.formats import SEED_RANGE
from agent.store.engine import session_factory
from agent.store.models import BacktestRun
from web.context import AppContext
from web.routes.common import RowId, calendar_of, settings_in_force

MAX_DAYS = 20
Day = date
"""``date`` under another name: the request has a field called ``date``."""


class BacktestRequest(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    seeds: Annotated[str, Meta(pattern=SEED_RANGE)] | None = None
    """``A-B`` (or one seed): the synthetic day of every seed."""
    date: Day | None = None
    """The seeded days' date (default: the newest regular trading day)."""
    first: Day | None = msgspec.field(default=None, name="from")
    last: Day | None = msgspec.field(default=None, name="to")
    without_news: bool = False
    """Trade without the news filter (fetched days carry no news scores)."""


class BacktestRunRow(Struct, frozen=True, kw_only=True):
    id: int
    started_at: datetime
    source: str
    span: str
    days: int
    trades: int
    realized_pnl: int
    max_drawdown: int


class BacktestRunDetail(Struct, frozen=True, kw_only=True):
    run: BacktestRunRow
    parameters: dict[str, Any]
    result: dict[str, Any]
    """The span's result as stored: days, summary, equity curve, patterns, fill model."""


def _row(run: BacktestRun) -> BacktestRunRow:
    return BacktestRunRow(
        id=run.id,
        started_at=run.started_at,
        source=run.source,
        span=run.span,
        days=run.days,
        trades=run.trades,
        realized_pnl=run.realized_pnl,
        max_drawdown=run.max_drawdown,
    )


class BacktestsController(Controller):
    path = "/backtests"
    tags = ("backtests",)

    @get("/", operation_id="listBacktests", summary="Stored backtest runs", sync_to_thread=True)
    def runs(
        self,
        ctx: NamedDependency[AppContext],
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    ) -> list[BacktestRunRow]:
        with session_factory(ctx.engine)() as session:
            rows = session.scalars(select(BacktestRun).order_by(BacktestRun.id.desc()).limit(limit))
            return [_row(r) for r in rows]

    @get(
        "/{run_id:str}",
        operation_id="getBacktest",
        summary="One stored backtest run",
        sync_to_thread=True,
    )
    def run(self, ctx: NamedDependency[AppContext], run_id: RowId) -> BacktestRunDetail:
        with session_factory(ctx.engine)() as session:
            found = session.get(BacktestRun, run_id)
            if found is None:
                raise NotFoundException(detail=f"no backtest run {run_id}")
            return BacktestRunDetail(
                run=_row(found), parameters=dict(found.parameters), result=dict(found.result)
            )

    @get(
        "/{run_id:str}/report",
        operation_id="getBacktestReport",
        summary="One stored backtest run's HTML report (equity, drawdown, patterns)",
        sync_to_thread=True,
        media_type="text/html",
    )
    def report(self, ctx: NamedDependency[AppContext], run_id: RowId) -> Response[str]:
        from agent.backtest.report import render_html
        from agent.backtest.span import SpanResult

        with session_factory(ctx.engine)() as session:
            found = session.get(BacktestRun, run_id)
            if found is None:
                raise NotFoundException(detail=f"no backtest run {run_id}")
            result = msgspec.convert(found.result, SpanResult)
        return Response(render_html(result), media_type="text/html")

    @post(
        "/",
        operation_id="runBacktest",
        summary="Backtest seeded or fetched days with the parameters in force",
        sync_to_thread=True,
    )
    def start(
        self, ctx: NamedDependency[AppContext], data: JSONBody[BacktestRequest]
    ) -> BacktestRunRow:
        from agent.backtest import BacktestConfig
        from agent.backtest.isolated import run_isolated
        from agent.market.calendar import latest_regular_day
        from agent.store.repositories.backtests import BacktestRunRepository

        settings = settings_in_force(ctx)
        fetched = data.first is not None or data.last is not None
        if fetched == (data.seeds is not None):
            raise ValidationException(detail="give seeds (A-B), or from and to (fetched days)")
        strategy = settings.strategy
        if data.without_news:
            strategy = msgspec.structs.replace(strategy, require_news=False)
        elif fetched and strategy.require_news:
            raise ValidationException(
                detail="fetched days carry no news scores and strategy.require_news is on: "
                "set without_news"
            )
        calendar = calendar_of(ctx)
        sessions = session_factory(ctx.engine)
        config = BacktestConfig(
            seed=settings.simulator.seed,
            trading_date=data.date or latest_regular_day(calendar),
            strategy=strategy,
            risk=settings.risk,
            execution=settings.execution,
        )
        try:
            if fetched:
                if data.first is None or data.last is None or data.first > data.last:
                    raise ValueError("from and to go together, from not after to")
                if len(calendar.trading_days(data.first, data.last)) > MAX_DAYS:
                    raise ValueError(f"at most {MAX_DAYS} trading days a request")
                database = ctx.engine.url.render_as_string(hide_password=False)
                result = run_isolated(
                    config, first=data.first, last=data.last, database_url=database
                )
                if not result.days:
                    raise ValueError(
                        f"no fetched day from {data.first} to {data.last}: "
                        "stockagent data fetch first"
                    )
            else:
                assert data.seeds is not None
                low, _, high = data.seeds.partition("-")
                seeds = range(int(low), int(high or low) + 1)
                if not seeds or len(seeds) > MAX_DAYS:
                    raise ValueError(f"seeds: A-B with A <= B, at most {MAX_DAYS} of them")
                result = run_isolated(config, seeds=list(seeds))
        except ValueError as exc:
            raise ValidationException(detail=str(exc)) from None
        parameters = {
            "strategy": msgspec.to_builtins(config.strategy),
            "risk": msgspec.to_builtins(config.risk),
            "execution": msgspec.to_builtins(config.execution),
        }
        run_id = BacktestRunRepository(sessions).save(result, parameters)
        with sessions() as session:
            stored = session.get(BacktestRun, run_id)
            assert stored is not None
            return _row(stored)
