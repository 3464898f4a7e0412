"""One frozen settings struct per component, each field with its default and meaning.

Values are checked where they are declared (``Meta`` constraints); rules that tie fields together
live in :mod:`agent.settings.checks`. Percentages are plain numbers of percent (``-3.0`` means
-3 %); they are turned into basis points where money is computed.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from msgspec import Meta, Struct

from agent.formats import HH_MM
from agent.secret import Secret, mask_url_credentials

HHMM = Annotated[str, Meta(pattern=HH_MM, description="HH:MM, Asia/Seoul")]
Port = Annotated[int, Meta(ge=1, le=65_535)]
Seconds = Annotated[float, Meta(gt=0, le=3_600)]


class Mode(StrEnum):
    """Which broker, market data and clock the agent runs against (ARCHITECTURE.md §5)."""

    DEMO = "demo"
    PAPER = "paper"
    LIVE = "live"
    BACKTEST = "backtest"


def _masked(url: str | None) -> str | None:
    return None if url is None else mask_url_credentials(url)


class _Section(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every settings section: immutable, keyword-only, unknown keys rejected."""


class DatabaseSettings(_Section, frozen=True):
    url: str | None = None
    """SQLAlchemy URL; unset means the embedded SQLite file ``<data_dir>/stockagent.db``."""
    echo: bool = False
    """Log every SQL statement (debugging only)."""

    def __repr__(self) -> str:
        return f"DatabaseSettings(url={_masked(self.url)!r}, echo={self.echo})"


class RedisSettings(_Section, frozen=True):
    url: str | None = None
    """``redis://host:port/db`` for breaking news and fan-out; unset means the in-process bus."""

    def __repr__(self) -> str:
        return f"RedisSettings(url={_masked(self.url)!r})"


class TuningSettings(_Section, frozen=True):
    storage: str | None = None
    """optuna storage of ``stockagent tune`` and the dashboard's tuning page, e.g.
    ``postgresql+psycopg://user@host/db``; unset means ``<data_dir>/tuning.db`` (SQLite)."""

    def __repr__(self) -> str:
        return f"TuningSettings(storage={_masked(self.storage)!r})"


class KiwoomSettings(_Section, frozen=True):
    base_url: str | None = None
    """REST base URL; unset picks by mode: the embedded simulator (demo), Kiwoom's mock server
    (paper) or the real one (live)."""
    ws_url: str | None = None
    """Realtime WebSocket URL; unset derives it from ``base_url``."""
    appkey: Secret | None = None
    """App key from the Kiwoom portal; never logged. In modes paper and live it comes from the
    OS keyring, ``STOCKAGENT_KIWOOM_APPKEY`` or ``<data_dir>/secrets.toml``
    (:mod:`agent.settings.kiwoom_keys`); a value in the config file is read last, warned about."""
    secretkey: Secret | None = None
    """Secret key from the Kiwoom portal, found as ``appkey`` is
    (``STOCKAGENT_KIWOOM_SECRETKEY``); never logged."""
    rate_profile: Literal["real", "mock", "simulator"] | None = None
    """Request budget per api-id; unset picks by mode."""
    request_timeout_s: Seconds = 10.0
    """Give up on one HTTP request after this long."""
    realtime: bool = True
    """Receive trades over the realtime WebSocket; false polls quotes (ka10095) instead."""
    poll_interval_s: Seconds = 1.0
    """With no realtime feed (turned off, or down and reconnecting), poll the watched codes'
    quotes this often, in market seconds, during the continuous session."""
    stop_order_exchange: Literal["NXT", "SOR", "KRX"] = "NXT"
    """Venue of the agent's backstops (스톱지정가 is Nextrade's order type; KRX does not take
    it). A code Nextrade does not list has its backstop refused: the dashboard and a
    notification say so, and the running agent's own stop guards it alone."""
    broker_lost_after_s: Seconds = 15.0
    """Real seconds of failing calls (three at least) after which the broker counts as lost:
    a system event, a notification, ``broker.state = lost`` in ``/system/status``."""


