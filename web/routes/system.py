"""``/system``: what the agent is doing, and what happened to it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Literal

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import QueryParameter
from sqlalchemy import select

from actors import ids
from actors.account.messages import AccountSnapshot
from actors.gateway.messages import GatewaySnapshot
from actors.risk.messages import GovernorSnapshot
from actors.scheduler.actor import MarketStatus
from agent.broker.link import LinkState
from agent.settings import SettingsError
from agent.store.engine import session_factory
from agent.store.models import SystemEvent
from web.context import AppContext, SystemControl
from web.freshness import feed_state, is_stale, reconciled_age_s
from web.routes.common import AgentNotRunning, now_of, snapshot_data, speed_of_agent
from web.schemas import Accepted, BrokerState, SystemEventRow, SystemStatus


def _system(ctx: AppContext) -> SystemControl:
    if ctx.system is None:
        raise AgentNotRunning(detail="this process serves the API without an agent to start")
    return ctx.system


def _broker_state(ctx: AppContext, session_open: bool) -> BrokerState:
    if ctx.services is None:
        return BrokerState(
            state="down", last_ok_at=None, last_ok_age_s=None, failures=0, last_error=None
        )
    link = ctx.services.broker.link.status()
    age = (
        round(max((datetime.now(UTC) - link.last_ok_at).total_seconds(), 0.0), 3)
        if link.last_ok_at is not None
        else None
    )
    state: Literal["up", "lost", "unknown", "down"] = (
        link.state.value if session_open or link.state is LinkState.LOST else "down"
    )
    return BrokerState(
        state=state,
        last_ok_at=link.last_ok_at,
        last_ok_age_s=age,
        failures=link.failures,
        last_error=link.last_error,
    )


class SystemController(Controller):
    path = "/system"
    tags = ("system",)

    @get("/status", operation_id="getSystemStatus", summary="Mode, market phase, broker and risk")
    async def status(self, ctx: NamedDependency[AppContext]) -> SystemStatus:
        board = ctx.board
        market = snapshot_data(board, ids.SCHEDULER, MarketStatus) if board else None
        gateway = snapshot_data(board, ids.GATEWAY, GatewaySnapshot) if board else None
        risk = snapshot_data(board, ids.RISK, GovernorSnapshot) if board else None
        account = snapshot_data(board, ids.ACCOUNT, AccountSnapshot) if board else None
        running = ctx.system.running() if ctx.system is not None else board is not None
        session_open = bool(running and gateway and gateway.session_open)
        broker = _broker_state(ctx, session_open)
        age = reconciled_age_s(account, now_of(ctx), speed_of_agent(ctx))
        return SystemStatus(
            mode=ctx.settings.mode.value,
            agent_running=running,
            phase=market.phase if market else None,
            market_time=market.at if market else None,
            trading_date=market.trading_date if market else None,
            broker_connected=broker.state == "up",
            broker=broker,
            realtime_connected=bool(session_open and gateway and gateway.realtime_connected),
            feed=feed_state(gateway if session_open else None, ctx.settings.kiwoom.realtime),
            feed_configured="realtime" if ctx.settings.kiwoom.realtime else "polling",
            account_reconciled_at=account.reconciled_at if account else None,
            account_age_s=age,
            account_stale=is_stale(age, ctx.settings.watchdog.ready_reconcile_max_age_s),
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
        summary="Stop the trading agent gracefully: entries cancelled, positions kept",
    )
    async def stop(self, ctx: NamedDependency[AppContext]) -> Accepted:
        system = _system(ctx)
        # Graceful, as a signal's stop: no new entry and the working entries cancelled first;
        # positions are kept whatever [shutdown] says (selling is emergency-sell's, confirmed),
        # and the token is kept for the start that may follow.
        left = await asyncio.to_thread(system.shutdown, flatten=False, revoke=False)
        working = f"; still working at the broker: {', '.join(left)}" if left else ""
        return Accepted(
            accepted=True,
            detail="the agent is stopped; its working entry orders were cancelled, open "
            f"positions are not sold (use emergency-sell){working}",
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
