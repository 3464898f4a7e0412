"""The simulated broker's state, independent of HTTP: market, account, exchange, tokens.

Everything runs on the server's event loop thread; :meth:`Venue.step` is called by a
background task every ``market_tick_seconds`` (and can be called by hand with a ManualClock),
and matches resting orders against the tape printed so far.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from krxsim.clock import Clock
from krxsim.config import SimulatorConfig
from krxsim.exchange.account import Account
from krxsim.exchange.engine import Exchange
from krxsim.exchange.orders import OrderEvent
from krxsim.exchange.rules import ExchangeRules
from krxsim.market.history import PastDays
from krxsim.market.market import SyntheticMarket
from krxsim.server.tokens import TokenBook

OrderListener = Callable[[OrderEvent], None]


class Venue:
    """One simulated broker with one account, for one synthetic trading day."""

    def __init__(self, config: SimulatorConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        trading_date = clock.now().date()
        self.market = SyntheticMarket(
            seed=config.seed,
            trading_date=trading_date,
            listed=config.listed_codes,
            surges=config.surge_count,
            step=config.path_step_seconds,
            halts=config.halts,
            designated=config.designated,
            limit_down=config.limit_down,
        )
        self.past = PastDays(
            config.seed, self.market.listings, config.surge_count, config.path_step_seconds
        )
        """The days before this one (the chart TRs' history)."""
        self.account = Account(
            config.account_no, config.initial_cash, margin_room=config.margin_room_won
        )
        for held in config.holdings:
            if held.code not in self.market.listings:
                raise ValueError(f"the synthetic market does not list {held.code}")
            self.account.hold_at_start(held.code, held.qty, held.avg_price)
        self.exchange = Exchange(
            self.market,
            self.account,
            ExchangeRules(
                commission_rate=config.commission_rate,
                commission_unit=config.commission_unit,
                sell_tax_rate=config.sell_tax_rate,
                order_open=config.order_hours[0],
                order_close=config.order_hours[1],
                partial_fill_per_mille=config.faults.partial_fill_per_mille,
                reject_per_mille=config.faults.reject_per_mille,
                fault_seed=config.faults.seed,
                first_order_no=config.first_order_no,
                stop_reserves=config.stop_reserves,
            ),
        )
        self.tokens = TokenBook(config.token_lifetime, config.new_token_revokes_old)
        self._listeners: list[OrderListener] = []

    def now(self) -> datetime:
        return self.clock.now()

    def subscribe(self, listener: OrderListener) -> Callable[[], None]:
        """Call ``listener`` with every order event; return a function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def publish(self, events: list[OrderEvent]) -> None:
        """Hand order events to every listener (realtime 00/04 pushes)."""
        for event in events:
            for listener in list(self._listeners):
                listener(event)

    def step(self) -> None:
        """Match resting orders against the tape up to the market clock's now."""
        self.publish(self.exchange.step(self.now()))

    def valid_keys(self, app_key: str, secret: str) -> bool:
        """Tell whether the app key and secret are accepted."""
        if not self.config.app_key and not self.config.app_secret:
            return bool(app_key) and bool(secret)
        return app_key == self.config.app_key and secret == self.config.app_secret
