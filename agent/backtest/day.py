"""The backtest's day: the scanner, the stock watchers, the risk governor and the router,
stepped through virtual time in one thread.

Each virtual second, in this order: the exchange matches resting orders against the tape; the
scanner polls when its interval is due (the window and one minute before it); every watched
code, in code order, folds its new prints (each print of a held code checks its stop) and
considers an entry, whose intent goes straight through the governor to the router; every
second the governor checks the daily loss limit and the end of day; every 3 s the router
cancels entries that rested too long and re-sends slow limit exits at market. The governor is
the live one's core (:class:`agent.core.governor.GovernorCore`), on its own pace
(:data:`~agent.core.governor.EXIT_CHECK_EVERY_S`); the router's and the scanner's intervals are
the actors' own (``RECONCILE_EVERY_S``, ``scan_interval_s``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import msgspec
from msgspec import Struct, field, structs

from agent.backtest.bars import BarMarket
from agent.backtest.ledger import Ledger
from agent.backtest.rankings import RankingTape
from agent.backtest.result import BacktestResult, summary_of
from agent.backtest.router import BtRouter
from agent.backtest.scanner import ScannerLoop
from agent.broker.market import ListingInfo, SecurityKind
from agent.clock import KST
from agent.core.governor import EXIT_CHECK_EVERY_S, Decided, GovernorCore
from agent.core.orders import OrderManager
from agent.domain import Approved, Intent, OrderPurpose, OrderStatus, Rejected
from agent.kiwoom.trs.listing import ListingWire, listing_from_wire
from agent.market.board import Board
from agent.market.calendar import KrxCalendar, default_calendar
from agent.market.sessions import Phase, SessionTimes, phase_of
from agent.orders.chase import ChaseTimes
from agent.orders.slicing import SlicePolicy
from agent.risk.account import AccountView
from agent.risk.exits import eod_exit_due
from agent.risk.limits import RiskLimits
from agent.risk.market_view import MarketView
from agent.risk.state import GovernorState
from agent.risk.tradability import entry_market
from agent.settings.components import ExecutionSettings, RiskSettings, StrategySettings
from agent.settings.units import hhmm
from agent.strategy.thresholds import window_shift_for
from krxsim.config import SimulatorConfig
from krxsim.exchange.account import Account
from krxsim.exchange.engine import Exchange
from krxsim.exchange.rules import ExchangeRules
from krxsim.market.market import SyntheticMarket
from krxsim.news.desk import NewsDesk
from krxsim.server.trs.listing_info import listing_row

ROUTER_CHASE_EVERY_S = 3
"""``actors.router.actor.RECONCILE_EVERY_S``."""


class BacktestConfig(Struct, frozen=True, kw_only=True):
    """One backtest: which synthetic day, and the parameters the agent trades it with."""

    seed: int
    trading_date: date
    strategy: StrategySettings = field(default_factory=StrategySettings)
    risk: RiskSettings = field(default_factory=RiskSettings)
    execution: ExecutionSettings = field(default_factory=ExecutionSettings)
    simulator: SimulatorConfig = field(default_factory=SimulatorConfig)
    """The market and exchange (listings, surges, tape step, cash, fees); its seed, date,
    speed and server fields are not used."""
    step_seconds: int = 1
    """Virtual seconds per step of the loop (1: the actors' timers fall on exact steps)."""


def run_backtest(
    config: BacktestConfig,
    calendar: KrxCalendar | None = None,
    market: SyntheticMarket | None = None,
) -> BacktestResult:
    """Trade ``config.trading_date`` and return it: the synthetic day of ``config.seed``, or
    ``market`` when given (a fetched day, :class:`agent.backtest.bars.BarMarket`, which has no
    news; or the seed's synthetic market built before, with its news)."""
    return _Day(config, calendar or default_calendar(), market).run()


def _regular_session(calendar: KrxCalendar, day: date) -> SessionTimes:
    session = calendar.session(day)
    if session is None:
        raise ValueError(f"{day.isoformat()} is not a KRX trading day")
    if session.open.astimezone(KST).time() != time(9, 0):
        raise ValueError(f"{day.isoformat()} opens late: the backtest trades days opening at 09:00")
    return session


class _Day:
    def __init__(
        self, config: BacktestConfig, calendar: KrxCalendar, market: SyntheticMarket | None = None
    ) -> None:
        self.config = config
        self.session = _regular_session(calendar, config.trading_date)
        sim = config.simulator
        self.market = market or SyntheticMarket(
            seed=config.seed,
            trading_date=config.trading_date,
            listed=sim.listed_codes,
            surges=sim.surge_count,
            step=sim.path_step_seconds,
        )
        self.exchange = Exchange(
            self.market,
            Account(sim.account_no, sim.initial_cash),
            ExchangeRules(
                commission_rate=sim.commission_rate,
                commission_unit=sim.commission_unit,
                sell_tax_rate=sim.sell_tax_rate,
                order_open=sim.order_hours[0],
                order_close=sim.order_hours[1],
            ),
        )
        self.limits = RiskLimits.from_settings(config.risk, config.strategy)
        self.shift = window_shift_for(self.session.open)
        self.listings: dict[str, ListingInfo] = {}
        listings = self.market.listings
        self.ledger = Ledger(
            self.exchange,
            trading_date=config.trading_date,
            stop_loss_bps=self.limits.stop_loss_bps,
            commission_bps=self.limits.commission_bps,
            names={c: lst.name for c, lst in listings.items()},
            # The simulator's board, read as the agent's (the two enums share their values).
            boards={c: Board(lst.board.value) for c, lst in listings.items()},
        )
        execution = config.execution
        self.router = BtRouter(
            self.ledger,
            OrderManager(
                SlicePolicy(max_slice_qty=execution.max_slice_qty),
                ChaseTimes.of(execution, self.limits.stop_reprice),
            ),
        )
        window_end = self.market.seconds(self.scanner_end())
        self.scanner = ScannerLoop(
            self.market,
            RankingTape(self.market, min(max(window_end, 0.0), 23_400.0)),
            None if isinstance(self.market, BarMarket) else NewsDesk(self.market.script, listings),
            config.strategy,
            open_at=self.session.open,
        )
        self.governor = GovernorCore(
            lambda: self.limits,
            SlicePolicy(max_slice_qty=execution.max_slice_qty),
            self._order_id,
        )
        self.rejections: Counter[str] = Counter()
        self._checked = -1
        """The ledger's version at the last exit check that found the account quiet."""
        self._settled: tuple[object, ...] | None = None
        """What the last exit check read (:meth:`_exit_inputs`) when it found the held account
        settled (:meth:`GovernorCore.settled`)."""

    def scanner_end(self) -> datetime:
        end = hhmm(self.config.strategy.window_end)
        return self.session.open.replace(hour=end.hour, minute=end.minute)

    # The loop
    def run(self) -> BacktestResult:
        start = self.session.opening_auction.start
        end = self.session.close + timedelta(minutes=1)
        step = timedelta(seconds=self.config.step_seconds)
        interval = timedelta(seconds=self.config.strategy.scan_interval_s)
        next_scan, second = start, 0
        now = start
        while now <= end:
            self.ledger.apply(self.exchange.step(now))
            if now >= next_scan:
                self.scanner.poll(now, self.phase(now), pinned=self.pinned())
                next_scan += interval
            self.feed(now)
            if second % EXIT_CHECK_EVERY_S == 0:
                self.check_exits(now)
            if second % ROUTER_CHASE_EVERY_S == 0:
                blocked = self.governor.state is not GovernorState.ACTIVE
                self.router.chase(now, entries_blocked=blocked)
            now += step
            second += self.config.step_seconds
        return self.result()

    def phase(self, now: datetime) -> Phase:
        return phase_of(self.session, now)

    def pinned(self) -> set[str]:
        return {code for code, _, _ in self.ledger.holdings()}

    def feed(self, now: datetime) -> None:
        minute_turned = now.second == 0
        t = self.market.seconds(now)
        for code in sorted(self.scanner.watched):
            watcher = self.scanner.watched[code]
            if minute_turned:
                watcher.close_bar(now)
            if watcher.idle(self.market, t):
                continue
            on_print = self.stop_check(code, now) if self.governor.tracks(code) else None
            if not watcher.feed(self.market, now, on_print):
                continue
            held = any(c == code for c, _, _ in self.ledger.holdings())
            intent = watcher.consider_entry(
                now, holding=held, entries_today=self.ledger.entries_today(code)
            )
            if intent is not None:
                self.evaluate(intent, now)

    def stop_check(self, code: str, now: datetime) -> Callable[[int, datetime], None]:
        """Check the stop of a held ``code`` on each of its prints, as the governor does (the
        book's bid, dear to build, only for a print at the stop)."""

        def check(price: int, at: datetime) -> None:
            hit = self.governor.stop_hit(code, price)
            bid = (self.market.book(code, now).best_bid or 0) if hit else 0
            stops = self.governor.stop_due(code, price, at, now, bid=bid)
            if stops:
                self.governor.exit_all(stops, self.governor.view, lambda i: self.evaluate(i, now))

        return check

    # The risk governor
    def price_of(self, code: str, now: datetime) -> int:
        watcher = self.scanner.watched.get(code)
        if watcher is not None and watcher.core.live.last_price:
            return watcher.core.live.last_price
        return self.market.quote(code, now).price

    def market_view(self, code: str, now: datetime) -> MarketView:
        # As actors/risk/market.py: today's open and closing auction go with the view.
        shift, auction = self.shift, self.session.closing_auction.start
        watcher = self.scanner.watched.get(code)
        if watcher is not None:
            view = watcher.market_view(self.phase(now))
            return structs.replace(view, window_shift=shift, closing_auction_start=auction)
        quote = self.market.quote(code, now)
        return MarketView(
            code=code,
            last_price=quote.price,
            base_price=quote.base or quote.price,
            upper_limit=quote.upper,
            lower_limit=quote.lower,
            phase=self.phase(now),
            window_shift=shift,
            closing_auction_start=auction,
        )

    def listing(self, code: str, now: datetime) -> ListingInfo:
        """The stock information the agent reads from ka10100, cached for the day as it does."""
        if code not in self.listings:
            row = listing_row(self.market, code, now)
            self.listings[code] = listing_from_wire(msgspec.convert(row, ListingWire), code)
        return self.listings[code]

    def evaluate(self, intent: Intent, now: datetime) -> Approved | Rejected:
        return self.decide(intent, now).decision

    def decide(self, intent: Intent, now: datetime) -> Decided:
        """The governor's core decides; an approval goes straight to the router."""
        decided = self.governor.decide(
            intent,
            now,
            account=lambda: self.account(now),
            market=lambda: self.market_for(intent, now),
            wall=now.timestamp(),
        )
        decision = decided.decision
        if isinstance(decision, Approved) and decided.client_order_id is not None:
            self.router.submit(decision, decided.client_order_id, now)
        elif isinstance(decision, Rejected):
            self.rejections.update(decision.reasons)
        return decided

    def market_for(self, intent: Intent, now: datetime) -> MarketView:
        market = self.market_view(intent.code, now)
        if intent.purpose is not OrderPurpose.ENTRY:
            return market
        # As the governor: halted, designated or excluded listings are never entered.
        kinds = frozenset(SecurityKind[name] for name in self.limits.allowed_kinds)
        return entry_market(market, self.listing(intent.code, now), kinds)

    def account(self, now: datetime) -> AccountView:
        return self.ledger.view(
            lambda code: self.price_of(code, now), now, self.limits.stop_reprice
        )

    def check_exits(self, now: datetime) -> None:
        """The governor's exit timer (as :mod:`actors.risk.stops`): the loss limit, then the
        end of day and the stops the prints missed."""
        if self.phase(now) not in (Phase.CONTINUOUS, Phase.CLOSING_AUCTION):
            return
        governor = self.governor
        quiet = (
            not self.ledger.holdings()
            and not self.ledger.working()
            and not governor.reservations.orders()
        )
        if quiet and self._checked == self.ledger.version:
            # Flat, nothing working or reserved, no fill since the last check: the check
            # would find what it found then (no exit, the same realised P&L).
            return
        inputs = self._exit_inputs(now)
        if inputs == self._settled:
            # Held and at rest, and nothing the check reads has moved since it found nothing.
            return
        self._checked = self.ledger.version
        account = governor.account(self.account(now), now, now.timestamp())
        fired = governor.loss_check(account) is not None
        if fired:
            self.router.cancel_entries(now)
        settled = not fired and governor.settled(account, now, self.session)
        self._settled = inputs if settled else None
        if governor.frozen:
            return
        exits = governor.exits_due(account, now, self.session)
        governor.exit_all(exits, account, lambda i: self.evaluate(i, now))

    def _exit_inputs(self, now: datetime) -> tuple[object, ...]:
        """What the exit check reads that moves by the second: the account's version, the
        governor's state, whether the end-of-day exit is due, each held code's prices."""
        governor = self.governor
        prices = tuple(
            (code, self.price_of(code, now), governor.watch.price(code))
            for code, _, _ in self.ledger.holdings()
        )
        eod = eod_exit_due(now, self.limits, self.session)
        return (self.ledger.version, governor.state, eod, prices)

    def _order_id(self, intent: Intent, now: datetime) -> str:
        return f"bt-{intent.code}-{intent.purpose.value}-{len(self.ledger.orders) + 1}"

    # The result
    def result(self) -> BacktestResult:
        trades = tuple(self.ledger.trades)
        summary = summary_of(trades)
        return BacktestResult(
            seed=self.config.seed,
            trading_date=self.config.trading_date,
            initial_cash=self.config.simulator.initial_cash,
            leaders=tuple(s.code for s in self.market.script.surges)
            or tuple(sorted(self.market.listings)),
            trades=trades,
            open_positions=tuple((code, qty) for code, qty, _ in self.ledger.holdings()),
            orders=len(self.ledger.orders),
            refused=tuple(
                (o.code, o.ended_at, o.reject_code)
                for o in self.ledger.orders
                if o.status is OrderStatus.REJECTED and o.ended_at is not None
            ),
            approved=self.governor.approved,
            rejected=self.governor.rejected,
            rejections=tuple(sorted(self.rejections.items())),
            ending_cash=self.exchange.account.cash,
            summary=summary,
        )


__all__ = ["BacktestConfig", "run_backtest"]
