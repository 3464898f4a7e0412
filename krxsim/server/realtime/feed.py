"""What one session's registrations produce since its last batch: 0B, 0D, 1h, 0s, 00, 04."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from krxsim.exchange.orders import OrderEvent
from krxsim.market.path import ViEvent
from krxsim.market.session import OPERATION_NOTICES, SESSION_CODE, phase_at
from krxsim.server.realtime import fids
from krxsim.server.realtime.messages import entry
from krxsim.venue import Venue

MAX_PRINTS_PER_BATCH = 200
"""Prints of one code in one batch beyond this are skipped (after a big clock jump); FID 13
(cumulative volume) lets a client reconcile."""


class Feed:
    """Registrations of one session and how far each has been delivered."""

    def __init__(self, venue: Venue) -> None:
        self.venue = venue
        self.groups: dict[str, set[tuple[str, str]]] = {}
        self._last_k: dict[str, int] = {}
        self._vi_seen: set[tuple[str, int, bool]] = set()
        self._notices_sent = -1
        self._expected: dict[str, tuple[int, int]] = {}
        self.pending: list[OrderEvent] = []

    def items(self) -> set[str]:
        return {item for regs in self.groups.values() for item, _ in regs if item}

    def types(self) -> set[str]:
        return {kind for regs in self.groups.values() for _, kind in regs}

    def register(self, group: str, pairs: set[tuple[str, str]], refresh: bool) -> None:
        if not refresh:
            self.groups.clear()
            self._last_k.clear()
        self.groups.setdefault(group, set()).update(pairs)
        now = self.venue.now()
        for item, kind in pairs:
            code = item[:6]
            if kind == "0B" and code in self.venue.market.listings and code not in self._last_k:
                self._last_k[code] = self.venue.market.index(code, now)
        if "1h" in {k for _, k in pairs}:
            self._vi_entries(now, announce=False)  # only VIs from now on are news
        if "0s" in {k for _, k in pairs} and self._notices_sent < 0:
            clock = now.timetz().replace(tzinfo=None)
            self._notices_sent = sum(1 for at, _ in OPERATION_NOTICES if at <= clock) - 1

    def remove(self, group: str, pairs: set[tuple[str, str]]) -> None:
        for regs in [self.groups.get(group, set())] if group else list(self.groups.values()):
            regs.difference_update(pairs)
        still = {i[:6] for regs in self.groups.values() for i, k in regs if k in ("0B", "0D")}
        for code in [c for c in self._last_k if c not in still]:
            del self._last_k[code]  # a later REG starts from its own moment, not a backlog

    def batch(self) -> list[dict[str, Any]]:
        """Return the REAL entries due since the last call."""
        now = self.venue.now()
        out: list[dict[str, Any]] = []
        market = self.venue.market
        codes_0b = {i[:6] for regs in self.groups.values() for i, k in regs if k == "0B"}
        codes_0d = {i[:6] for regs in self.groups.values() for i, k in regs if k == "0D"}
        touched: set[str] = set()
        for code in sorted(codes_0b):
            if code not in market.listings:
                continue
            day = market.day(code)
            k = day.index_at(market.seconds(now))
            start = self._last_k.get(code, k)
            prints = day.prints(start, k)[-MAX_PRINTS_PER_BATCH:]
            self._last_k[code] = k
            listing = market.listings[code]
            for p in prints:
                at = market.at(p.t)
                q = market.quote(code, at)
                book = market.book(code, at)
                session = SESSION_CODE[phase_at(at)]
                values = fids.trade(p, q, book, at, listing.listed_shares, session)
                out.append(entry("0B", code, values))
                touched.add(code)
        for code in sorted(codes_0d):
            if code in market.listings and (code in touched or code not in self._last_k):
                if code not in self._last_k:
                    self._last_k[code] = market.index(code, now)
                q = market.quote(code, now)
                out.append(entry("0D", code, fids.quote_book(market.book(code, now), q, now)))
        out += self._expected_entries(now)
        out += self._vi_entries(now)
        out += self._notices(now)
        out += self._orders()
        return out

    def _expected_entries(self, now: datetime) -> list[dict[str, Any]]:
        """0H while a code's auction collects orders, whenever its indication changes."""
        market = self.venue.market
        codes = {i[:6] for regs in self.groups.values() for i, k in regs if k == "0H"}
        out = []
        for code in sorted(codes):
            if code not in market.listings:
                continue
            q = market.quote(code, now)
            if not q.expected_price:
                continue
            shown = (q.expected_price, q.expected_qty)
            if self._expected.get(code) == shown:
                continue
            self._expected[code] = shown
            out.append(entry("0H", code, fids.expected(q, now)))
        return out

    def _vi_entries(self, now: datetime, *, announce: bool = True) -> list[dict[str, Any]]:
        market = self.venue.market
        regs = {i for regs in self.groups.values() for i, k in regs if k == "1h"}
        if not regs:
            return []
        t = market.seconds(now)
        everything = "" in regs
        events: list[ViEvent] = (
            market.vi_events(now)
            if everything
            else [
                e
                for c in sorted(regs)
                if c[:6] in market.listings
                for e in market.day(c[:6]).vi_events
            ]
        )
        out = []
        for event in events:
            for released, when in ((False, event.start), (True, event.end)):
                key = (event.code, event.start, released)
                if when > t or key in self._vi_seen:
                    continue
                self._vi_seen.add(key)
                if not announce:
                    continue
                at = market.at(when)
                q = market.quote(event.code, at)
                name = market.listings[event.code].name
                out.append(entry("1h", event.code, fids.vi(event, name, q, at, released)))
        return out

    def _notices(self, now: datetime) -> list[dict[str, Any]]:
        if "0s" not in self.types():
            return []
        clock = now.timetz().replace(tzinfo=None)
        out = []
        for i, (at, code) in enumerate(OPERATION_NOTICES):
            if i <= self._notices_sent or at > clock:
                continue
            self._notices_sent = i
            when = now.replace(hour=at.hour, minute=at.minute, second=at.second, microsecond=0)
            out.append(entry("0s", "", fids.operation(code, when, "000000")))
        return out

    def _orders(self) -> list[dict[str, Any]]:
        types = self.types()
        events, self.pending = self.pending, []
        out: list[dict[str, Any]] = []
        market = self.venue.market
        account = self.venue.account
        now = self.venue.now()
        for event in events:
            code = event.order.code
            q = market.quote(code, now)
            book = market.book(code, now)
            name = market.listings[code].name
            if "00" in types:
                out.append(entry("00", code, fids.order(event, account.account_no, name, q, book)))
            if "04" in types and event.fill is not None:
                held = account.holdings[code]
                values = fids.balance(
                    held, account.account_no, name, q, book, account.sellable(code), event.fill.side
                )
                out.append(entry("04", code, values))
        return out
