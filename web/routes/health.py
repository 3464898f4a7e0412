"""``/api/v1/health``: the endpoints that need no token, for people and for service managers.

* ``GET /health``: version, mode and the database (unchanged for existing clients).
* ``GET /health/live``: liveness. The process answers, the watchdog runs and sees no stuck
  actor or loop. 503 means restart the process (launchd or systemd, a container probe).
* ``GET /health/ready``: readiness. The actor tree runs, the account has reconciled with the
  broker and its last reconciliation is fresh, and market data comes as configured (the
  realtime feed connected, or the broker session open for polling with
  ``kiwoom.realtime = false``). 503 names the failing checks.

They reveal names, states and ages only: no amounts, no positions, no watched codes (a stock
actor is named by its kind, since the agent watches what it holds).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from sqlalchemy.exc import SQLAlchemyError

from actors import ids
from actors.account.messages import AccountSnapshot
from actors.gateway.messages import GatewaySnapshot
from actors.supervision import Heartbeat, WatchdogReport
from actors.supervision.probing import LOOP_PREFIX
from agent.clock import speed_of
from agent.store.migrate import is_up_to_date
from web.context import AppContext
from web.freshness import feed_state, is_stale, reconciled_age_s
from web.routes.common import snapshot_data
from web.schemas import Health, HealthCheck, Liveness, Readiness

API_LOOP = "api"
"""The name the app watches its event loop under (``loop/api`` in the watchdog's listing)."""
API_LOOP_ID = LOOP_PREFIX + API_LOOP


class HealthController(Controller):
    path = "/health"
    tags = ("system",)

    @get(operation_id="getHealth", summary="Liveness and database readiness", sync_to_thread=True)
    def health(self, ctx: NamedDependency[AppContext]) -> Health:
        database: Literal["ok", "unreachable", "not_migrated"]
        try:
            database = "ok" if is_up_to_date(ctx.engine) else "not_migrated"
        except SQLAlchemyError:
            database = "unreachable"
        return Health(
            status="ok" if database == "ok" else "degraded",
            version=ctx.version,
            mode=ctx.settings.mode.value,
            database=database,
            started_at=ctx.started_at,
            now=datetime.now(UTC),
        )

    @get(
        "/live",
        operation_id="getLiveness",
        summary="Liveness: the process makes progress (503: restart it)",
        responses={503: ResponseSpec(data_container=Liveness, description="Not live")},
    )
    async def live(self, ctx: NamedDependency[AppContext]) -> Response[Liveness]:
        watchdog = ctx.services.watchdog if ctx.services is not None else None
        checks = liveness_checks(watchdog.report() if watchdog is not None else None)
        failing = [c.name for c in checks if not c.ok]
        body = Liveness(live=not failing, failing=failing, checks=checks, now=datetime.now(UTC))
        return Response(body, status_code=503 if failing else 200)

    @get(
        "/ready",
        operation_id="getReadiness",
        summary="Readiness: tree running, broker reconciled, market data live (503: which not)",
        responses={503: ResponseSpec(data_container=Readiness, description="Not ready")},
    )
    async def ready(self, ctx: NamedDependency[AppContext]) -> Response[Readiness]:
        services, board = ctx.services, ctx.board
        if services is None or board is None:
            tree = "absent"
            account, gateway, now, speed = None, None, datetime.now(UTC), 1.0
        else:
            running = (
                ctx.system.running()
                if ctx.system is not None
                else services.registry.get(ids.ROOT) is not None
            )
            tree = "running" if running else "stopped"
            account = snapshot_data(board, ids.ACCOUNT, AccountSnapshot)
            gateway = snapshot_data(board, ids.GATEWAY, GatewaySnapshot)
            now, speed = services.clock.now(), speed_of(services.clock)
        checks = readiness_checks(
            tree=tree,
            account=account,
            gateway=gateway,
            realtime=ctx.settings.kiwoom.realtime,
            now=now,
            speed=speed,
            max_age=ctx.settings.watchdog.ready_reconcile_max_age_s,
        )
        failing = [c.name for c in checks if not c.ok]
        body = Readiness(ready=not failing, failing=failing, checks=checks, now=datetime.now(UTC))
        return Response(body, status_code=503 if failing else 200)


def liveness_checks(report: WatchdogReport | None) -> list[HealthCheck]:
    """Return the liveness checks from what the watchdog sees (``None``: no agent here)."""
    if report is None:
        return [
            HealthCheck(name="watchdog", ok=True, state="absent"),
            HealthCheck(name="api_loop", ok=True, state="unwatched"),
        ]
    if not report.enabled:
        watchdog = HealthCheck(name="watchdog", ok=True, state="disabled")
    else:
        state, ok = (
            ("escalated", False)
            if report.fatal is not None
            else ("stalled", False)
            if report.stalled
            else ("running", True)
            if report.running
            else ("stopped", True)  # the tree is stopped: there is nothing to watch
        )
        tick_age = report.last_tick_age
        watchdog = HealthCheck(
            name="watchdog",
            ok=ok,
            state=state,
            age_s=None if tick_age is None else round(tick_age, 3),  # None: no round yet
        )
    api = next((b for b in report.beats if b.id == API_LOOP_ID), None)
    api_loop = (
        HealthCheck(name="api_loop", ok=True, state="unwatched")
        if api is None
        else HealthCheck(
            name="api_loop",
            ok=not api.stuck,
            state="stuck" if api.stuck else "beating",
            age_s=round(api.age, 3),
        )
    )
    others = [b for b in report.beats if b.id != API_LOOP_ID]
    stuck = [b for b in others if b.stuck]
    actors = HealthCheck(
        name="actors",
        ok=not stuck,
        state=f"stuck: {_names(stuck)}" if stuck else "beating" if others else "none watched",
        age_s=round(max(b.age for b in others), 3) if others else None,
    )
    return [watchdog, api_loop, actors]


def readiness_checks(
    *,
    tree: str,
    account: AccountSnapshot | None,
    gateway: GatewaySnapshot | None,
    realtime: bool,
    now: datetime,
    speed: float,
    max_age: float,
) -> list[HealthCheck]:
    """Return the readiness checks.

    ``now`` is the agent's clock (market time in a demo) and ``speed`` its pace, so the age of
    the last reconciliation is in real seconds, as ``max_age`` is.
    """
    checks = [HealthCheck(name="tree", ok=tree == "running", state=tree)]
    age = reconciled_age_s(account, now, speed)
    if age is None:
        checks.append(HealthCheck(name="broker", ok=False, state="never"))
    else:
        fresh = not is_stale(age, max_age)
        checks.append(
            HealthCheck(
                name="broker",
                ok=fresh,
                state="reconciled" if fresh else "stale",
                age_s=age,
            )
        )
    state = feed_state(gateway, realtime)
    # As configured (realtime, or polling by choice) is ready; polled quotes standing in for a
    # realtime feed, a reconnecting one or no session are not.
    ok = state == "realtime" or (state == "polling" and not realtime)
    feed = HealthCheck(name="feed", ok=ok, state=state)
    checks.append(feed)
    return checks


def _names(beats: list[Heartbeat]) -> str:
    """Name stuck actors and loops; dynamic children (``stock/005930``) by their template id
    and a count, since the codes the agent watches include what it holds."""
    counts: dict[str, int] = {}
    for beat in beats:
        dynamic = "/" in beat.id and not beat.id.startswith(LOOP_PREFIX)
        kind = beat.id.split("/", 1)[0] if dynamic else beat.id
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{name} ({n})" if n > 1 else name for name, n in sorted(counts.items()))
