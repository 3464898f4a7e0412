"""What the simulator's own ``/sim/*`` routes show beside Kiwoom's TRs (tests, debugging)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from krxsim.market.market import SyntheticMarket
from krxsim.venue import Venue


def account_view(venue: Venue, now: datetime) -> dict[str, Any]:
    """Return the account: ``min_cash`` is the lowest cash reached today, so a test can tell
    whether the account was ever used on credit (미수)."""
    held = venue.account
    return {
        "now": now.isoformat(),
        "account_no": held.account_no,
        "initial_cash": held.initial_cash,
        "cash": held.cash,
        "min_cash": held.min_cash,
        "margin_room": held.margin_room,
        "orderable": held.orderable_cash,
        "orderable_without_margin": held.cash_orderable,
        "holdings": [
            {
                "code": h.code,
                "qty": h.qty,
                "avg_price": h.avg_price,
                "sellable": held.sellable(h.code),
            }
            for h in sorted(held.holdings.values(), key=lambda h: h.code)
            if h.qty > 0
        ],
    }


def special_stocks(market: SyntheticMarket) -> dict[str, Any]:
    """Return the day's special stocks with their names and market times."""
    names = market.listings
    specials = market.specials
    return {
        "halts": [
            {"code": h.code, "name": names[h.code].name, "at": h.at.isoformat()}
            for h in specials.halts
            if h.code in names
        ],
        "designated": [
            {
                "code": d.code,
                "name": names[d.code].name,
                "designation": d.designation.value,
                "surge_at": d.surge_at.isoformat() if d.surge_at else None,
            }
            for d in specials.designated
            if d.code in names
        ],
        "limit_down": [
            {"code": x.code, "name": names[x.code].name, "at": x.at.isoformat()}
            for x in specials.limit_down
            if x.code in names
        ],
    }
