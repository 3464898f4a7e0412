"""The supervision tree of the agent (ARCHITECTURE.md §1), and why it is grouped this way.

::

    root (one_for_one)
    ├── scheduler        phases from the clock and the KRX calendar
    ├── broker (one_for_one, generous intensity)
    │   └── gateway      the Kiwoom session; restarts with backoff while the network is down
    ├── recorder         batched writes of bars; the day's learning metrics
    ├── news             breaking news to the stock actors, the board and the database
    ├── trading (rest_for_one): account -> risk -> router
    ├── watch (simple_one_for_one): one StockActor per watched code
    └── scanner          decides the watch list; started last, it starts StockActors

* The gateway sits under its own supervisor so that a long network outage, restarted with
  backoff, spends *that* supervisor's restart budget and not the root's.
* account -> risk -> router under rest_for_one: the risk governor decides against the account's
  view and the router sends what the governor approved, so when the account restarts the two
  after it restart too and rebuild from the database and the broker together; a router crash
  restarts only the router.
* Everyone finds the broker session through ``services.broker`` and peers through the
  registry, never through a cached ref.
* The watchdog (``[watchdog]``) probes every actor's mailbox and the broker session's loop: a
  stuck actor is abandoned and restarted by its supervisor like a crashed one (a stuck loop
  restarts the gateway); a stuck supervisor ends the process. The scanner gets a longer
  threshold for its close-of-day history run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pykka

from actors import ids
from actors.account.actor import Account
from actors.gateway.actor import Gateway
from actors.news.actor import NewsListener
from actors.recorder.actor import Recorder
from actors.risk.actor import RiskGovernor
from actors.router.actor import OrderRouter
from actors.runtime.services import Services
from actors.scanner.actor import Scanner
from actors.scheduler.actor import Scheduler
from actors.stock.actor import StockActor
from actors.supervision import (
    Backoff,
    ChildExited,
    ChildLink,
    ChildSpec,
    Restart,
    Strategy,
    SupervisionContext,
    Supervisor,
    SupervisorFlags,
    start_root,
    supervisor_spec,
)

ROOT_FLAGS = SupervisorFlags(strategy=Strategy.ONE_FOR_ONE, intensity=10, period=60.0)
BROKER_FLAGS = SupervisorFlags(strategy=Strategy.ONE_FOR_ONE, intensity=50, period=60.0)
TRADING_FLAGS = SupervisorFlags(strategy=Strategy.REST_FOR_ONE, intensity=10, period=60.0)
WATCH_FLAGS = SupervisorFlags(strategy=Strategy.SIMPLE_ONE_FOR_ONE, intensity=50, period=60.0)
NETWORK_BACKOFF = Backoff(initial=0.5, multiplier=2.0, max_delay=30.0, jitter=0.2)
SCANNER_STUCK_AFTER_S = 900.0
"""At the close the scanner stores the day's bars of every code watched that day, two paged,
rate-limited reads a code, in one message: minutes, not a stall (the watchdog's default for
every other actor is ``watchdog.stuck_after_s``)."""
STOCK_BACKOFF = Backoff(initial=0.02, multiplier=4.0, max_delay=30.0, jitter=0.2)
"""A StockActor drops its code's ticks while it is down, so its first restart is prompt (20 ms,
not the network's 500 ms: bench/restart_latency.py); repeated failures, such as starting while
the gateway is down, still back off quickly to the same 30 s cap."""


def _child(
    actor: Callable[..., pykka.ActorRef[Any]], child_id: str, services: Services, **kw: Any
) -> ChildSpec:
    def factory(link: ChildLink, *args: Any) -> pykka.ActorRef[Any]:
        return actor(link, services, *args)

    return ChildSpec(id=child_id, factory=factory, **kw)


def tree_specs(services: Services, context: SupervisionContext) -> list[ChildSpec]:
    """Return the root's children in start order."""
    return [
        _child(Scheduler.start, ids.SCHEDULER, services),
        supervisor_spec(
            id=ids.BROKER,
            flags=BROKER_FLAGS,
            context=context,
            children=[
                _child(
                    Gateway.start,
                    ids.GATEWAY,
                    services,
                    backoff=NETWORK_BACKOFF,
                    start_timeout=30.0,
                )
            ],
        ),
        _child(Recorder.start, ids.RECORDER, services),
        _child(NewsListener.start, ids.NEWS, services),
        supervisor_spec(
            id=ids.TRADING,
            flags=TRADING_FLAGS,
            context=context,
            children=[
                _child(
                    Account.start,
                    ids.ACCOUNT,
                    services,
                    backoff=NETWORK_BACKOFF,
                    start_timeout=30.0,
                ),
                _child(RiskGovernor.start, ids.RISK, services, start_timeout=30.0),
                _child(
                    OrderRouter.start,
                    ids.ROUTER,
                    services,
                    backoff=NETWORK_BACKOFF,
                    start_timeout=60.0,
                ),
            ],
        ),
        supervisor_spec(
            id=ids.WATCH,
            flags=WATCH_FLAGS,
            context=context,
            children=[
                _child(
                    StockActor.start,
                    ids.STOCK,
                    services,
                    restart=Restart.TRANSIENT,
                    backoff=STOCK_BACKOFF,
                    start_timeout=30.0,
                )
            ],
        ),
        _child(
            Scanner.start,
            ids.SCANNER,
            services,
            start_timeout=60.0,
            stuck_after=max(SCANNER_STUCK_AFTER_S, services.settings.watchdog.stuck_after_s),
        ),
    ]


def start_tree(
    services: Services,
    context: SupervisionContext,
    on_root_failure: Callable[[ChildExited], None],
) -> pykka.ActorRef[Supervisor]:
    """Start the whole tree in order; return the root once every actor is running."""
    return start_root(
        id=ids.ROOT,
        flags=ROOT_FLAGS,
        children=tree_specs(services, context),
        context=context,
        on_root_failure=on_root_failure,
    )
