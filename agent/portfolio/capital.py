"""The agent's capital budget in a shared account: how much of it the agent may put to work."""

from __future__ import annotations

from collections.abc import Iterable

from agent.portfolio.lots import Lot

__all__ = ["capital_room", "default_capital"]


def default_capital(cash_only_won: int, lots: Iterable[Lot]) -> int:
    """Return the capital when none is configured: the account's 미수-free orderable cash plus
    what the agent's own lots cost, as of the day's first start (the user's holdings never
    count, and 미수 or credit room is never capital)."""
    return max(cash_only_won, 0) + sum(lot.cost_won for lot in lots)


def capital_room(capital_won: int, *, lots_cost_won: int, pending_entries_won: int) -> int:
    """Return what new entries may still commit: the capital less the agent's lots at cost and
    the cash its pending entries hold (never negative)."""
    return max(capital_won - lots_cost_won - pending_entries_won, 0)
