"""A backtest run away from the live agent: in a process of its own.

The API serves the dashboard from the agent's own process. A backtest is seconds of pure
Python; run on one of the API's threads it would hold the interpreter's lock the actors need
to handle prints and stops. :func:`run_isolated` runs it in a fresh process (spawned, so it
shares nothing with the actors' threads) and hands the result back.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context

from agent.backtest.day import BacktestConfig
from agent.backtest.span import SpanResult

__all__ = ["run_isolated"]


def run_isolated(
    config: BacktestConfig,
    *,
    seeds: list[int] | None = None,
    first: date | None = None,
    last: date | None = None,
    database_url: str | None = None,
) -> SpanResult:
    """Trade ``seeds`` (synthetic days) or the fetched days ``first``..``last`` (read from
    ``database_url``) in a process of its own; ValueError as the span raises it."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_span, config, seeds, first, last, database_url).result()


def _span(
    config: BacktestConfig,
    seeds: list[int] | None,
    first: date | None,
    last: date | None,
    database_url: str | None,
) -> SpanResult:
    from agent.backtest.span import run_days, run_seeds
    from agent.market.calendar import default_calendar

    calendar = default_calendar()
    if seeds is not None:
        return run_seeds(config, seeds, calendar)
    if first is None or last is None or database_url is None:
        raise ValueError("fetched days need from, to and the database")
    from agent.store.engine import create_db_engine, session_factory
    from agent.store.repositories.history import HistoryRepository

    engine = create_db_engine(database_url)
    try:
        return run_days(config, HistoryRepository(session_factory(engine)), first, last, calendar)
    finally:
        engine.dispose()
