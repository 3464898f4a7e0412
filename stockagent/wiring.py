"""Connect the agent to a broker: the built-in simulator (demo) or a Kiwoom host (run)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy import Engine

from agent.kiwoom.config import ClientConfig
from agent.kiwoom.config import RateProfile as BrokerBudget
from agent.market.calendar import KrxCalendar, latest_regular_day
from agent.news.bus import BreakingNewsBus, InProcessBus, open_bus
from agent.news.client import NewsClient
from agent.secret import Secret
from agent.settings import Settings
from agent.store.engine import session_factory
from agent.store.repositories import OrderRepository
from agent.store.repositories.lots import ExternalOrderRepository
from krxsim import RunningSimulator
from krxsim.config import RateProfile, StartingHolding
from krxsim.news.publisher import CallbackPublisher
from stockagent.clock_follower import SimClock
from stockagent.simulator_config import config_from_settings

# Any non-empty pair works against the simulator when no keys are configured.
DEMO_APPKEY = "demo-appkey-local"
DEMO_SECRETKEY = "demo-secretkey-local"


@dataclass
class Connection:
    """What the agent needs from a broker connection, and how to close it."""

    client_config: ClientConfig
    clock: SimClock
    news_scores: Callable[[list[str]], dict[str, int | None]]
    bus: BreakingNewsBus
    closers: list[Callable[[], None]] = field(default_factory=list)
    simulator: RunningSimulator | None = None

    def close(self) -> None:
        for close in reversed(self.closers):
            close()


def credentials(settings: Settings) -> tuple[Secret, Secret]:
    kiwoom = settings.kiwoom
    return (
        kiwoom.appkey or Secret(DEMO_APPKEY),
        kiwoom.secretkey or Secret(DEMO_SECRETKEY),
    )


def start_simulator(
    settings: Settings,
    calendar: KrxCalendar,
    bus: BreakingNewsBus,
    *,
    seed: int,
    speed: float,
    holdings: tuple[StartingHolding, ...] = (),
    margin_room_won: int | None = None,
    trading_date: date | None = None,
    first_order_no: int = 1,
) -> RunningSimulator:
    """Start the built-in simulator on loopback; its breaking news reaches ``bus``.

    It trades ``trading_date`` (None: the latest regular session, as the demo does).

    The account starts with ``holdings`` and ``margin_room_won`` of 미수 room (None: the
    ``simulator.margin_room_won`` setting); its orders are numbered from ``first_order_no``.
    """
    appkey, secretkey = credentials(settings)
    room = settings.simulator.margin_room_won if margin_room_won is None else margin_room_won
    config = config_from_settings(
        settings.simulator,
        seed=seed,
        speed=speed,
        trading_date=trading_date or latest_regular_day(calendar),
        app_key=appkey.reveal(),
        app_secret=secretkey.reveal(),
        holdings=holdings,
        margin_room_won=room,
        first_order_no=first_order_no,
        # An accelerated market needs its polling accelerated too; the client's budget scales
        # with the speed (connect_simulator), so the embedded simulator counts nothing.
        rate_profile=RateProfile.OFF,
        redis_url=settings.redis.url or "",
    )
    # With Redis configured the simulator publishes there itself; otherwise straight to the bus.
    publisher = None if settings.redis.url else sim_news_publisher(bus)
    return RunningSimulator(config, publisher=publisher).start()


def connect_simulator(
    settings: Settings,
    base_url: str,
    ws_url: str,
    bus: BreakingNewsBus,
    *,
    rate: str | None = None,
) -> Connection:
    """Connect to a simulator: its clock, its Kiwoom surface and its StockNews service."""
    appkey, secretkey = credentials(settings)
    clock = SimClock(base_url)
    client_config = ClientConfig(
        appkey=appkey,
        secretkey=secretkey,
        base_url=base_url,
        ws_url=ws_url,
        rate=client_budget(rate, clock.clock.speed),
        stop_order_exchange=settings.kiwoom.stop_order_exchange,
    )
    news = NewsClient(settings.news, clock.clock, base_url=settings.news.stocknews_url or base_url)

    def news_scores(codes: list[str]) -> dict[str, int | None]:
        return {
            code: (s.score if s is not None else None) for code, s in news.scores(codes).items()
        }

    connection = Connection(
        client_config=client_config, clock=clock, news_scores=news_scores, bus=bus
    )
    connection.closers += [clock.close, news.close]
    return connection


def client_budget(rate: str | None, speed: float) -> Literal["real", "mock"] | BrokerBudget:
    """Return the client's request budget against a simulator running ``speed`` times faster.

    Kiwoom's real budget (5 per second per api-id, 5 queries and 5 orders in all) is paced in
    real seconds; a market that runs 60 times faster needs 60 times the requests to be watched
    as closely, so the budget scales with the speed. An explicit ``rate`` wins.
    """
    if rate == "mock":
        return "mock"
    if rate == "real" or speed <= 1:
        return "real"
    scaled = max(5, int(5 * speed))
    return BrokerBudget(per_api_id=scaled, query_group=scaled, order_group=scaled)


def news_bus(settings: Settings) -> BreakingNewsBus:
    """Return the started breaking-news bus: Redis when configured, else in-process."""
    bus = open_bus(settings.redis, settings.news)
    bus.start()
    return bus


def sim_news_publisher(bus: BreakingNewsBus) -> CallbackPublisher:
    """Route the simulator's breaking news into the agent's in-process bus."""
    if isinstance(bus, InProcessBus):
        return CallbackPublisher(bus.publish_encodable)
    return CallbackPublisher(None)


def first_free_order_no(engine: Engine, day: date) -> int:
    """Return the first order number past every one the database holds for ``day`` (the
    agent's orders and the user's it saw): a simulator started again on a day the database
    already traded must not give a number twice, as no broker does within a day."""
    sessions = session_factory(engine)
    numbers = ExternalOrderRepository(sessions).known(day)
    for order in OrderRepository(sessions).for_day(day):
        numbers |= {n for n in (order.broker_order_no, order.contested_broker_order_no) if n}
    return max((int(n) for n in numbers if n.isdigit()), default=0) + 1
