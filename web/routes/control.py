"""Commands to the running agent: the emergency brake, the kill switch, entries on and off."""

from __future__ import annotations

from datetime import datetime

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import JSONBody

from actors import ids
from actors.risk.brakes import brake_event
from actors.risk.messages import (
    EngageKillSwitch,
    LiquidateAll,
    ReleaseKillSwitch,
    SetEntriesPaused,
    SetFrozen,
)
from actors.runtime.services import Services
from agent.clock import KST
from agent.market.sessions import Phase, phase_at, session_for
from agent.store.engine import session_factory
from agent.store.repositories import SystemEventRepository
from web.context import AppContext
from web.routes.common import AgentNotRunning, now_of, services_of
from web.schemas import Accepted, EmergencySell, EntriesToggle, Freeze, KillSwitch


class RiskController(Controller):
    path = "/risk"
    tags = ("risk",)

    @post(
        "/emergency-sell",
        operation_id="emergencySell",
        status_code=202,
        summary="Sell every position at market and engage the kill switch (confirm LIQUIDATE)",
    )
    async def emergency_sell(
        self, ctx: NamedDependency[AppContext], data: JSONBody[EmergencySell]
    ) -> Accepted:
        message = LiquidateAll(reason=data.reason, by="api", scope=data.scope)
        closed = market_closed_detail(services_of(ctx))
        if closed is not None:
            raise ClientException(status_code=409, detail=closed)
        _tell(ctx, message)
        whose = (
            "the agent's positions and the user's own holdings"
            if data.scope == "all"
            else "the agent's positions (the user's holdings are left alone)"
        )
        return Accepted(
            accepted=True, detail=f"liquidation of {whose} requested; kill switch engaged"
        )

    @post(
        "/freeze",
        operation_id="setFreeze",
        status_code=202,
        summary="Freeze every automatic order (entries, stops, end-of-day exits) or resume",
    )
    async def freeze(self, ctx: NamedDependency[AppContext], data: JSONBody[Freeze]) -> Accepted:
        stopped = _tell(ctx, SetFrozen(frozen=data.frozen, by="api"))
        return Accepted(
            accepted=True,
            detail=stopped
            or (
                "frozen: the agent sends no automatic order, stops included"
                if data.frozen
                else "automatic orders resumed"
            ),
        )

    @post(
        "/kill-switch",
        operation_id="setKillSwitch",
        status_code=202,
        summary="Engage (halt entries, cancel pending ones) or release the kill switch",
    )
    async def kill_switch(
        self, ctx: NamedDependency[AppContext], data: JSONBody[KillSwitch]
    ) -> Accepted:
        message = (
            EngageKillSwitch(reason=data.reason, by="api")
            if data.engaged
            else ReleaseKillSwitch(by="api")
        )
        stopped = _tell(ctx, message)
        return Accepted(
            accepted=True,
            detail=stopped or ("kill switch engaged" if data.engaged else "kill switch released"),
        )


class StrategyController(Controller):
    path = "/strategy"
    tags = ("strategy",)

    @post(
        "/toggle",
        operation_id="toggleStrategy",
        status_code=202,
        summary="Turn new entries on or off (exits and stop-losses keep running)",
    )
    async def toggle(
        self, ctx: NamedDependency[AppContext], data: JSONBody[EntriesToggle]
    ) -> Accepted:
        stopped = _tell(ctx, SetEntriesPaused(paused=not data.enabled, by="api"))
        return Accepted(
            accepted=True,
            detail=stopped or ("entries enabled" if data.enabled else "entries paused"),
        )


def _tell(ctx: AppContext, message: object) -> str | None:
    """Tell the governor ``message``; while the agent is stopped (POST /system/stop), record a
    brake where the next start restores it from, and return the detail that says so."""
    if ctx.system is not None and not ctx.system.running():
        if isinstance(message, LiquidateAll):
            raise ClientException(
                status_code=409,
                detail="the agent is stopped: nothing was sold (POST /system/start starts it; "
                "it reconciles with the broker before it can sell)",
            )
        record_stopped_brake(ctx, message)
        return (
            "the agent is stopped: recorded, and in force from its next start (POST /system/start)"
        )
    if not services_of(ctx).tell(ids.RISK, message):
        raise AgentNotRunning(detail="the risk governor is restarting; try again in a moment")
    return None


def record_stopped_brake(ctx: AppContext, message: object) -> None:
    """Record an operator's brake as the governor would (:func:`actors.risk.brakes.brake_event`):
    its next start rebuilds the kill switch, the freeze and the pause from these events."""
    kind, reason, severity, detail = brake_event(message)
    SystemEventRepository(session_factory(ctx.engine)).record(
        kind,
        now_of(ctx),
        severity=severity,
        actor_id=ids.RISK,
        reason=reason or None,
        detail={"by": "api", "while": "stopped", **detail},
    )


_ORDER_PHASES = (Phase.OPENING_AUCTION, Phase.CONTINUOUS, Phase.CLOSING_AUCTION)


def market_closed_detail(services: Services) -> str | None:
    """Say why no sale can be sent now, and when one can, or None when the market takes it.

    The agent trades the regular book only: after 15:30 (the closing-price and single-price
    after-hours sessions included) an emergency sale cannot be carried out until the next
    session's opening auction, so it is refused rather than left to fail one order at a time.
    """
    now = services.clock.now().astimezone(KST)
    phase = phase_at(now, services.calendar)
    if phase in _ORDER_PHASES:
        return None
    calendar = services.calendar
    today = session_for(now.date(), calendar)
    opens: datetime | None
    if today is not None and now < today.opening_auction.start:
        opens = today.opening_auction.start
    else:
        following = session_for(calendar.next_trading_day(now.date()), calendar)
        opens = following.opening_auction.start if following is not None else None
    when = f" it opens for orders at {opens:%Y-%m-%d %H:%M} KST" if opens else ""
    return (
        f"the market is closed ({phase.value}): nothing was sold and no order is queued;{when}. "
        "The agent does not trade the after-hours sessions. Engage the kill switch or the "
        "freeze to keep it from trading, and liquidate once the market opens."
    )
