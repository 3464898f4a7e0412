"""The current broker session, looked up on every call: a Gateway restart swaps it.

The actors see it as :class:`agent.broker.port.Broker`, the port; the Kiwoom session behind
it is the gateway's alone.
"""

from __future__ import annotations

import threading

from agent.broker.account import Deposit
from agent.broker.errors import BrokerUnavailable
from agent.broker.link import BrokerLink
from agent.broker.orders import (
    CancelAck,
    CancelRequest,
    FilledOrder,
    OpenOrder,
    OrderAck,
    OrderRequest,
)
from agent.broker.port import Broker


class BrokerHolder:
    """Holds the Gateway's live session; empty while the Gateway is down or restarting."""

    def __init__(self, link: BrokerLink | None = None) -> None:
        self._lock = threading.Lock()
        self._session: Broker | None = None
        self.link = link or BrokerLink()
        """Whether the broker answers, across gateway restarts (every session reports here)."""

    def set(self, session: Broker | None) -> None:
        with self._lock:
            self._session = session

    def clear(self, session: Broker) -> None:
        """Forget ``session`` unless a newer one already replaced it."""
        with self._lock:
            if self._session is session:
                self._session = None

    def current(self) -> Broker:
        """Return the live session or raise a transient error (retry after the restart)."""
        with self._lock:
            session = self._session
        if session is None or not session.is_open:
            raise BrokerUnavailable("the broker session is down (gateway restarting)")
        return session

    def available(self) -> bool:
        with self._lock:
            return self._session is not None and self._session.is_open


class LiveBroker:
    """The router's :class:`agent.broker.port.BrokerPort`, resolved per call."""

    def __init__(self, holder: BrokerHolder) -> None:
        self._holder = holder

    def place_order(self, request: OrderRequest, *, client_id: str) -> OrderAck:
        return self._holder.current().place_order(request, client_id=client_id)

    def cancel_order(self, request: CancelRequest) -> CancelAck:
        return self._holder.current().cancel_order(request)

    def open_orders(self) -> list[OpenOrder]:
        return self._holder.current().open_orders()

    def fills(self) -> list[FilledOrder]:
        return self._holder.current().fills()

    def deposit(self) -> Deposit:
        return self._holder.current().deposit()
