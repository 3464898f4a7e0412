"""The Account: the shared account as the broker reports it, and the agent's part of it.

The user trades the same Kiwoom account by hand (ARCHITECTURE.md §2a). The agent's positions
are its lots (:mod:`agent.portfolio.lots`), folded from its own fills; every other share is the
user's, shown but never counted in a limit. State is rebuilt on every start from the broker
(deposit, holdings) and the database (fills, removals, pending orders, the day's capital); it
never trusts memory it lost.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from actors import ids
from actors.account.messages import (
    AccountSnapshot,
    FillRecorded,
    GetView,
    PositionSummary,
    Refresh,
    RefreshDue,
)
from actors.board import Topic
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.supervision import ChildLink, SupervisedActor
from actors.supervision.scheduler import Cancellable
from agent.clock import KST
from agent.domain import OrderPurpose, OrderStatus, Side
from agent.kiwoom.errors import KiwoomError, TransientError
from agent.kiwoom.models.trading import Balance, Deposit, Holding
from agent.orders.lifecycle import TERMINAL
from agent.portfolio.capital import capital_room, default_capital
from agent.portfolio.day_pnl import DayPnl, day_pnl
from agent.portfolio.lots import LotBook, LotFill, LotRemoval, fold_lots, removal_needed
from agent.portfolio.since_read import (
    OwnOrder,
    ReadMark,
    free_shares,
    held_shares,
    mark_read,
    unreflected_buy_cash,
)
from agent.risk.account import AccountView, PendingOrder, Position, pending_order
from agent.risk.exits import stop_price
from agent.store.models import EventKind, Order, Severity
from agent.store.repositories import OrderRepository, SystemEventRepository
from agent.store.repositories.lots import LotRepository
from agent.store.repositories.metrics import MetricsRepository
from agent.store.repositories.positions import Held, PositionRepository
from agent.store.repositories.trades import TradeRepository

log = logging.getLogger(__name__)

REFRESH_EVERY_S = 30.0
DEBOUNCE_S = 1.0
"""A refresh asked for (a fill, an order ended, the user's order seen) runs this long after the
first ask of a burst: later asks in the burst join it, and never push it back."""
MIN_GAP_S = 3.0
"""Asked-for refreshes are at least this far apart (market time): two TRs a read, and the
client's whole query budget is five a second. Between reads :mod:`.since_read` keeps cash and
sellable shares right for the agent's own orders."""
UNACKNOWLEDGED = (OrderStatus.PENDING, OrderStatus.SENT, OrderStatus.UNKNOWN)
SETTLED_FOR = timedelta(seconds=30)
"""A lot is shrunk to the broker's holding only when none of the agent's orders in the code
moved for this long (market time): a sell of its own whose fill is not recorded yet must not
look like the user's."""


class Account(SupervisedActor):
    """Keeps the broker's view of the account, the agent's lots in it, and its round trips."""

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._orders = OrderRepository(services.sessions)
        self._lots = LotRepository(services.sessions)
        self._positions = PositionRepository(services.sessions)
        self._trades = TradeRepository(services.sessions)
        self._metrics = MetricsRepository(services.sessions)
        self._events = SystemEventRepository(services.sessions)
        self._deposit: Deposit | None = None
        self._balance: Balance | None = None
        self._book = LotBook(open={}, closed=())
        self._capital = 0
        self._marks: dict[tuple[date, str], int] = {}
        self._reconciled_at: datetime | None = None
        self._read_mark: ReadMark | None = None
        """The agent's orders the last read of the broker reflects (:mod:`.since_read`)."""
        self._periodic: Cancellable | None = None
        self._soon: Cancellable | None = None

    # Life cycle
    def on_start(self) -> None:
        self._reconcile()
        self._close_round_trips()
        self._schedule_periodic(REFRESH_EVERY_S)

    def on_stop(self) -> None:
        self._cancel()

    def on_failure(self, *_: Any) -> None:
        self._cancel()

    def _cancel(self) -> None:
        for timer in (self._periodic, self._soon):
            if timer is not None:
                timer.cancel()

    def _schedule_periodic(self, market_seconds: float) -> None:
        if self._periodic is not None:
            self._periodic.cancel()
        self._periodic = self._services.tell_later(
            market_seconds, self.actor_ref, RefreshDue(periodic=True), min_wall=0.5
        )

    def _refresh_soon(self) -> None:
        """Reconcile shortly; a burst of asks shares one refresh, which the burst cannot delay
        (and which never cancels the periodic one)."""
        if self._soon is None:
            delay = DEBOUNCE_S
            if self._reconciled_at is not None:
                since = (self._services.clock.now() - self._reconciled_at).total_seconds()
                delay = max(delay, MIN_GAP_S - since)
            self._soon = self._services.tell_later(
                delay, self.actor_ref, RefreshDue(periodic=False), min_wall=0.2
            )

    # Messages
    def on_receive(self, message: Any) -> Any:
        if isinstance(message, RefreshDue):
            done = self._try_reconcile()
            if message.periodic:
                self._schedule_periodic(REFRESH_EVERY_S if done else DEBOUNCE_S)
            else:
                self._soon = None
                if not done:
                    self._refresh_soon()
        elif isinstance(message, Refresh):
            self._refresh_soon()
        elif isinstance(message, FillRecorded):
            self._book = self._lots.book()
            if message.side is Side.SELL:
                self._trades.close_round_trips(message.code, self._today())
            self._refresh_soon()
        elif isinstance(message, GetView):
            return self.view()
        elif isinstance(message, DayClosed):
            if not self._try_reconcile():
                self._refresh_soon()
        elif isinstance(message, PhaseChanged):
            pass
        else:
            raise TypeError(f"account got an unknown message {type(message).__name__}")
        return None

    def view(self) -> AccountView:
        """Ask: the account as the risk governor checks it (the agent's part, and the user's)."""
        deposit, balance = self._require()
        # The orders first, then the fills: a fill committed between the two reads is then
        # counted twice (a pending entry and a lot), never not at all (a free slot).
        today_orders = self._orders.for_day(self._today())
        events = self._lots.events()
        self._book = fold_lots(events)
        pending = self._pending_orders(today_orders)
        own = _own_orders(today_orders)
        # The read's free cash less what the agent's buys took since (no 미수, ever).
        unreflected = unreflected_buy_cash(
            own, self._read_mark, self._services.limits().commission_bps
        )
        positions = self._agent_positions(balance, own)
        pnl = self._day_pnl(balance, events)
        room = capital_room(
            self._capital,
            lots_cost_won=sum(lot.cost_won for lot in self._book.open.values()),
            pending_entries_won=sum(p.reserved_won for p, _ in pending if p.side is Side.BUY),
        )
        cash = max(_cash_only(deposit) - unreflected, 0)
        return AccountView(
            capital_won=self._capital,
            cash_won=max(min(cash, room), 0),
            realised_pnl_today_won=pnl.realised_won,
            open_pnl_won=pnl.unrealised_won,
            positions=tuple(positions),
            pending=tuple(p for p, _ in pending),
            known_order_ids=frozenset(o.client_order_id for o in today_orders),
            external=tuple(self._external_positions(balance, own)),
            read_at=self._reconciled_at,
            rejected_sells=tuple(
                (o.code, o.updated_at)
                for o in today_orders
                if o.side is Side.SELL and o.status is OrderStatus.REJECTED
            ),
            stop_attempts=stop_attempts(
                today_orders, self._services.clock.now(), self._services.limits().stop_reprice
            ),
        )

    # Internals
    def _close_round_trips(self) -> None:
        """Record every round trip closed today (idempotent): a FillRecorded told to a dead
        incarnation is lost, the fills in the database are not."""
        day = self._today()
        for code in {o.code for o in self._orders.for_day(day) if o.filled_quantity > 0}:
            self._trades.close_round_trips(code, day)

    def _today(self) -> date:
        return self._services.clock.now().astimezone(KST).date()

    def _try_reconcile(self) -> bool:
        """Reconcile unless the broker session is down; False means try again soon.

        The gateway restarting is no reason for the account to die: crashing here would also
        restart the risk governor and the router after it (rest_for_one) for nothing. The last
        reconciled view stays valid until the session is back.
        """
        try:
            self._reconcile()
        except TransientError as exc:
            log.warning("account not reconciled: %s", exc)
            return False
        return True

    def _reconcile(self) -> None:
        broker = self._services.broker.current()
        # Marked before the read: the figures reflect at least the orders acknowledged by now.
        mark = mark_read(_own_orders(self._orders.for_day(self._today())))
        self._deposit = broker.deposit()
        self._balance = broker.balance()
        self._read_mark = mark
        now = self._services.clock.now()
        self._reconciled_at = now
        self._book = self._shrink_to_broker(self._lots.book(), self._balance, now)
        limits = self._services.limits()
        names = {h.code: h.name for h in self._balance.holdings}
        held = [
            Held(
                code=code,
                name=names.get(code, code),
                quantity=lot.quantity,
                avg_price=lot.avg_price,
            )
            for code, lot in self._book.open.items()
            if lot.avg_price > 0
        ]
        self._positions.replace_all(
            held, now, lambda avg: stop_price(avg, limits.stop_loss_bps) if avg > 0 else None
        )
        self._capital = self._metrics.day_capital(
            self._today(),
            limits.capital_won
            or default_capital(_cash_only(self._deposit), self._book.open.values()),
            now,
            configured=limits.capital_won is not None,
        )
        self._publish()

    def _shrink_to_broker(self, book: LotBook, balance: Balance, now: datetime) -> LotBook:
        """Give up shares the broker no longer holds (the user sold them by hand)."""
        holdings = {h.code: h.qty for h in balance.holdings}
        changed = False
        for code, lot in book.open.items():
            gone = removal_needed(lot.quantity, holdings.get(code, 0))
            if gone == 0 or not self._settled(code, now):
                continue
            log.warning(
                "%s: the broker holds %d, the agent's lot %d: %d sold by hand, the lot shrinks",
                code,
                holdings.get(code, 0),
                lot.quantity,
                gone,
            )
            self._lots.remove(code, gone, now, broker_quantity=holdings.get(code, 0))
            # A lot emptied by the user's sale may close the agent's round trip.
            self._trades.close_round_trips(code, self._today())
            self._events.record(
                EventKind.LOT_REDUCED,
                now,
                severity=Severity.WARNING,
                actor_id=ids.ACCOUNT,
                reason=f"{code}: {gone} of the agent's shares were sold outside the agent",
                detail={"code": code, "removed": gone, "lot": lot.quantity},
            )
            changed = True
        return self._lots.book() if changed else book

    def _settled(self, code: str, now: datetime) -> bool:
        """Tell whether none of the agent's orders in ``code`` is working or moved lately."""
        for order in self._orders.for_day(self._today()):
            if order.code != code:
                continue
            if order.status not in TERMINAL or now - order.updated_at < SETTLED_FOR:
                return False
        return True

    def _require(self) -> tuple[Deposit, Balance]:
        """Return the last deposit and balance, reconciling first if there are none."""
        if self._deposit is None or self._balance is None:
            self._reconcile()
        if self._deposit is None or self._balance is None:
            raise RuntimeError("the account has not been reconciled with the broker")
        return self._deposit, self._balance

    def _agent_positions(
        self, balance: Balance, own: list[OwnOrder] | None = None
    ) -> list[Position]:
        own = _own_orders(self._orders.for_day(self._today())) if own is None else own
        holdings = {h.code: h for h in balance.holdings}
        stops = {p.code: p.stop_price for p in self._positions.all()}
        prices = self._latest_prices()
        positions = []
        for code, lot in sorted(self._book.open.items()):
            holding = holdings.get(code)
            held_at_read = holding.qty if holding is not None else 0
            # An entry filled since the read is a position already (and holds a slot).
            quantity = min(lot.quantity, held_shares(code, held_at_read, own, self._read_mark))
            if quantity <= 0:
                continue
            price = prices.get(code) or (holding.price if holding else 0) or lot.avg_price
            positions.append(
                Position(
                    code=code,
                    quantity=quantity,
                    avg_price=lot.avg_price,
                    current_price=price,
                    stop_price=stops.get(code),
                    # Free shares now (the user's pending sells and the agent's own working
                    # exits out); the exit check caps it at the lot less its pending exits.
                    sellable=self._free(code, holding, own),
                )
            )
        return positions

    def _free(self, code: str, holding: Holding | None, own: list[OwnOrder]) -> int:
        sellable_at_read = holding.sellable_qty if holding is not None else 0
        return free_shares(code, sellable_at_read, own, self._read_mark)

    def _external_positions(
        self, balance: Balance, own: list[OwnOrder] | None = None
    ) -> list[Position]:
        """The user's shares: each holding less what the agent's lot owns of it."""
        own = _own_orders(self._orders.for_day(self._today())) if own is None else own
        prices = self._latest_prices()
        external = []
        for holding in balance.holdings:
            lot = self._book.open.get(holding.code)
            agent_part = min(lot.quantity, holding.qty) if lot is not None else 0
            theirs = holding.qty - agent_part
            if theirs <= 0:
                continue
            # What the agent's shares do not already account for of the free shares.
            working_exits = sum(
                o.working for o in own if o.code == holding.code and o.side is Side.SELL
            )
            agent_free = max(agent_part - working_exits, 0)
            free = self._free(holding.code, holding, own)
            external.append(
                Position(
                    code=holding.code,
                    quantity=theirs,
                    avg_price=_users_avg_price(holding, lot, agent_part, theirs),
                    current_price=prices.get(holding.code) or holding.price or holding.avg_price,
                    sellable=max(free - agent_free, 0),
                )
            )
        return external

    def _day_pnl(self, balance: Balance, events: list[LotFill | LotRemoval]) -> DayPnl:
        today = self._today()
        holdings = {h.code: h for h in balance.holdings}
        prices = {
            code: price for code, price in self._latest_prices().items() if code in self._book.open
        }
        for code in self._book.open:
            holding = holdings.get(code)
            if code not in prices and holding is not None and holding.price > 0:
                prices[code] = holding.price

        def mark_of(code: str) -> int:
            return self._mark(today, code, holdings.get(code))

        return day_pnl(
            events,
            today,
            prices,
            mark_of,
            self._services.limits().commission_bps,
        )

    def _mark(self, day: date, code: str, holding: Holding | None) -> int:
        """The previous close of a lot carried into ``day`` (kt00018, else the quote's base)."""
        key = (day, code)
        if key not in self._marks:
            mark = holding.prev_close if holding is not None else 0
            if mark <= 0:
                try:
                    info = self._services.broker.current().stock_info(code)
                    mark = info.base_price or info.price
                except (KiwoomError, TransientError) as exc:
                    log.warning("no previous close for %s: %s", code, exc)
                    mark = 0
            if mark <= 0:
                return 0  # unknown: the lot's cost stands in (day_pnl); not cached, ask again
            self._marks[key] = mark
        return self._marks[key]

    def _latest_prices(self) -> dict[str, int]:
        prices: dict[str, int] = {}
        for source, snapshot in self._services.board.snapshots(ids.STOCK + "/").items():
            price = getattr(snapshot.data, "price", None)
            if isinstance(price, int) and price > 0:
                prices[source.split("/", 1)[1]] = price
        return prices

    def _pending_orders(self, orders: list[Order]) -> list[tuple[PendingOrder, bool]]:
        rate = self._services.limits().commission_bps
        pending: list[tuple[PendingOrder, bool]] = []
        for order in orders:
            if order.status in TERMINAL:
                continue
            pending.append((_pending(order, rate), order.status not in UNACKNOWLEDGED))
        return pending

    def _publish(self) -> None:
        deposit, balance = self._require()
        stops = {p.code: p.stop_price for p in self._positions.all()}
        names = {h.code: h.name for h in balance.holdings}
        summaries = [
            _summary(p, names.get(p.code, p.code), managed=True, stop=stops.get(p.code))
            for p in self._agent_positions(balance)
        ] + [
            _summary(p, names.get(p.code, p.code), managed=False, stop=None)
            for p in self._external_positions(balance)
        ]
        pnl = self._day_pnl(balance, self._lots.events())
        snapshot = AccountSnapshot(
            at=self._services.clock.now(),
            cash=deposit.cash,
            orderable=deposit.orderable,
            orderable_cash_only=_cash_only(deposit),
            capital=self._capital,
            equity=_equity(deposit, balance),
            realized_pnl=pnl.realised_won,
            open_pnl=pnl.unrealised_won,
            positions=tuple(summaries),
            reconciled_at=self._reconciled_at,
        )
        self._services.board.publish_snapshot(ids.ACCOUNT, snapshot)
        self._services.board.publish(Topic.POSITION_UPDATE, ids.ACCOUNT, snapshot)


def _own_orders(orders: list[Order]) -> list[OwnOrder]:
    return [
        OwnOrder(
            order_id=o.id,
            code=o.code,
            side=o.side,
            acknowledged=o.status not in UNACKNOWLEDGED,
            working=0 if o.status in TERMINAL else max(o.quantity - o.filled_quantity, 0),
            filled=o.filled_quantity,
            filled_amount_won=o.filled_quantity * (o.avg_fill_price or o.price or 0),
            price=o.price or o.signal_price or 0,
        )
        for o in orders
    ]


STOP_EPISODE = timedelta(minutes=2)
"""An unfilled stop pulled longer ago than this (or four re-pricing periods, if longer) belongs
to an earlier episode: the price recovered above the stop in between."""


def stop_attempts(
    orders: list[Order], now: datetime, reprice: timedelta
) -> tuple[tuple[str, int], ...]:
    """Return (code, n): the agent's stop limits of the current episode in each code that ended
    unfilled (pulled to be re-priced); the next re-issue is priced further through for each."""
    window = max(STOP_EPISODE, 4 * reprice)
    counts: dict[str, int] = {}
    for o in orders:
        pulled = o.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED)
        unfilled = pulled and o.filled_quantity < o.quantity
        if o.purpose is OrderPurpose.STOP_LOSS and unfilled and now - o.updated_at <= window:
            counts[o.code] = counts.get(o.code, 0) + 1
    return tuple(sorted(counts.items()))


