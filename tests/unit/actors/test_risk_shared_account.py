"""The governor on a shared account: bursts stay within limits, stops act on every print, the
kill switch halts entries only, the freeze stops everything automatic, and the user's shares
are sold only when the operator names them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, cast

import msgspec
import pykka
import pytest
from sqlalchemy.orm import Session, sessionmaker

from actors import ids
from actors.account.messages import GetView, Refresh
from actors.board import SnapshotBoard
from actors.risk.actor import RiskGovernor
from actors.risk.messages import (
    CheckExits,
    EngageKillSwitch,
    EvaluateIntent,
    GovernorSnapshot,
    LiquidateAll,
    PriceObserved,
    SetFrozen,
    TradePrice,
)
from actors.risk.stops import NOT_SELLABLE_REREAD_S
from actors.router.messages import SubmitOrder
from actors.runtime.services import Services
from actors.supervision import ManualScheduler, ThreadingScheduler
from agent.broker.market import Designation, ListingInfo, SecurityKind
from agent.clock import KST, ManualClock
from agent.domain import Approved, Intent, OrderPurpose, Rejected, Side
from agent.market.fees import commission
from agent.risk.account import AccountView, Position
from tests.support import inbox as support
from tests.support.actor_services import actor_services
from tests.support.waiting import wait_until

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=KST)
CAPITAL = 100_000_000
CASH = 15_000_000


class Inbox(support.Inbox):
    def orders(self) -> list[SubmitOrder]:
        return [m for m in self.received if isinstance(m, SubmitOrder)]


class StaticAccount(pykka.ThreadingActor):
    """An account that never learns of the governor's orders: only its reservations can. It
    counts the Refreshes it is told (it has nothing new to read)."""

    def __init__(self, view: AccountView) -> None:
        super().__init__()
        self.view = view
        self.refreshes = 0

    def on_receive(self, message: Any) -> Any:
        if isinstance(message, Refresh):
            self.refreshes += 1
            return None
        assert isinstance(message, GetView)
        return self.view

    def refreshed(self) -> int:
        return self.refreshes


class Listings:
    """The broker session's stock information (ka10100), per code."""

    is_open = True

    def __init__(self, special: dict[str, ListingInfo]) -> None:
        self._special = special

    def listing_info(self, code: str) -> ListingInfo:
        return self._special.get(code) or ListingInfo(
            code=code,
            name=code,
            market="거래소",
            kind=SecurityKind.STOCK,
            halted=False,
            designations=(),
        )


@pytest.fixture
def services(sessions: sessionmaker[Session]) -> Iterator[Services]:
    built = actor_services(
        sessions,
        ManualClock(NOW),
        scheduler=ThreadingScheduler(),
        board=SnapshotBoard(),
    )
    built.broker.set(cast(Any, Listings({})))
    yield built
    pykka.ActorRegistry.stop_all()


def start(services: Services, view: AccountView) -> tuple[pykka.ActorRef[Any], Any]:
    router = Inbox.start()
    services.registry.register(ids.ROUTER, router)
    services.registry.register(ids.ACCOUNT, StaticAccount.start(view))
    return RiskGovernor.start(None, services), router


def observed(code: str, price: int = 10_000) -> PriceObserved:
    return PriceObserved(
        code=code,
        price=price,
        at=NOW,
        base_price=price,
        upper_limit=price * 13 // 10,
        lower_limit=price * 7 // 10,
    )


def entry(code: str, price: int = 10_000) -> Intent:
    return Intent(
        code=code,
        side=Side.BUY,
        purpose=OrderPurpose.ENTRY,
        reference_price=price,
        at=NOW,
        strategy_tag="opening_leader",
    )


def decided(services: Services, count: int) -> GovernorSnapshot:
    def done() -> GovernorSnapshot | None:
        snapshot = services.board.snapshot(ids.RISK)
        data = snapshot.data if snapshot is not None else None
        if (
            isinstance(data, GovernorSnapshot)
            and data.approved_today + data.rejected_today >= count
        ):
            return data
        return None

    return wait_until(done, timeout=10)


