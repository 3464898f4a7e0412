"""``/system``: what the agent is doing, and what happened to it."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import QueryParameter
from sqlalchemy import select

from actors import ids
from actors.gateway.actor import GatewaySnapshot
from actors.risk.messages import GovernorSnapshot
from actors.scheduler.actor import MarketStatus
from agent.settings import SettingsError
from agent.store.engine import session_factory
from agent.store.models import SystemEvent
from web.context import AppContext, SystemControl
from web.routes.common import AgentNotRunning, snapshot_data
from web.schemas import Accepted, SystemEventRow, SystemStatus


def _system(ctx: AppContext) -> SystemControl:
    if ctx.system is None:
        raise AgentNotRunning(detail="this process serves the API without an agent to start")
    return ctx.system


class SystemController(Controller):
    path = "/system"
    tags = ("system",)

    @get("/status", operation_id="getSystemStatus", summary="Mode, market phase, broker and risk")
    async def status(self, ctx: NamedDependency[AppContext]) -> SystemStatus:
        board = ctx.board
        market = snapshot_data(board, ids.SCHEDULER, MarketStatus) if board else None
        gateway = snapshot_data(board, ids.GATEWAY, GatewaySnapshot) if board else None
        risk = snapshot_data(board, ids.RISK, GovernorSnapshot) if board else None
        return SystemStatus(
            mode=ctx.settings.mode.value,
            agent_running=ctx.system.running() if ctx.system is not None else board is not None,
            phase=market.phase if market else None,
            market_time=market.at if market else None,
            trading_date=market.trading_date if market else None,
            broker_connected=bool(gateway and gateway.session_open),
            realtime_connected=bool(gateway and gateway.realtime_connected),
            risk_state=risk.state if risk else None,
            kill_switch=bool(risk and risk.kill_switch),
            frozen=bool(risk and risk.frozen),
            entries_paused=bool(risk and risk.entries_paused),
            daily_loss_hit=bool(risk and risk.daily_loss_hit),
        )

    @post(
        "/start",
        operation_id="startSystem",
        status_code=202,
        summary="Start the trading agent (it reconciles with the broker first)",
    )
    async def start(self, ctx: NamedDependency[AppContext]) -> Accepted:
        system = _system(ctx)
        try:
            await asyncio.to_thread(system.start)
        except SettingsError as exc:  # e.g. a capital the account cannot fund
            raise ClientException(status_code=409, detail=str(exc)) from None
        return Accepted(accepted=True, detail="the agent is running")

    @post(
        "/stop",
        operation_id="stopSystem",
        status_code=202,
        summary="Stop the trading agent; positions and resting orders stay at the broker",
    )
    async def stop(self, ctx: NamedDependency[AppContext]) -> Accepted:
        system = _system(ctx)
        await asyncio.to_thread(system.stop)
        return Accepted(
            accepted=True,
            detail="the agent is stopped; open positions are not sold (use emergency-sell)",
        )

    @get(
        "/events",
        operation_id="listSystemEvents",
        summary="Restarts, kill switch, mode changes",
        sync_to_thread=True,
    )
    def events(
        self,
        ctx: NamedDependency[AppContext],
        limit: Annotated[int, QueryParameter(ge=1, le=1_000)] = 100,
    ) -> list[SystemEventRow]:
        with session_factory(ctx.engine)() as session:
            rows = session.scalars(select(SystemEvent).order_by(SystemEvent.id.desc()).limit(limit))
            return [
                SystemEventRow(
                    id=r.id,
                    at=r.at,
                    kind=r.kind.value,
                    severity=r.severity.value,
                    actor_id=r.actor_id,
                    reason=r.reason,
                    restart_count=r.restart_count,
                )
                for r in rows
            ]