class ApiSettings(_Section, frozen=True):
    host: str = "127.0.0.1"
    """Address the API binds to; anything but loopback needs ``allow_remote``."""
    port: Port = 8000
    """TCP port of the REST/WebSocket API and the dashboard."""
    allow_remote: bool = False
    """Permit binding a non-loopback address (the API steers real money)."""
    cors_origins: list[str] = []
    """Origins allowed to call the API from a browser; empty means same-origin only."""


class StrategySettings(_Section, frozen=True):
    enabled: bool = True
    """Take new entries at all (exits and stop-losses run regardless)."""
    top_n: Annotated[int, Meta(ge=1, le=50)] = 10
    """How many turnover leaders the opening scanner watches."""
    news_score_threshold: Annotated[int, Meta(ge=0, le=100)] = 60
    """Minimum StockNews score (0-100) for an entry."""
    window_start: HHMM = "09:00"
    """First minute entries may be taken."""
    window_end: HHMM = "10:00"
    """Entries stop at this minute."""
    opening_range_minutes: Annotated[int, Meta(ge=1, le=60)] = 5
    """Length of the opening range whose high must be broken."""
    min_volume_ratio: Annotated[float, Meta(ge=0.1, le=100)] = 2.0
    """Today's volume so far over the previous day's volume by the same minute."""
    min_change_pct: Annotated[float, Meta(ge=-30, le=30)] = 2.0
    """Minimum gain over the previous close."""
    max_change_pct: Annotated[float, Meta(ge=-30, le=30)] = 20.0
    """Skip stocks already this far up (too close to the +30% limit)."""
    require_news: bool = True
    """Rule switch: news score over the threshold."""
    require_vwap: bool = True
    """Rule switch: price above VWAP."""
    require_breakout: bool = True
    """Rule switch: price above the opening-range high."""
    scan_interval_s: Seconds = 30.0
    """How often the scanner polls the ranking TRs during the window."""


class RiskSettings(_Section, frozen=True):
    max_weight_pct: Annotated[float, Meta(gt=0, le=100)] = 10.0
    """Largest share of equity one stock may take."""
    stop_loss_pct: Annotated[float, Meta(ge=-5.0, le=-3.0)] = -3.0
    """Exit a position this far below its entry price (between -5 and -3)."""
    daily_loss_limit_pct: Annotated[float, Meta(ge=-20.0, lt=0)] = -2.0
    """Halt new entries for the day once realised plus open P&L reaches this share of equity."""
    max_positions: Annotated[int, Meta(ge=1, le=20)] = 3
    """Most positions open at once."""
    eod_exit: Literal["flatten", "hold"] = "flatten"
    """At ``eod_exit_time``: sell everything, or keep positions overnight."""
    eod_exit_time: HHMM = "15:10"
    """When the end-of-day exit starts; must be before the 15:20 closing auction."""
    entry_offset_ticks: Annotated[int, Meta(ge=0, le=20)] = 5
    """An entry's limit is this many ticks above the signal price (clipped to the upper
    limit): a breakout in a surging stock runs away from a limit at the last trade."""
    capital_won: Annotated[int, Meta(gt=0)] | None = None
    """The most the agent may have at work, positions and pending entries together, in won;
    weights and the daily loss limit are shares of it. Required in live mode; unset in demo
    and paper: the account's 미수-free orderable cash at the day's first start."""
    on_daily_loss: Literal["halt", "flatten"] = "halt"
    """At the daily loss limit: halt new entries, or also sell the agent's own positions."""
    stop_order: Literal["marketable_limit", "best", "market"] = "marketable_limit"
    """How a stop-loss sells: a limit ``stop_limit_ticks`` through the best bid, re-issued
    further through until filled (최유리지정가 from the third re-issue); ``best``
    (최유리지정가); or a plain market order."""
    stop_limit_ticks: Annotated[int, Meta(ge=1, le=20)] = 3
    """Ticks below the best bid (else the last price) a marketable-limit stop is priced at;
    each re-issue goes this many ticks further."""
    stop_reprice_s: Seconds = 5.0
    """Re-price an unfilled marketable-limit stop this often (market seconds)."""
    stale_price_s: Seconds = 30.0
    """A held code without a price for this long: fetch a quote (ka10095) and alert."""
    allow_security_kinds: list[Literal["ETF", "ETN", "ELW", "SPAC", "PREFERRED", "REIT"]] = []
    """Security kinds besides common stock the agent may enter (none by default)."""
    backstop: bool = True
    """Hold a stop-limit sell (스톱지정가) at the broker for each of the agent's positions,
    ``backstop_gap_pct`` beyond its stop: it sells while the agent is not running to (a
    restart, a crash, the machine asleep or offline). The agent cancels it before each exit
    of its own. Off: the stops live in the running agent only."""
    backstop_gap_pct: Annotated[float, Meta(ge=0, le=5)] = 0.5
    """How far below the agent's own stop a backstop's trigger sits (percent of the stop):
    the running agent's stop, which knows VIs and the lower limit, acts first."""
    backstop_slippage_pct: Annotated[float, Meta(gt=0, le=10)] = 2.0
    """How far below its trigger a backstop's limit sits (percent): the least it sells at."""