def test_twenty_simultaneous_entry_signals_stay_within_every_limit(services: Services) -> None:
    risk, router = start(services, AccountView(capital_won=CAPITAL, cash_won=CASH))
    codes = [f"{100_000 + i:06d}" for i in range(20)]

    for code in codes:  # all in the mailbox before the first is decided
        risk.tell(EvaluateIntent(intent=entry(code), market=observed(code)))
    decided(services, len(codes))

    orders = router.proxy().orders().get(timeout=5)
    limits = services.limits()
    assert 1 <= len(orders) <= limits.max_positions
    spent = 0
    for order in orders:
        price = order.approved.limit_price
        assert price is not None
        amount = order.approved.quantity * price
        assert amount <= CAPITAL * limits.max_weight_bps // 10_000
        spent += amount + commission(amount, limits.commission_bps)
    assert spent <= CASH


def test_halted_and_designated_leaders_are_never_entered(services: Services) -> None:
    def info(code: str, **kw: Any) -> ListingInfo:
        values: dict[str, Any] = {
            "code": code,
            "name": code,
            "market": "코스닥",
            "kind": SecurityKind.STOCK,
            "halted": False,
            "designations": (),
        }
        values.update(kw)
        return ListingInfo(**values)

    services.broker.set(
        cast(
            Any,
            Listings(
                {
                    "111110": info("111110", halted=True),
                    "222220": info("222220", designations=(Designation.WARNING,)),
                    "333330": info("333330", kind=SecurityKind.ETF),
                }
            ),
        )
    )
    risk, _ = start(services, AccountView(capital_won=CAPITAL, cash_won=CAPITAL))
    proxy = risk.proxy()

    decisions = {}
    for code in ("111110", "222220", "333330", "444440"):
        risk.tell(observed(code))
        decisions[code] = proxy.evaluate(entry(code)).get(timeout=5)

    assert "HALTED" in cast(Rejected, decisions["111110"]).reasons
    assert "DESIGNATED_WARNING" in cast(Rejected, decisions["222220"]).reasons
    assert "SECURITY_KIND_ETF" in cast(Rejected, decisions["333330"]).reasons
    assert isinstance(decisions["444440"], Approved)


HELD = AccountView(
    capital_won=CAPITAL,
    cash_won=CASH,
    positions=(
        Position(
            code="005930", quantity=10, avg_price=70_000, current_price=71_000, stop_price=67_900
        ),
    ),
    external=(
        Position(code="000660", quantity=10, avg_price=900_000, current_price=200_000, sellable=10),
    ),
)


def wait_for_view(risk: pykka.ActorRef[Any]) -> None:
    """Make the governor read the account now (any decision does) rather than on its timer."""
    risk.tell(observed("035720", 44_850))
    risk.proxy().evaluate(entry("035720", 44_850)).get(timeout=5)


def sells(router: Any) -> list[SubmitOrder]:
    return [
        o for o in router.proxy().orders().get(timeout=5) if o.approved.intent.side is Side.SELL
    ]


@pytest.mark.parametrize("kill_switch", [False, True])
def test_a_print_through_the_stop_sells_at_once_even_under_the_kill_switch(
    services: Services, kill_switch: bool
) -> None:
    risk, router = start(services, HELD)
    wait_for_view(risk)
    if kill_switch:
        risk.tell(EngageKillSwitch(reason="test"))
    risk.tell(observed("005930", 70_000))

    risk.tell(TradePrice(code="005930", price=67_800, at=NOW))
    (order,) = wait_until(lambda: sells(router), timeout=5)

    assert order.approved.intent.purpose is OrderPurpose.STOP_LOSS
    assert order.approved.quantity == 10


def test_the_users_holding_is_never_stopped_out(services: Services) -> None:
    risk, router = start(services, HELD)
    wait_for_view(risk)
    risk.tell(observed("000660", 200_000))

    risk.tell(TradePrice(code="000660", price=100_000, at=NOW))  # 89% under its 매입단가
    risk.tell(TradePrice(code="005930", price=70_500, at=NOW))  # above the agent's stop
    wait_for_view(risk)  # a barrier: every print told before it has been handled

    assert sells(router) == []


