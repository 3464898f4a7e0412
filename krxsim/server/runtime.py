"""Everything one running simulator holds: venue, limiter, faults, sessions, news."""

from __future__ import annotations

from krxsim.clock import Clock
from krxsim.config import SimulatorConfig
from krxsim.news.desk import NewsDesk
from krxsim.news.publisher import CallbackPublisher, NewsPublisher, RedisPublisher
from krxsim.server.faults import Faults
from krxsim.server.limiter import RateLimiter
from krxsim.server.realtime.hub import SessionHub
from krxsim.venue import Venue


class SimRuntime:
    """The simulator's state behind the HTTP and WebSocket routes."""

    def __init__(
        self, config: SimulatorConfig, clock: Clock, publisher: NewsPublisher | None = None
    ) -> None:
        self.config = config
        self.clock = clock
        self.venue = Venue(config, clock)
        self.limiter = RateLimiter(config.rate_limit, capacity=config.rate_capacity)
        self.faults = Faults(config.faults)
        self.hub = SessionHub()
        self.news = NewsDesk(self.venue.market.script, self.venue.market.listings)
        if publisher is None:
            publisher = (
                RedisPublisher(config.redis_url) if config.redis_url else CallbackPublisher()
            )
        self.publisher = publisher

    def step(self) -> None:
        """Advance everything time-driven to the market clock's now (fills, news)."""
        self.venue.step()
        for item in self.news.due(self.clock.now()):
            self.publisher.publish(item)
