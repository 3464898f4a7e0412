"""Kiwoom realtime events -> this package's inputs: ``0B`` trades to :class:`Tick`, ``1h`` to
:class:`ViEvent`. Pure functions; None means "not an input of the market-data logic".

Trades (kiwoom-rest-api.md §6.5, 0B):

* Only regular-session prints count (FID 290 장구분 ``"2"``). Pre- and post-market after-hours
  prints (``"1"``, ``"3"``) trade at other prices and rules and would distort the day's bars,
  VWAP and opening range.
* FID 15 is the traded quantity signed by the aggressor (``+`` 매수체결, ``-`` 매도체결); the
  client keeps the magnitude in ``qty`` and the sign in ``side``. It is signed again here; an
  unsigned print (an auction uncross) becomes a positive quantity with ``side_known=False``.
* A print without a time, with a zero quantity or a non-positive price carries no trade and is
  dropped rather than passed on to fail in :func:`~agent.marketdata.apply_tick`.

VI (1h): FID 9068 VI발동구분 is not specified by the document; ``"1"`` / ``"발동"`` are read as a
trigger and ``"2"`` / ``"해제"`` as a release. Any other value falls back on the times: a
release time (FID 1224) means a release, else a trigger time (FID 1223) means a trigger. A
trigger may carry the expected release time in FID 1224, hence the explicit kind comes first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from agent.broker.events import TradeTick, ViTriggered
from agent.broker.market import ViStock
from agent.domain import Side
from agent.marketdata.events import Tick, ViEvent, ViPhase, ViScope
from agent.marketdata.live import LiveState

REGULAR_SESSION = "2"
"""FID 290 장구분 of a regular-session (장중) print."""

_SELL = Side.SELL
"""Read once: an enum member's look-up costs more than the rest of a print's checks."""

_TRIGGER_KINDS = frozenset({"1", "발동"})
_RELEASE_KINDS = frozenset({"2", "해제"})


def tick_from_trade(trade: TradeTick, ts: float | None = None) -> Tick | None:
    """Return the :class:`Tick` of a regular-session trade print, None for anything else;
    ``ts``, if given, is ``trade.time`` as a POSIX timestamp."""
    if trade.session != REGULAR_SESSION and trade.session.strip() != REGULAR_SESSION:
        return None
    if trade.time is None or trade.time.tzinfo is None:
        return None
    if trade.qty <= 0 or trade.price <= 0:
        return None
    signed = -trade.qty if trade.side is Side.SELL else trade.qty
    return Tick(
        code=trade.code,
        at=trade.time,
        price=trade.price,
        quantity=signed,
        cum_volume=trade.cum_volume or None,
        side_known=trade.side is not None,
        ts=ts,
    )


class Trade(Protocol):
    """What :func:`fold_trade` reads of a print: a :class:`TradeTick`, or a journal's print."""

    @property
    def time(self) -> datetime | None: ...
    @property
    def price(self) -> int: ...
    @property
    def qty(self) -> int: ...
    @property
    def side(self) -> Side | None: ...
    @property
    def cum_volume(self) -> int: ...
    @property
    def session(self) -> str: ...


def fold_trade(live: LiveState, trade: Trade) -> bool | None:
    """Apply ``trade`` to ``live`` as ``live.apply(tick_from_trade(trade))`` would, without
    building the :class:`Tick` (the per-tick path); None when it is not a trade, else whether
    it closed the bar in progress. The same checks and signs as :func:`tick_from_trade`, which
    a property test holds it to."""
    at, price, qty = trade.time, trade.price, trade.qty
    session = trade.session
    if session != REGULAR_SESSION and session.strip() != REGULAR_SESSION:
        return None
    if at is None or at.tzinfo is None or qty <= 0 or price <= 0:
        return None
    side = trade.side
    signed = -qty if side is _SELL else qty
    return live.trade(at, price, signed, trade.cum_volume or None, side is not None)


def vi_scope(apply_type: str) -> ViScope | None:
    """Read FID 1225 VI적용구분 (정적 / 동적 / 동적+정적); None when it says neither."""
    static, dynamic = "정적" in apply_type, "동적" in apply_type
    if static and dynamic:
        return ViScope.BOTH
    if dynamic:
        return ViScope.DYNAMIC
    if static:
        return ViScope.STATIC
    return None


def vi_from_event(event: ViTriggered) -> ViEvent | None:
    """Return the :class:`ViEvent` of a ``1h`` push, None when it carries no usable time."""
    kind = event.kind.strip()
    if kind in _RELEASE_KINDS:
        phase, at = ViPhase.RELEASED, event.released_at
    elif kind in _TRIGGER_KINDS:
        phase, at = ViPhase.TRIGGERED, event.triggered_at
    elif event.released_at is not None:
        phase, at = ViPhase.RELEASED, event.released_at
    else:
        phase, at = ViPhase.TRIGGERED, event.triggered_at
    if at is None or at.tzinfo is None:
        return None
    return ViEvent(
        code=event.code,
        at=at,
        phase=phase,
        scope=vi_scope(event.apply_type),
        trigger_price=event.trigger_price or None,
    )


def vi_from_list(row: ViStock, now: datetime) -> list[ViEvent]:
    """Return the events one ka10054 row stands for at ``now``: its trigger, and its release if
    that time has passed (the list may carry the expected release of a VI still running). A
    restarted StockActor rebuilds from this the VI it would have seen on the feed."""
    if row.triggered_at is None or row.triggered_at.tzinfo is None:
        return []
    scope = vi_scope(row.kind)
    events = [
        ViEvent(
            code=row.code,
            at=row.triggered_at,
            phase=ViPhase.TRIGGERED,
            scope=scope,
            trigger_price=row.trigger_price or None,
        )
    ]
    released = row.released_at
    if released is not None and released.tzinfo is not None and row.triggered_at <= released <= now:
        events.append(ViEvent(code=row.code, at=released, phase=ViPhase.RELEASED, scope=scope))
    return events
