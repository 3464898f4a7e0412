"""Whether a listing may be entered at all: trading halt, designations, security kind.

Only entries are refused here. An exit from a held position must stay possible whatever the
listing became since the entry (a designation or a halt is a reason to leave, not to stay).
"""

from __future__ import annotations

from msgspec import structs

from agent.broker.market import ListingInfo, SecurityKind
from agent.risk.market_view import MarketView
from agent.risk.reasons import DESIGNATED_PREFIX, SECURITY_KIND_PREFIX, RejectReason

ALWAYS_ALLOWED = SecurityKind.STOCK
"""Ordinary stocks are always tradable by kind; every other kind must be allowed explicitly."""


def entry_blocks(info: ListingInfo, *, allowed_kinds: frozenset[SecurityKind]) -> tuple[str, ...]:
    """Return the reason codes that forbid an entry into ``info``; empty means tradable.

    ``HALTED`` when trading is halted, ``DESIGNATED_<name>`` for every designation (each one
    blocks an entry), ``SECURITY_KIND_<name>`` when the kind is neither STOCK nor allowed.
    """
    reasons: list[str] = []
    if info.halted:
        reasons.append(str(RejectReason.HALTED))
    reasons += [DESIGNATED_PREFIX + designation.name for designation in info.designations]
    if info.kind is not ALWAYS_ALLOWED and info.kind not in allowed_kinds:
        reasons.append(SECURITY_KIND_PREFIX + info.kind.name)
    return tuple(reasons)


def entry_market(
    view: MarketView, listing: ListingInfo | None, allowed_kinds: frozenset[SecurityKind]
) -> MarketView:
    """Return ``view`` with what the stock information forbids an entry (none read: blocked,
    ``NO_LISTING_INFO``)."""
    if listing is None:
        return structs.replace(view, entry_blocks=(str(RejectReason.NO_LISTING_INFO),))
    return structs.replace(
        view,
        halted=view.halted or listing.halted,
        entry_blocks=entry_blocks(listing, allowed_kinds=allowed_kinds),
    )
