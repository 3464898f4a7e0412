"""Small helpers the controllers share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, TypeVar

from litestar.exceptions import HTTPException
from litestar.params import PathParameter

from actors.board import SnapshotBoard
from actors.runtime.services import Services
from agent.clock import speed_of
from agent.market.calendar import KrxCalendar, default_calendar
from agent.settings import Settings
from web.context import AppContext

T = TypeVar("T")

# Database ids are 32-bit: a larger number is a 400, not an overflow inside the database.
RowId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]


class AgentNotRunning(HTTPException):
    status_code = 503


def services_of(ctx: AppContext) -> Services:
    if ctx.services is None:
        raise AgentNotRunning(detail="the trading agent is not running in this process")
    return ctx.services


def board_of(ctx: AppContext) -> SnapshotBoard:
    if ctx.board is None:
        raise AgentNotRunning(detail="the trading agent is not running in this process")
    return ctx.board


def snapshot_data(board: SnapshotBoard, source: str, kind: type[T]) -> T | None:
    snapshot = board.snapshot(source)
    if snapshot is None or not isinstance(snapshot.data, kind):
        return None
    return snapshot.data


def now_of(ctx: AppContext) -> datetime:
    """The agent's clock when it runs here (market time in a demo), else the wall clock."""
    return ctx.services.clock.now() if ctx.services is not None else datetime.now(UTC)


def speed_of_agent(ctx: AppContext) -> float:
    """How many market seconds pass per real one on the agent's clock (1 without an agent)."""
    return speed_of(ctx.services.clock) if ctx.services is not None else 1.0


def calendar_of(ctx: AppContext) -> KrxCalendar:
    return ctx.services.calendar if ctx.services is not None else default_calendar()


def settings_in_force(ctx: AppContext) -> Settings:
    """The settings with the operator's live changes, when the agent runs; else the file's."""
    live = ctx.services.live if ctx.services is not None else None
    return live.settings() if live is not None else ctx.settings
