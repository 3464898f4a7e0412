"""What the Account and its peers tell one another: each StockActor's price in; the codes the
agent holds and the account's 미수 room out, to the router, the scanner and every StockActor
(they never read the Account's snapshot: :mod:`actors.messages`)."""

from __future__ import annotations

from typing import Any

import pykka

from actors import ids
from actors.account.messages import AccountFacts, AccountSnapshot
from actors.messages import Wanted, answer
from actors.runtime.services import Services
from actors.stock.messages import PriceMarked


class AccountPeers:
    """The prices the StockActors told, and the facts told to the Account's peers."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._prices: dict[str, int] = {}
        """Each watched code's last price, as its StockActor told it."""
        self._facts: AccountFacts | None = None
        """The facts as of the last publish."""
        self._told: dict[str, AccountFacts] = {}
        """What each peer (by id) was last told and took: one that was down or not yet
        registered is told again at the next publish."""

    def ask_prices(self, account: pykka.ActorRef[Any]) -> None:
        """Ask every StockActor for its price (the Account has just started: marks gone)."""
        wanted = Wanted(reply_to=account, want=PriceMarked)
        for stock in self._services.stock_ids():
            self._services.tell(stock, wanted)

    def marked(self, message: PriceMarked) -> None:
        if message.price is None:  # no longer watched: the broker's price counts again
            self._prices.pop(message.code, None)
        else:
            self._prices[message.code] = message.price

    def prices(self) -> dict[str, int]:
        """Return each watched code's last price (a positive one)."""
        return {code: price for code, price in self._prices.items() if price > 0}

    def published(self, snapshot: AccountSnapshot) -> None:
        """Tell the router, the scanner and every StockActor what changed with ``snapshot``
        (one that starts later asks: :class:`actors.messages.Wanted`)."""
        facts = AccountFacts(
            held=frozenset(p.code for p in snapshot.positions if p.managed),
            credit_possible=snapshot.orderable > snapshot.orderable_cash_only,
        )
        self._facts = facts
        peers = (ids.ROUTER, ids.SCANNER, *self._services.stock_ids())
        self._told = {peer: self._told[peer] for peer in peers if peer in self._told}
        for peer in peers:
            if self._told.get(peer) != facts and self._services.tell(peer, facts):
                self._told[peer] = facts

    def answer(self, wanted: Wanted) -> AccountFacts | None:
        """Tell an actor that has just started what the one before it was told."""
        return answer(wanted, self._facts) if self._facts is not None else None
