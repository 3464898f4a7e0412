"""What the snapshot board carries: the latest snapshot per actor, and a stream of events.

Every event is one of the :data:`LiveEvent` structs, one per :class:`Topic`, each with the
payload type of its topic. They are what ``/ws/live`` sends as they are (``web/live.py``) and
what the OpenAPI document lists, so the dashboard's types are generated from these very
classes; a publisher names the event's class and the type checker holds it to the payload.
"""

from __future__ import annotations

import functools
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar, Union

from msgspec import Struct

from actors.account.messages import AccountSnapshot
from actors.gateway.messages import BrokerChanged, FeedChanged
from actors.recorder.messages import DaySummarized
from actors.risk.messages import BrakesChanged, ExitRefused, PriceStale, TradeSignal
from actors.router.messages import (
    BrokerNumberConflict,
    LimitLocked,
    SendsAmbiguous,
    UsersOrderSeen,
)
from actors.router.views import OrderFill, OrderView
from actors.scanner.messages import HistoryStored, ScannerSnapshot
from actors.scheduler.messages import PhaseChanged
from actors.stock.messages import StockSnapshot
from actors.supervision.events import SupervisionEvent
from agent.news.contract import BreakingNews


class Topic(StrEnum):
    """Event streams the web layer forwards (ARCHITECTURE.md §4, point 8)."""

    PRICE_UPDATE = "price_update"
    POSITION_UPDATE = "position_update"
    TRADE_SIGNAL = "trade_signal"
    ORDER_UPDATE = "order_update"
    ORDER_FILLED = "order_filled"
    SYSTEM_STATUS = "system_status"
    ACTOR_RESTARTED = "actor_restarted"
    ACTOR_EVENT = "actor_event"
    SCANNER_UPDATE = "scanner_update"
    NEWS = "news"


# Only the newest of these matters to a reader that fell behind: a stale price or position is
# replaced by the fresh one instead of queueing both. Fills, signals and restarts are never merged.
COALESCED: frozenset[Topic] = frozenset(
    {Topic.PRICE_UPDATE, Topic.POSITION_UPDATE, Topic.SYSTEM_STATUS, Topic.SCANNER_UPDATE}
)

# typing.Union rather than "|" for the unions (hence the noqa): the OpenAPI document names them
# (web/unions.py), and Litestar can key a typing.Union but not a types.UnionType.
StatusChange = Union[  # noqa: UP007
    FeedChanged, BrokerChanged, PhaseChanged, HistoryStored, DaySummarized, BrakesChanged
]
"""What a ``system_status`` event says changed, tagged by ``event``."""

ActorReport = Union[  # noqa: UP007
    SupervisionEvent,
    LimitLocked,
    BrokerNumberConflict,
    SendsAmbiguous,
    UsersOrderSeen,
    ExitRefused,
    PriceStale,
]
"""What an ``actor_event`` says: a supervision event or an actor's alert, tagged by ``event``."""

D = TypeVar("D")


class Envelope(Struct, Generic[D], frozen=True, kw_only=True, tag_field="type"):
    """One published fact; ``seq`` increases by one per event across the whole board.

    Each subclass is one topic (its tag, the ``type`` on the wire) and names its payload type
    again, for readers that do not resolve the generic parameter (the OpenAPI generator).
    """

    seq: int
    at: datetime
    source: str
    """The stable id of the actor that published it (``stock:005930``, ``router``)."""
    code: str | None
    data: D

    @property
    def topic(self) -> Topic:
        """The event's topic: its class's tag."""
        return _topic_of(type(self))


class LivePriceUpdate(Envelope[StockSnapshot], frozen=True, tag=Topic.PRICE_UPDATE.value):
    """A watched stock's new state, after a trade or a closed bar."""

    data: StockSnapshot


class LivePositionUpdate(Envelope[AccountSnapshot], frozen=True, tag=Topic.POSITION_UPDATE.value):
    """The account as the Account just reconciled or marked it: cash and every position."""

    data: AccountSnapshot


class LiveTradeSignal(Envelope[TradeSignal], frozen=True, tag=Topic.TRADE_SIGNAL.value):
    """An intent and the risk governor's decision on it."""

    data: TradeSignal


class LiveOrderUpdate(Envelope[OrderView], frozen=True, tag=Topic.ORDER_UPDATE.value):
    """An order of the agent's changed: the same row ``GET /orders`` answers."""

    data: OrderView


class LiveOrderFilled(Envelope[OrderFill], frozen=True, tag=Topic.ORDER_FILLED.value):
    """An execution of an order of the agent's."""

    data: OrderFill


class LiveSystemStatus(Envelope[StatusChange], frozen=True, tag=Topic.SYSTEM_STATUS.value):
    """The feed, the broker link or the market phase changed, or the day was summarised."""

    data: StatusChange


class LiveActorRestarted(Envelope[SupervisionEvent], frozen=True, tag=Topic.ACTOR_RESTARTED.value):
    """A supervisor restarted a child."""

    data: SupervisionEvent


class LiveActorEvent(Envelope[ActorReport], frozen=True, tag=Topic.ACTOR_EVENT.value):
    """Any other supervision event, or an actor's alert."""

    data: ActorReport


class LiveScannerUpdate(Envelope[ScannerSnapshot], frozen=True, tag=Topic.SCANNER_UPDATE.value):
    """The scanner's new leaders and watch list: the same snapshot ``GET /scanner/top``
    answers."""

    data: ScannerSnapshot


class LiveNews(Envelope[BreakingNews], frozen=True, tag=Topic.NEWS.value):
    """A breaking article about a stock, as the news service scored it."""

    data: BreakingNews


LiveEvent = Union[  # noqa: UP007
    LivePriceUpdate,
    LivePositionUpdate,
    LiveTradeSignal,
    LiveOrderUpdate,
    LiveOrderFilled,
    LiveSystemStatus,
    LiveActorRestarted,
    LiveActorEvent,
    LiveScannerUpdate,
    LiveNews,
]
"""Every event the board carries, tagged by ``type`` (its topic)."""


class Snapshot(Struct, frozen=True, kw_only=True):
    """The latest state an actor published about itself."""

    source: str
    version: int
    at: datetime
    data: Any


@functools.cache
def _topic_of(cls: type[Envelope[Any]]) -> Topic:
    """The topic of an event class (read per subscriber for every event: worked out once)."""
    return Topic(str(cls.__struct_config__.tag))
