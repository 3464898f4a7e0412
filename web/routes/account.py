"""``/account``: 예수금, 총평가금액, positions with 평가손익 and 수익률."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from actors import ids
from actors.account.messages import AccountSnapshot, PositionSummary
from web.context import AppContext
from web.freshness import is_stale, reconciled_age_s
from web.routes.common import AgentNotRunning, board_of, now_of, snapshot_data, speed_of_agent
from web.schemas import Balance


class AccountController(Controller):
    path = "/account"
    tags = ("account",)

    @get("/balance", operation_id="getBalance", summary="Cash, equity and the day's P&L")
    async def balance(self, ctx: NamedDependency[AppContext]) -> Balance:
        account = _account(ctx)
        age = reconciled_age_s(account, now_of(ctx), speed_of_agent(ctx))
        return Balance(
            cash=account.cash,
            orderable=account.orderable,
            orderable_cash_only=account.orderable_cash_only,
            capital=account.capital,
            equity=account.equity,
            realized_pnl=account.realized_pnl,
            open_pnl=account.open_pnl,
            daily_pnl=account.realized_pnl + account.open_pnl,
            reconciled_at=account.reconciled_at,
            age_s=age,
            stale=is_stale(age, ctx.settings.watchdog.ready_reconcile_max_age_s),
        )

    @get(
        "/positions",
        operation_id="listPositions",
        summary="Every holding: the agent's own (managed) first, then the user's",
    )
    async def positions(self, ctx: NamedDependency[AppContext]) -> list[PositionSummary]:
        """The positions of the account's last snapshot: those its ``position_update`` event
        carried."""
        return list(_account(ctx).positions)


def _account(ctx: AppContext) -> AccountSnapshot:
    account = snapshot_data(board_of(ctx), ids.ACCOUNT, AccountSnapshot)
    if account is None:
        raise AgentNotRunning(detail="the account has not been reconciled with the broker yet")
    return account
