"""Admin: the actor tree, restarting an actor, watching a code by hand."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromPath, JSONBody, PathParameter

from actors import ids
from actors.scanner.messages import Unwatch, Watch
from actors.supervision import snapshot_tree
from agent.formats import STOCK_CODE
from web.context import AppContext
from web.routes.common import AgentNotRunning, services_of
from web.schemas import Accepted, ActorRow, WatchRequest

# Restarting these would take the API's own source of truth down with them.
NOT_RESTARTABLE = frozenset({ids.ROOT})


class ActorsController(Controller):
    path = "/system/actors"
    tags = ("system",)

    @get(
        operation_id="listActors",
        summary="The supervision tree: state, restart counts and heartbeat ages",
    )
    async def actors(self, ctx: NamedDependency[AppContext]) -> list[ActorRow]:
        services = services_of(ctx)
        trees = await asyncio.to_thread(snapshot_tree, services.registry, ids.ROOT)
        watchdog = services.watchdog
        ages = {b.id: b.age for b in watchdog.report().beats} if watchdog is not None else {}
        return [
            ActorRow(
                id=child.id,
                supervisor=tree.id,
                state=child.state.value,
                restart_count=child.restart_count,
                last_failure=child.last_failure,
                last_failure_at=child.last_failure_at,
                heartbeat_age_s=round(ages[child.id], 3) if child.id in ages else None,
            )
            for tree in trees
            for child in tree.children
        ]

    @post(
        "/{actor_id:str}/restart",
        operation_id="restartActor",
        status_code=202,
        summary="Stop an actor so its supervisor starts a fresh one (rebuilt from the broker)",
    )
    async def restart(self, ctx: NamedDependency[AppContext], actor_id: FromPath[str]) -> Accepted:
        services = services_of(ctx)
        if actor_id in NOT_RESTARTABLE:
            raise ValidationException(detail=f"{actor_id} cannot be restarted from the API")
        ref = services.registry.get(actor_id)
        if ref is None:
            raise NotFoundException(detail=f"no running actor {actor_id}")
        # A permanent child stopped normally is restarted by its supervisor (OTP semantics).
        await asyncio.to_thread(lambda: ref.stop(block=True, timeout=10.0))
        return Accepted(accepted=True, detail=f"{actor_id} stopped; its supervisor restarts it")


class WatchController(Controller):
    path = "/scanner/watch"
    tags = ("scanner",)

    @post(operation_id="watchCode", status_code=202, summary="Watch a code whatever the ranking")
    async def watch(
        self, ctx: NamedDependency[AppContext], data: JSONBody[WatchRequest]
    ) -> Accepted:
        _tell_scanner(ctx, Watch(code=data.code))
        return Accepted(accepted=True, detail=f"watching {data.code}")

    @delete("/{code:str}", operation_id="unwatchCode", status_code=202, summary="Stop watching")
    async def unwatch(
        self,
        ctx: NamedDependency[AppContext],
        code: Annotated[str, PathParameter(pattern=STOCK_CODE, description="KRX stock code")],
    ) -> Accepted:
        _tell_scanner(ctx, Unwatch(code=code))
        return Accepted(accepted=True, detail=f"no longer watching {code} (unless held)")


def _tell_scanner(ctx: AppContext, message: object) -> None:
    if not services_of(ctx).tell(ids.SCANNER, message):
        raise AgentNotRunning(detail="the scanner is restarting; try again in a moment")
