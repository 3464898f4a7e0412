"""What the router knows of its peers, as they told it (it never reads their snapshots): the
governor's brakes, the Account's 미수 room, each StockActor's name and VI."""

from __future__ import annotations

from typing import Any

import pykka

from actors import ids
from actors.account.messages import AccountFacts
from actors.messages import Wanted
from actors.risk.messages import GovernorBrakes
from actors.runtime.services import Services
from actors.stock.messages import StockFacts
from agent.orders.chase import Working

ASK_TIMEOUT_S = 5.0
NO_BRAKES = GovernorBrakes(frozen=False, entries_blocked=False)
"""The brakes while the governor has said none (it is down: no new order comes either)."""


class RouterPeers:
    """The peers' last word to the router."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self.brakes = NO_BRAKES
        """The governor's brakes as it last told them."""
        self.credit_possible = True
        """The Account's 미수 room as it last told it; unknown counts as yes (a buy is then
        checked against the 미수-free cash before it is sent)."""
        self._stocks: dict[str, StockFacts] = {}
        """What each StockActor last told of its code."""

    def ask(self, me: pykka.ActorRef[Any]) -> None:
        """Ask the peers, at the router's start, what they told its dead incarnation.

        The governor's brakes are asked before anything is sent or cancelled: an entry found
        at the broker after an ambiguous send must be cancelled at once if entries are blocked
        (the governor starts first and never asks the router: this cannot wait on it). The
        Account and the StockActors answer by message.
        """
        brakes = self._services.ask_again(ids.RISK, me, timeout=ASK_TIMEOUT_S)
        if isinstance(brakes, GovernorBrakes):
            self.brakes = brakes
        wanted = Wanted(reply_to=me)
        for peer in (ids.ACCOUNT, *self._services.stock_ids()):
            self._services.tell(peer, wanted)

    def took(self, message: Any) -> bool:
        """Take ``message`` if it is a peer's word; return whether it was."""
        match message:
            case GovernorBrakes():
                self.brakes = message
            case AccountFacts(credit_possible=credit_possible):
                self.credit_possible = credit_possible
            case StockFacts(code=code):
                self._stocks[code] = message
            case _:
                return False
        return True

    def name_of(self, code: str) -> str | None:
        """The stock's name as its StockActor told it (None: not watched since the start)."""
        facts = self._stocks.get(code)
        return facts.name if facts is not None else None

    def not_in_vi(self, order: Working) -> bool:
        """A stop resting at the lower limit is reported as locked there unless its code is
        in a VI: then it waits for the auction's uncross, which is no lock."""
        facts = self._stocks.get(order.code)
        return facts is None or not facts.vi_active
