"""``/strategy/config`` and ``/risk/config``: read and change parameters while the agent runs.

A PUT carries the whole section (validated like the settings file: a wrong value is a 400
naming the field and the rule); every changed key is recorded with its old and new value and
who changed it (``X-Changed-By: cli`` from ``stockagent ctl``, ``tuner`` when a person
applies a tuning study's parameters, else ``ui``), and stored as an override that every later
start applies on top of the settings file (``stockagent config reset`` drops it). A new
``risk.capital_won`` above what the account can fund (the Account's snapshot) is a 409; while
the agent is not running it cannot be checked: it is accepted, the ``X-Capital-Check`` header
says so, and the next start's preflight checks it. A risk change that would sell the agent's
positions at once (the end-of-day exit moved before now, a loss limit that flattens lowered
under today's loss...: :mod:`agent.risk.change_exits`) is a 409 listing what it would sell;
repeated with ``?confirm=SELL`` it is made (:mod:`web.confirmation`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, put
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, ValidationException
from litestar.params import JSONBody, QueryParameter
from sqlalchemy import select

from actors import ids
from actors.account.messages import AccountSnapshot
from actors.runtime.change_sales import SalesCheck, sales_check
from actors.runtime.live_config import (
    CapitalUnfunded,
    ConfigRejected,
    LiveConfig,
    SaleUnconfirmed,
    funds_of,
)
from agent.portfolio.capital import Funds
from agent.settings import RiskSettings, StrategySettings
from agent.store.engine import session_factory
from agent.store.models import ChangedBy, ParameterChange
from web.confirmation import SALE_CONFIRMATION, ConfirmSale, sale_unconfirmed
from web.context import AppContext
from web.routes.common import AgentNotRunning, services_of, snapshot_data
from web.schemas import ParameterChangeRow


class StrategyConfigController(Controller):
    path = "/strategy"
    tags = ("strategy",)

    @get("/config", operation_id="getStrategyConfig", summary="Strategy parameters in force")
    async def get_config(self, ctx: NamedDependency[AppContext]) -> StrategySettings:
        live = _live(ctx)
        return live.strategy() if live is not None else ctx.settings.strategy

    @put("/config", operation_id="putStrategyConfig", summary="Change the strategy parameters")
    async def put_config(
        self,
        ctx: NamedDependency[AppContext],
        request: Request[Any, Any, Any],
        data: JSONBody[StrategySettings],
    ) -> StrategySettings:
        live = _require_live(ctx)
        _apply(lambda: live.update_strategy(data, _changed_by(request)))
        return live.strategy()

    @get(
        "/history",
        operation_id="getStrategyHistory",
        summary="Strategy parameter changes",
        sync_to_thread=True,
    )
    def history(
        self,
        ctx: NamedDependency[AppContext],
        limit: Annotated[int, QueryParameter(ge=1, le=1_000)] = 200,
    ) -> list[ParameterChangeRow]:
        return _history(ctx, "strategy", limit)


class RiskConfigController(Controller):
    path = "/risk"
    tags = ("risk",)

    @get("/config", operation_id="getRiskConfig", summary="Risk limits in force")
    async def get_config(self, ctx: NamedDependency[AppContext]) -> RiskSettings:
        live = _live(ctx)
        return live.risk() if live is not None else ctx.settings.risk

    @put(
        "/config",
        operation_id="putRiskConfig",
        summary="Change the risk limits (a change that would sell at once needs ?confirm=SELL)",
        responses={409: SALE_CONFIRMATION},
    )
    async def put_config(
        self,
        ctx: NamedDependency[AppContext],
        request: Request[Any, Any, Any],
        data: JSONBody[RiskSettings],
        confirm: Annotated[
            ConfirmSale | None,
            QueryParameter(
                description="SELL: make a change that sells the agent's positions at once"
            ),
        ] = None,
    ) -> Response[RiskSettings]:
        live = _require_live(ctx)
        funds = _account_funds(ctx)
        unchecked = funds is None and data.capital_won not in (None, live.risk().capital_won)
        sales = _sales_check(ctx)
        try:
            _apply(
                lambda: live.update_risk(
                    data,
                    _changed_by(request),
                    funds=funds,
                    sales=sales,
                    confirmed=confirm is not None,
                )
            )
        except SaleUnconfirmed as exc:
            raise sale_unconfirmed(exc.sales, _names(ctx)) from None
        headers = {CAPITAL_CHECK: UNCHECKED} if unchecked else {}
        return Response(live.risk(), headers=headers)

    @get(
        "/history",
        operation_id="getRiskHistory",
        summary="Risk limit changes",
        sync_to_thread=True,
    )
    def history(
        self,
        ctx: NamedDependency[AppContext],
        limit: Annotated[int, QueryParameter(ge=1, le=1_000)] = 200,
    ) -> list[ParameterChangeRow]:
        return _history(ctx, "risk", limit)


CAPITAL_CHECK = "X-Capital-Check"
UNCHECKED = (
    "not checked: the agent is not running, so the account's funds are unknown; "
    "the next start checks risk.capital_won against them"
)


def _account_funds(ctx: AppContext) -> Funds | None:
    """Return what the account can fund now, or None while the agent is not running."""
    if ctx.board is None or (ctx.system is not None and not ctx.system.running()):
        return None  # a stopped agent's last snapshot is no measure of the account now
    account = snapshot_data(ctx.board, ids.ACCOUNT, AccountSnapshot)
    return funds_of(account) if account is not None else None


def _sales_check(ctx: AppContext) -> SalesCheck | None:
    """Return what a change would sell now, read from the board (None: the account unknown).
    A stopped agent's last snapshot counts: its positions are still held, and its next start
    sells what the change calls for."""
    if ctx.board is None or ctx.services is None:
        return None
    return sales_check(ctx.board, ctx.services.clock.now(), ctx.services.calendar)


def _names(ctx: AppContext) -> dict[str, str]:
    account = snapshot_data(ctx.board, ids.ACCOUNT, AccountSnapshot) if ctx.board else None
    return {p.code: p.name for p in account.positions} if account is not None else {}


def _live(ctx: AppContext) -> LiveConfig | None:
    return ctx.services.live if ctx.services is not None else None


def _require_live(ctx: AppContext) -> LiveConfig:
    live = services_of(ctx).live
    if live is None:
        raise AgentNotRunning(detail="parameters can be changed only while the agent runs")
    return live


def _apply(change: Callable[[], object]) -> None:
    try:
        change()
    except CapitalUnfunded as exc:  # the value is well formed; the account cannot fund it
        raise ClientException(status_code=409, detail=str(exc)) from None
    except ConfigRejected as exc:
        # The body is one section: its fields are named bare (``max_change_pct``), as in the
        # schema's own validation errors; the detail keeps the qualified name.
        key = exc.field.split(".", 1)[-1]
        raise ValidationException(
            detail=f"invalid setting {exc.field}: {exc.message}",
            extra=[{"key": key, "message": exc.message}],
        ) from None
    except ValueError as exc:
        raise ValidationException(detail=str(exc)) from None


def _changed_by(request: Request[Any, Any, Any]) -> ChangedBy:
    """``X-Changed-By``: ``cli`` (stockagent ctl), ``tuner`` (a person applying a study's
    parameters from the tuning page), else ``ui``."""
    header = request.headers.get("x-changed-by", "").lower()
    return {"cli": ChangedBy.CLI, "tuner": ChangedBy.TUNER}.get(header, ChangedBy.UI)


def _history(ctx: AppContext, component: str, limit: int) -> list[ParameterChangeRow]:
    with session_factory(ctx.engine)() as session:
        rows = session.scalars(
            select(ParameterChange)
            .where(ParameterChange.component == component)
            .order_by(ParameterChange.id.desc())
            .limit(limit)
        )
        return [
            ParameterChangeRow(
                at=r.at,
                component=r.component,
                key=r.key,
                old_value=r.old_value,
                new_value=r.new_value,
                changed_by=r.changed_by.value,
            )
            for r in rows
        ]
