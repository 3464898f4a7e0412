"""A backstop's terms as the governor asks for them and as the router sees them working.

Plain values shared by the decisions (:mod:`agent.core.backstops`) and the journal, which keeps
what the router planned from.
"""

from __future__ import annotations

from msgspec import Struct

__all__ = ["BackstopRow", "Guard"]


class Guard(Struct, frozen=True, kw_only=True):
    """The backstop a position calls for: sell ``quantity`` once a trade reaches ``trigger``,
    at no less than ``limit``."""

    code: str
    quantity: int
    trigger: int
    limit: int


class BackstopRow(Struct, frozen=True, kw_only=True):
    """A backstop of the agent's that works at the broker (or is on its way there)."""

    order_id: int
    code: str
    remaining: int
    trigger: int
    limit: int
    cancel_requested: bool = False