class ExecutionSettings(_Section, frozen=True):
    max_slice_qty: Annotated[int, Meta(ge=1)] | None = None
    """Split an order into child orders of at most this many shares; unset: one order."""
    entry_timeout_s: Seconds = 60.0
    """Cancel an entry limit not filled within this long (a missed breakout is not chased)."""
    exit_timeout_s: Seconds = 30.0
    """Cancel a limit exit not filled within this long and sell the rest at market."""


class NewsSettings(_Section, frozen=True):
    stocknews_url: str | None = None
    """Base URL of the StockNews service; unset in demo uses the simulator's."""
    channel: str = "news_breaking_kr"
    """Redis channel with breaking news."""
    cache_ttl_s: Seconds = 60.0
    """How long a news score is reused before it is looked up again."""


class LogSettings(_Section, frozen=True):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Least severe level written."""
    console: bool = True
    """Also print readable lines to the console."""
    retention_days: Annotated[int, Meta(ge=1, le=3_650)] = 30
    """Daily log files kept."""


class NotifySettings(_Section, frozen=True):
    urls: list[Secret] = []
    """apprise URLs to notify (``tgram://``, ``slack://``, ``discord://``, ``mailto://``,
    ``json://`` webhooks...); env ``STOCKAGENT_NOTIFY_URLS``, comma-separated. They carry
    tokens: kept like keys, never printed. Empty: no notifications."""
    language: Literal["ko", "en"] = "ko"
    """Language of the messages (the dashboard's two)."""
    batch_s: Annotated[float, Meta(ge=0, le=600)] = 10.0
    """How long a notice waits for others (a burst of fills is one message); stops, the kill
    switch, the broker lost and the day's summary go at once."""
    per_minute: Annotated[int, Meta(ge=1, le=60)] = 6
    """Most messages per minute; past it, notices gather into the next one."""
    fills: bool = True
    """Tell every fill (false: only stops, brakes, faults and the day's summary)."""


class ShutdownSettings(_Section, frozen=True):
    positions: Literal["keep", "flatten"] = "keep"
    """What a graceful stop (SIGTERM, Ctrl-C) does with the agent's own positions: keep them
    (the next start reconciles and watches them again) or sell them at market first. The
    user's holdings are never touched."""
    timeout_s: Seconds = 30.0
    """How long the stop waits for working entry orders to be cancelled (and, with
    ``flatten``, for the positions to be sold) before it stops anyway and says what is left."""


class SimulatorSettings(_Section, frozen=True):
    seed: int = 7
    """Which synthetic day the demo plays (same seed, same day)."""
    speed: Annotated[float, Meta(gt=0, le=1_000)] = 60.0
    """How many market seconds pass per real second."""
    start: HHMM = "08:30"
    """Market time the synthetic day starts at."""
    port: Annotated[int, Meta(ge=0, le=65_535)] = 0
    """Port of the embedded simulator; 0 picks a free one."""
    margin_room_won: Annotated[int, Meta(ge=0)] = 0
    """미수 room of the simulated account: how far beyond its cash buys may go (0: a cash
    account; ``stockagent demo --margin-room`` overrides it)."""


class WatchdogSettings(_Section, frozen=True):
    enabled: bool = True
    """Probe every actor's mailbox and the event loops: a stuck actor is abandoned and restarted
    by its supervisor; a stuck supervisor or API loop ends the process (non-zero), for launchd
    or systemd to start it again."""
    interval_s: Annotated[float, Meta(gt=0, le=60)] = 1.0
    """How often each actor and loop is probed (one probe waits at a time)."""
    stuck_after_s: Seconds = 120.0
    """An actor whose mailbox has not moved for this long is stuck. A handler may rightly wait
    on a few broker calls (up to 30 s each); the scanner, which stores the day's bars of every
    watched code at the close, gets at least 900 s."""
    supervisor_stuck_after_s: Seconds = 300.0
    """A supervisor silent this long ends the process. Restarting a subtree rightly blocks one
    for its children's start and stop timeouts (a minute or two at worst)."""
    loop_stuck_after_s: Seconds = 60.0
    """The API's event loop silent this long ends the process; the broker session's loop this
    long restarts the gateway."""
    ready_reconcile_max_age_s: Seconds = 120.0
    """Readiness (``GET /api/v1/health/ready``) needs the account's last reconciliation with the
    broker to be at most this old, in real seconds (it reconciles every 30 market seconds)."""


class Settings(_Section, frozen=True):
    """Every setting of the agent; built only by :func:`agent.settings.load_settings`."""

    mode: Mode = Mode.DEMO
    """demo (simulator), paper (Kiwoom mock), live (real money), backtest (recorded days)."""
    data_dir: str = "~/.stockagent"
    """Where the database, logs, the API token and the 0600 secrets file live."""
    database: DatabaseSettings = DatabaseSettings()
    redis: RedisSettings = RedisSettings()
    kiwoom: KiwoomSettings = KiwoomSettings()
    api: ApiSettings = ApiSettings()
    strategy: StrategySettings = StrategySettings()
    risk: RiskSettings = RiskSettings()
    execution: ExecutionSettings = ExecutionSettings()
    news: NewsSettings = NewsSettings()
    logging: LogSettings = LogSettings()
    simulator: SimulatorSettings = SimulatorSettings()
    tuning: TuningSettings = TuningSettings()
    notify: NotifySettings = NotifySettings()
    shutdown: ShutdownSettings = ShutdownSettings()
    watchdog: WatchdogSettings = WatchdogSettings()

    @property
    def data_path(self) -> Path:
        """Return the data directory with ``~`` expanded."""
        return Path(self.data_dir).expanduser()

    @property
    def tuning_storage(self) -> str:
        """Return the tuning studies' storage URL, defaulting to SQLite in the data dir."""
        return self.tuning.storage or f"sqlite:///{self.data_path / 'tuning.db'}"

    @property
    def database_url(self) -> str:
        """Return the database URL, defaulting to the embedded SQLite file."""
        if self.database.url:
            return self.database.url
        return f"sqlite:///{self.data_path / 'stockagent.db'}"

    def secrets(self) -> list[str]:
        """Return every secret value, for the log redactor."""
        found = [s.reveal() for s in (self.kiwoom.appkey, self.kiwoom.secretkey) if s]
        found.extend(url.reveal() for url in self.notify.urls)
        return [value for value in found if value]