def test_the_freeze_stops_the_stop(services: Services) -> None:
    risk, router = start(services, HELD)
    wait_for_view(risk)
    risk.tell(SetFrozen(frozen=True, by="test"))
    risk.tell(observed("005930", 70_000))

    risk.tell(TradePrice(code="005930", price=60_000, at=NOW))
    risk.tell(observed("005935", 60_000))
    refused = risk.proxy().evaluate(entry("005935", 60_000)).get(timeout=5)

    assert isinstance(refused, Rejected)
    assert "FROZEN" in refused.reasons
    assert sells(router) == []
    snapshot = services.board.snapshot(ids.RISK)
    assert snapshot is not None
    assert cast(GovernorSnapshot, snapshot.data).frozen


@pytest.mark.parametrize(("scope", "codes"), [("agent", {"005930"}), ("all", {"005930", "000660"})])
def test_a_liquidation_sells_the_users_holdings_only_when_named(
    services: Services, scope: str, codes: set[str]
) -> None:
    risk, router = start(services, HELD)
    risk.tell(observed("005930", 70_000))
    risk.tell(observed("000660", 200_000))

    risk.tell(LiquidateAll(reason="drill", by="test", scope=scope))  # type: ignore[arg-type]
    orders = wait_until(
        lambda: len(got := router.proxy().orders().get(timeout=5)) >= len(codes) and got,
        timeout=10,
    )

    assert {o.approved.intent.code for o in orders} == codes
    assert all(o.approved.intent.purpose is OrderPurpose.LIQUIDATION for o in orders)


def test_a_stop_is_priced_through_the_best_bid_that_came_with_the_print(services: Services) -> None:
    risk, router = start(services, HELD)
    wait_for_view(risk)
    risk.tell(observed("005930", 70_000))

    risk.tell(TradePrice(code="005930", price=67_800, at=NOW, bid=67_700))
    (order,) = wait_until(lambda: sells(router), timeout=5)

    assert order.approved.limit_price == 67_400  # three 100-won ticks through the bid


def test_a_stop_re_issued_after_an_unfilled_limit_goes_further_through(
    services: Services,
) -> None:
    pulled_once = msgspec.structs.replace(HELD, stop_attempts=(("005930", 1),))
    risk, router = start(services, pulled_once)
    wait_for_view(risk)
    risk.tell(observed("005930", 70_000))

    risk.tell(TradePrice(code="005930", price=67_800, at=NOW, bid=67_700))
    (order,) = wait_until(lambda: sells(router), timeout=5)

    assert order.approved.intent.attempt == 1
    assert order.approved.limit_price == 67_100  # six ticks through the bid


def test_after_the_broker_rejected_a_stop_the_next_waits_out_its_backoff(
    services: Services,
) -> None:
    rejected = msgspec.structs.replace(HELD, rejected_sells=(("005930", NOW),))
    risk, router = start(services, rejected)
    wait_for_view(risk)
    risk.tell(observed("005930", 70_000))

    risk.tell(TradePrice(code="005930", price=67_800, at=NOW))
    wait_for_view(risk)  # a barrier: the print was handled
    assert sells(router) == []

    cast(ManualClock, services.clock).advance(6)
    risk.tell(TradePrice(code="005930", price=67_800, at=NOW + timedelta(seconds=6)))
    (order,) = wait_until(lambda: sells(router), timeout=5)
    assert order.approved.intent.purpose is OrderPurpose.STOP_LOSS


def test_a_refused_stop_is_not_decided_again_on_every_print(services: Services) -> None:
    held, *_ = HELD.positions
    pending = AccountView(  # the user's own sell holds every share: nothing is sellable
        capital_won=CAPITAL,
        cash_won=CASH,
        positions=(msgspec.structs.replace(held, sellable=0),),
        read_at=NOW,
    )
    risk, router = start(services, pending)
    wait_for_view(risk)
    risk.tell(observed("005930", 70_000))
    before = decided(services, 1).rejected_today

    for second in range(20):
        risk.tell(TradePrice(code="005930", price=67_800, at=NOW + timedelta(seconds=second)))
    # A barrier (every print told before it has been handled) that is itself approved.
    risk.tell(observed("000100", 10_000))
    barrier = risk.proxy().evaluate(entry("000100", 10_000)).get(timeout=5)

    assert isinstance(barrier, Approved)
    assert sells(router) == []
    assert decided(services, 1).rejected_today - before == 1, "refused once, not 20 times"


