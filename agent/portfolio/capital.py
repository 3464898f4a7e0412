"""The agent's capital budget in a shared account: how much of it the agent may put to work."""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from agent.broker.account import Deposit
from agent.portfolio.lots import Lot

__all__ = [
    "Funds",
    "accountable_funds",
    "capital_room",
    "default_capital",
    "unfunded_capital",
]


class Funds(Struct, frozen=True, kw_only=True):
    """What the agent can account for in the shared account, part by part (integer won)."""

    cash_only_won: int
    """The account's 미수-free orderable cash (kt00001 ``100stk_ord_alow_amt``)."""
    lots_cost_won: int
    """What the agent's own lots cost."""
    working_buys_won: int
    """Cash the agent's own working buy orders hold at the broker (their unfilled shares at
    the limit plus commission): an accepted buy lowers the orderable cash by that much."""

    @property
    def total_won(self) -> int:
        return self.cash_only_won + self.lots_cost_won + self.working_buys_won

    def describe(self) -> str:
        """Return the funds and their parts in one phrase, for a message to the user."""
        text = (
            f"{self.total_won:,} won: orderable cash {self.cash_only_won:,} plus the agent's "
            f"positions at cost {self.lots_cost_won:,}"
        )
        if self.working_buys_won:
            text += f" plus the cash its working buys hold {self.working_buys_won:,}"
        return text


def accountable_funds(cash_only_won: int, *, lots_cost_won: int, working_buys_won: int) -> Funds:
    """Return the funds the agent can account for without 미수 or credit: the most its capital
    (``risk.capital_won``) may be.

    They are the account's 미수-free orderable cash, plus what the agent's own lots cost, plus
    the cash its own working buys hold at the broker: a buy the broker accepted has already
    left the orderable cash, yet it is the agent's capital at work, so a restart with entries
    resting must not look short by what they hold. The user's holdings and orders never
    count, and 미수 or credit room is never funds. No part is negative.
    """
    return Funds(
        cash_only_won=max(cash_only_won, 0),
        lots_cost_won=max(lots_cost_won, 0),
        working_buys_won=max(working_buys_won, 0),
    )


def unfunded_capital(capital_won: int, funds: Funds) -> str | None:
    """Return the one-line refusal of a ``risk.capital_won`` above ``funds``, else None."""
    if capital_won <= funds.total_won:
        return None
    return (
        f"invalid setting risk.capital_won = {capital_won:,}: above what the account can fund "
        f"without 미수 or credit ({funds.describe()})"
    )


def cash_only(deposit: Deposit) -> int:
    """What the account can pay without 미수 or credit (kt00001 100stk_ord_alow_amt)."""
    return max(min(deposit.orderable_cash_only, deposit.orderable), 0)


def default_capital(cash_only_won: int, lots: Iterable[Lot]) -> int:
    """Return the capital when none is configured: the account's 미수-free orderable cash plus
    what the agent's own lots cost, as of the day's first start (the user's holdings never
    count, and 미수 or credit room is never capital)."""
    return max(cash_only_won, 0) + sum(lot.cost_won for lot in lots)


def capital_room(capital_won: int, *, lots_cost_won: int, pending_entries_won: int) -> int:
    """Return what new entries may still commit: the capital less the agent's lots at cost and
    the cash its pending entries hold (never negative)."""
    return max(capital_won - lots_cost_won - pending_entries_won, 0)
