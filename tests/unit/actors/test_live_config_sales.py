"""A risk change that would sell at once is refused unless confirmed, and what it lists is what
the governor's exit timer then sells: the same rules, run by the same core."""

from __future__ import annotations

from datetime import date, datetime, time

import msgspec
import pytest

from actors.account.messages import AccountSnapshot, PositionSummary
from actors.runtime.change_sales import SalesCheck, account_view_of
from actors.runtime.live_config import LiveConfig, SaleUnconfirmed
from agent.clock import KST
from agent.core.governor import GovernorCore
from agent.domain import Intent, OrderPurpose
from agent.market.sessions import DayKind, build_session
from agent.orders.slicing import SlicePolicy
from agent.risk.change_exits import ForcedSale, sold_by_change
from agent.risk.limits import RiskLimits
from agent.settings import Settings
from agent.store.models import ChangedBy

DAY = date(2026, 3, 4)
NOW = datetime.combine(DAY, time(14, 0), KST)
SESSION = build_session(DAY, DayKind.REGULAR)


def _summary(code: str, *, managed: bool, quantity: int) -> PositionSummary:
    return PositionSummary(
        code=code,
        name=code,
        managed=managed,
        quantity=quantity,
        sellable=quantity,
        avg_price=70_000,
        price=71_000,
        pnl=10_000,
        return_bps=142,
        stop_price=67_900,
    )


SNAPSHOT = AccountSnapshot(
    at=NOW,
    cash=5_000_000,
    orderable=5_000_000,
    orderable_cash_only=5_000_000,
    capital=10_000_000,
    equity=7_000_000,
    realized_pnl=0,
    open_pnl=10_000,
    positions=(
        _summary("005930", managed=True, quantity=10),
        _summary("000660", managed=False, quantity=5),
    ),
    reconciled_at=NOW,
)


def _setup() -> tuple[LiveConfig, GovernorCore]:
    live = LiveConfig(Settings())
    core = GovernorCore(live.limits, SlicePolicy(max_slice_qty=None), lambda _i, _n: "cid")
    return live, core


def _check(core: GovernorCore) -> SalesCheck:
    view = account_view_of(SNAPSHOT)

    def check(before: RiskLimits, after: RiskLimits) -> list[ForcedSale]:
        return sold_by_change(view, before, after, core.state, NOW, SESSION)

    return check


def _sold(intents: list[Intent]) -> list[tuple[str, int | None, OrderPurpose]]:
    return [(i.code, i.quantity, i.purpose) for i in intents]


def test_an_unconfirmed_change_that_sells_changes_nothing_and_the_timer_sells_nothing() -> None:
    live, core = _setup()
    early = msgspec.structs.replace(live.risk(), eod_exit_time="13:30")

    with pytest.raises(SaleUnconfirmed) as refused:
        live.update_risk(early, ChangedBy.UI, sales=_check(core))

    assert refused.value.sales == [
        ForcedSale(code="005930", quantity=10, price=71_000, reason="eod_exit")
    ]
    assert live.risk().eod_exit_time == "15:10"
    assert live.version == 0
    assert core.exits_due(account_view_of(SNAPSHOT), NOW, SESSION) == []


def test_a_confirmed_change_is_made_and_the_timer_sells_what_the_refusal_listed() -> None:
    live, core = _setup()
    early = msgspec.structs.replace(live.risk(), eod_exit_time="13:30")

    changed = live.update_risk(early, ChangedBy.CLI, sales=_check(core), confirmed=True)
    sold = core.exits_due(account_view_of(SNAPSHOT), NOW, SESSION)

    assert changed == ["eod_exit_time"]
    assert _sold(sold) == [("005930", 10, OrderPurpose.EOD_EXIT)]  # the user's 000660 stays


def test_a_change_that_sells_nothing_needs_no_confirmation() -> None:
    live, core = _setup()

    changed = live.update_risk(
        msgspec.structs.replace(live.risk(), eod_exit_time="14:30", max_positions=1),
        ChangedBy.UI,
        sales=_check(core),
    )

    assert changed == ["eod_exit_time", "max_positions"]
    assert core.exits_due(account_view_of(SNAPSHOT), NOW, SESSION) == []