def test_the_stock_information_a_stock_actor_sends_with_its_signal_is_used(
    services: Services,
) -> None:
    halted = ListingInfo(
        code="111110",
        name="정지",
        market="코스닥",
        kind=SecurityKind.STOCK,
        halted=True,
        designations=(),
    )
    risk, router = start(services, AccountView(capital_won=CAPITAL, cash_won=CAPITAL))

    risk.tell(EvaluateIntent(intent=entry("111110"), market=observed("111110"), listing=halted))
    snapshot = decided(services, 1)

    assert snapshot.rejected_today == 1
    assert router.proxy().orders().get(timeout=5) == []


def test_a_halt_after_the_days_first_read_is_taken_from_the_next_signal(
    services: Services,
) -> None:
    """The governor read the stock before its 조회공시 halt; the StockActor's signal carries
    the newer reading, and it wins over the cached one."""
    clean = ListingInfo(
        code="111110",
        name="정지",
        market="코스닥",
        kind=SecurityKind.STOCK,
        halted=False,
        designations=(),
    )
    services.broker.set(cast(Any, Listings({"111110": clean})))
    risk, _ = start(services, AccountView(capital_won=CAPITAL, cash_won=CAPITAL))
    proxy = risk.proxy()
    in_vi = msgspec.structs.replace(observed("111110"), vi_active=True)
    risk.tell(EvaluateIntent(intent=entry("111110"), market=in_vi))  # cached: not halted
    decided(services, 1)
    halted = msgspec.structs.replace(clean, halted=True)

    risk.tell(EvaluateIntent(intent=entry("111110"), market=observed("111110"), listing=halted))
    decided(services, 2)
    refused = proxy.evaluate(entry("111110")).get(timeout=5)

    assert "HALTED" in cast(Rejected, refused).reasons


def test_while_the_users_sell_holds_the_shares_the_account_is_read_again_soon(
    services: Services,
) -> None:
    manual = dataclasses.replace(
        services, scheduler=ManualScheduler(cast(ManualClock, services.clock))
    )
    held, *_ = HELD.positions
    pending = AccountView(
        capital_won=CAPITAL,
        cash_won=CASH,
        positions=(msgspec.structs.replace(held, sellable=0),),
        read_at=NOW,
    )
    risk, _ = start(manual, pending)
    wait_for_view(risk)
    risk.tell(observed("005930", 70_000))
    risk.tell(TradePrice(code="005930", price=67_800, at=NOW))
    wait_for_view(risk)  # a barrier: the print was refused
    account = manual.registry.lookup(ids.ACCOUNT)
    assert account is not None
    assert account.proxy().refreshed().get(timeout=5) == 0

    cast(ManualScheduler, manual.scheduler).advance(NOT_SELLABLE_REREAD_S)

    assert account.proxy().refreshed().get(timeout=5) == 1


@pytest.mark.parametrize("when", ["eod", "liquidation"])
def test_in_a_code_both_hold_only_the_agents_lot_is_sold(services: Services, when: str) -> None:
    both = AccountView(
        capital_won=CAPITAL,
        cash_won=CASH,
        # kt00018's one row for the code: 110 shares, all sellable; 10 are the agent's lot.
        positions=(
            Position(
                code="005930",
                quantity=10,
                avg_price=70_000,
                current_price=71_000,
                stop_price=67_900,
                sellable=110,
            ),
        ),
        external=(Position(code="005930", quantity=100, avg_price=200_000, current_price=71_000),),
    )
    risk, router = start(services, both)
    risk.tell(observed("005930", 71_000))
    if when == "eod":
        clock = cast(ManualClock, services.clock)
        closing = datetime(2026, 11, 24, 15, 15, tzinfo=KST)
        clock.advance((closing - clock.now()).total_seconds())
        risk.tell(TradePrice(code="005930", price=71_000, at=closing))
        risk.tell(CheckExits())
    else:
        risk.tell(LiquidateAll(reason="drill", by="test"))

    (order,) = wait_until(lambda: sells(router), timeout=5)
    wait_for_view(risk)  # nothing more follows

    assert order.approved.quantity == 10
    assert len(sells(router)) == 1