def _users_avg_price(holding: Holding, lot: Any, agent_part: int, theirs: int) -> int:
    """The user's own average price: the broker's 매입금액 less what the agent's lot cost
    (kt00018 blends both into one 매입단가)."""
    if lot is None or agent_part <= 0 or holding.purchase_amount <= 0:
        return holding.avg_price
    agent_cost = lot.cost_won * agent_part // lot.quantity
    own = holding.purchase_amount - agent_cost
    return (own + theirs // 2) // theirs if own > 0 else holding.avg_price


def _cash_only(deposit: Deposit) -> int:
    """What the account can pay without 미수 or credit (kt00001 100stk_ord_alow_amt)."""
    return max(min(deposit.orderable_cash_only, deposit.orderable), 0)


def _equity(deposit: Deposit, balance: Balance) -> int:
    """The whole account's value (the user's holdings included), as the broker estimates it."""
    if balance.estimated_assets > 0:
        return balance.estimated_assets
    return deposit.cash + balance.total_eval


def _pending(order: Order, rate: Any) -> PendingOrder:
    return pending_order(
        code=order.code,
        side=order.side,
        purpose=order.purpose,
        remaining=order.quantity - order.filled_quantity,
        price=order.price or order.signal_price or 0,
        commission_bps=rate,
        strategy_tag=order.strategy_tag or "",
        client_order_id=order.client_order_id,
    )


def _summary(position: Position, name: str, *, managed: bool, stop: int | None) -> PositionSummary:
    pnl = (position.current_price - position.avg_price) * position.quantity
    return PositionSummary(
        code=position.code,
        name=name,
        managed=managed,
        quantity=position.quantity,
        sellable=position.sellable_now,
        avg_price=position.avg_price,
        price=position.current_price,
        pnl=pnl,
        return_bps=pnl * 10_000 // max(position.avg_price * position.quantity, 1),
        stop_price=stop,
    )
