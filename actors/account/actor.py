"""The Account: the shared account as the broker reports it, and the agent's part of it.

The user trades the same Kiwoom account by hand (ARCHITECTURE.md §2a). The agent's positions
are its lots (:mod:`agent.portfolio.lots`), folded from its own fills; every other share is the
user's, shown but never counted in a limit. State is rebuilt on every start from the broker
(deposit, holdings) and the database (fills, removals, pending orders, the day's capital); it
never trusts memory it lost.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from actors import ids
from actors.account.manual_sells import ManualSells
from actors.account.marks import PreviousCloses
from actors.account.messages import (
    AccountSnapshot,
    FillRecorded,
    GetEquity,
    GetView,
    Refresh,
    RefreshDue,
)
from actors.account.peers import AccountPeers
from actors.account.refresh import Refreshes
from actors.account.views import (
    Since,
    agent_positions,
    backstop_triggers,
    equity,
    external_positions,
    own_orders,
    pending_orders,
    position_rows,
    stop_attempts,
)
from actors.board.events import LivePositionUpdate
from actors.messages import Wanted
from actors.runtime.services import Services
from actors.scheduler.messages import DayClosed, PhaseChanged
from actors.stock.messages import PriceMarked
from actors.supervision import ChildLink, SupervisedActor
from agent import journal
from agent.broker.account import Balance, Deposit
from agent.broker.errors import BrokerUnavailable
from agent.clock import KST
from agent.domain import OrderPurpose, OrderStatus, Side
from agent.orders.lifecycle import AGENTS_OWN_REJECTIONS
from agent.portfolio.capital import capital_room, cash_only, default_capital
from agent.portfolio.day_pnl import DayPnl, day_pnl
from agent.portfolio.lots import LotBook, LotFill, LotRemoval, fold_lots
from agent.portfolio.since_read import (
    OwnOrder,
    ReadMark,
    mark_read,
    unreflected_buy_cash,
)
from agent.risk.account import AccountView, Position
from agent.risk.exits import stop_price
from agent.store.repositories import OrderRepository
from agent.store.repositories.lots import LotRepository
from agent.store.repositories.metrics import MetricsRepository
from agent.store.repositories.positions import Held, PositionRepository
from agent.store.repositories.trades import TradeRepository

log = logging.getLogger(__name__)


class Account(SupervisedActor):
    """Keeps the broker's view of the account, the agent's lots in it, and its round trips."""

    def __init__(self, link: ChildLink | None, services: Services) -> None:
        super().__init__(link)
        self._services = services
        self._orders = OrderRepository(services.sessions)
        self._lots = LotRepository(services.sessions)
        self._manual_sells = ManualSells(services, self._lots)
        self._positions = PositionRepository(services.sessions)
        self._trades = TradeRepository(services.sessions)
        self._metrics = MetricsRepository(services.sessions)
        self._deposit: Deposit | None = None
        self._balance: Balance | None = None
        self._book = LotBook(open={}, closed=())
        self._capital = 0
        self._marks = PreviousCloses(services)
        self._reconciled_at: datetime | None = None
        self._read_mark: ReadMark | None = None
        """The agent's orders the last read of the broker reflects (:mod:`.since_read`)."""
        self._refreshes = Refreshes(services, self.actor_ref)
        self._peers = AccountPeers(services)

    # Life cycle
    def on_start(self) -> None:
        self._peers.ask_prices(self.actor_ref)
        self._reconcile()
        self._close_round_trips()
        self._refreshes.start()

    def on_stop(self) -> None:
        self._refreshes.cancel()

    def on_failure(self, *_: Any) -> None:
        self._refreshes.cancel()

    # Messages
    def on_receive(self, message: Any) -> Any:
        if isinstance(message, PriceMarked):
            self._peers.marked(message)
        elif isinstance(message, RefreshDue):
            self._refreshes.done(message, self._try_reconcile(), self._reconciled_at)
        elif isinstance(message, Refresh):
            self._refreshes.soon(self._reconciled_at)
        elif isinstance(message, FillRecorded):
            self._book = self._lots.book()
            if message.side is Side.SELL:
                self._trades.close_round_trips(message.code, self._today())
            self._refreshes.soon(self._reconciled_at)
        elif isinstance(message, GetView):
            return self.view()
        elif isinstance(message, GetEquity):
            if self._deposit is None or self._balance is None:
                return None
            return equity(self._deposit, self._balance)
        elif isinstance(message, Wanted):
            return self._peers.answer(message)
        elif isinstance(message, DayClosed):
            if not self._try_reconcile():
                self._refreshes.soon(self._reconciled_at)
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
        pending = pending_orders(today_orders, self._services.limits().commission_bps)
        own = own_orders(today_orders)
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
        cash = max(cash_only(deposit) - unreflected, 0)
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
                if o.side is Side.SELL
                and o.status is OrderStatus.REJECTED
                # A refused backstop leaves the exits free to try (the router backs off it),
                # and an exit the agent withdrew itself was refused by nobody.
                and o.purpose is not OrderPurpose.BACKSTOP
                and o.reject_code not in AGENTS_OWN_REJECTIONS
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
        except BrokerUnavailable as exc:
            log.warning("account not reconciled: %s", exc)
            return False
        return True

    def _reconcile(self) -> None:
        broker = self._services.broker.current()
        # Marked before the read: the figures reflect at least the orders acknowledged by now.
        mark = mark_read(own_orders(self._orders.for_day(self._today())))
        self._deposit = broker.deposit()
        self._balance = broker.balance()
        self._services.record(journal.AccountRead(deposit=self._deposit, balance=self._balance))
        self._read_mark = mark
        now = self._services.clock.now()
        self._reconciled_at = now
        self._book = self._manual_sells.shrink(self._lots.book(), self._balance, now, self._today())
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
            or default_capital(cash_only(self._deposit), self._book.open.values()),
            now,
            configured=limits.capital_won is not None,
        )
        # The day's first read is its starting equity (the close records the ending one, the
        # same whole-account figure); a restart later in the day keeps the first.
        self._metrics.start_day(self._today(), equity(self._deposit, self._balance), now)
        self._publish()

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
        own = own_orders(self._orders.for_day(self._today())) if own is None else own
        stops = {p.code: p.stop_price for p in self._positions.all()}
        since = Since(own, self._read_mark)
        return agent_positions(self._book, balance, since, stops, self._latest_prices())

    def _external_positions(
        self, balance: Balance, own: list[OwnOrder] | None = None
    ) -> list[Position]:
        own = own_orders(self._orders.for_day(self._today())) if own is None else own
        since = Since(own, self._read_mark)
        return external_positions(self._book, balance, since, self._latest_prices())

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
            return self._marks.get(today, code, holdings.get(code))

        return day_pnl(
            events,
            today,
            prices,
            mark_of,
            self._services.limits().commission_bps,
        )

    def _latest_prices(self) -> dict[str, int]:
        return self._peers.prices()

    def _publish(self) -> None:
        deposit, balance = self._require()
        today_orders = self._orders.for_day(self._today())  # read once for every row
        own = own_orders(today_orders)
        summaries = position_rows(
            self._agent_positions(balance, own),
            self._external_positions(balance, own),
            names={h.code: h.name for h in balance.holdings},
            stops={p.code: p.stop_price for p in self._positions.all()},
            backstops=backstop_triggers(today_orders),
        )
        pnl = self._day_pnl(balance, self._lots.events())
        snapshot = AccountSnapshot(
            at=self._services.clock.now(),
            cash=deposit.cash,
            orderable=deposit.orderable,
            orderable_cash_only=cash_only(deposit),
            capital=self._capital,
            equity=equity(deposit, balance),
            realized_pnl=pnl.realised_won,
            open_pnl=pnl.unrealised_won,
            positions=tuple(summaries),
            reconciled_at=self._reconciled_at,
        )
        self._services.board.publish_snapshot(ids.ACCOUNT, snapshot)
        self._services.board.publish(LivePositionUpdate, ids.ACCOUNT, snapshot)
        self._peers.published(snapshot)
