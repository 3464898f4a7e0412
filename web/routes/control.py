"""Commands to the running agent: the emergency brake, the kill switch, entries on and off."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from actors import ids
from actors.risk.messages import (
    EngageKillSwitch,
    LiquidateAll,
    ReleaseKillSwitch,
    SetEntriesPaused,
)
from web.context import AppContext
from web.routes.common import AgentNotRunning, services_of
from web.schemas import Accepted, EmergencySell, EntriesToggle, KillSwitch


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
        _tell(ctx, LiquidateAll(reason=data.reason, by="api"))
        return Accepted(
            accepted=True, detail="liquidation of every position requested; kill switch engaged"
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
        _tell(ctx, message)
        return Accepted(
            accepted=True, detail="kill switch engaged" if data.engaged else "kill switch released"
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
        _tell(ctx, SetEntriesPaused(paused=not data.enabled, by="api"))
        return Accepted(
            accepted=True, detail="entries enabled" if data.enabled else "entries paused"
        )


def _tell(ctx: AppContext, message: object) -> None:
    if not services_of(ctx).tell(ids.RISK, message):
        raise AgentNotRunning(detail="the risk governor is restarting; try again in a moment")
