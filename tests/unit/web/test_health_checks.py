"""What liveness and readiness conclude from the watchdog's report and the board's snapshots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from actors.account.messages import AccountSnapshot
from actors.gateway.messages import GatewaySnapshot
from actors.supervision import Heartbeat, WatchdogReport, WatchKind
from web.routes.health import liveness_checks, readiness_checks
from web.schemas import HealthCheck

NOW = datetime(2026, 3, 4, 1, 0, tzinfo=UTC)
REALTIME = GatewaySnapshot(session_open=True, realtime_connected=True, base_url="http://sim")


def _account(reconciled_at: datetime | None) -> AccountSnapshot:
    return AccountSnapshot(
        at=NOW,
        cash=1,
        orderable=1,
        orderable_cash_only=1,
        capital=1,
        equity=1,
        realized_pnl=0,
        open_pnl=0,
        positions=(),
        reconciled_at=reconciled_at,
    )


def _ready(**kw: object) -> dict[str, HealthCheck]:
    args: dict[str, object] = {
        "tree": "running",
        "account": _account(NOW - timedelta(seconds=10)),
        "gateway": REALTIME,
        "realtime": True,
        "now": NOW,
        "speed": 1.0,
        "max_age": 120.0,
    }
    args.update(kw)
    return {c.name: c for c in readiness_checks(**args)}  # type: ignore[arg-type]


def _failing(checks: dict[str, HealthCheck]) -> list[str]:
    return [name for name, check in checks.items() if not check.ok]


def test_a_running_tree_reconciled_recently_with_the_realtime_feed_is_ready() -> None:
    checks = _ready()

    assert _failing(checks) == []
    assert (checks["broker"].state, checks["broker"].age_s) == ("reconciled", 10.0)
    assert checks["feed"].state == "realtime"


def test_an_account_never_reconciled_is_not_ready() -> None:
    assert _failing(_ready(account=None)) == ["broker"]
    assert _ready(account=_account(None))["broker"].state == "never"


def test_a_reconciliation_older_than_the_limit_is_stale() -> None:
    checks = _ready(account=_account(NOW - timedelta(seconds=121)))

    assert _failing(checks) == ["broker"]
    assert (checks["broker"].state, checks["broker"].age_s) == ("stale", 121.0)


def test_the_age_of_a_reconciliation_is_in_real_seconds_on_an_accelerated_clock() -> None:
    # 10 market minutes at 60x are 10 real seconds.
    checks = _ready(account=_account(NOW - timedelta(minutes=10)), speed=60.0)

    assert checks["broker"].ok
    assert checks["broker"].age_s == 10.0


def test_the_realtime_feed_down_is_not_ready_even_while_quotes_are_polled() -> None:
    polling = GatewaySnapshot(
        session_open=True, realtime_connected=False, base_url="x", polling=True
    )
    reconnecting = GatewaySnapshot(session_open=True, realtime_connected=False, base_url="x")

    assert _ready(gateway=polling)["feed"] == HealthCheck(name="feed", ok=False, state="polling")
    assert _ready(gateway=reconnecting)["feed"].state == "reconnecting"
    assert _failing(_ready(gateway=None)) == ["feed"]


def test_polling_is_ready_when_the_realtime_feed_is_turned_off() -> None:
    open_session = GatewaySnapshot(session_open=True, realtime_connected=False, base_url="x")
    closed = GatewaySnapshot(session_open=False, realtime_connected=False, base_url="x")

    assert _ready(gateway=open_session, realtime=False)["feed"] == HealthCheck(
        name="feed", ok=True, state="polling"
    )
    assert _ready(gateway=closed, realtime=False)["feed"].state == "down"


def test_a_stopped_tree_is_not_ready() -> None:
    assert _failing(_ready(tree="stopped")) == ["tree"]


def _report(*beats: Heartbeat, fatal: str | None = None, stalled: bool = False) -> WatchdogReport:
    return WatchdogReport(
        enabled=True, running=True, last_tick_age=0.5, stalled=stalled, beats=beats, fatal=fatal
    )


def _beat(
    id: str, age: float, stuck_after: float = 120.0, kind: WatchKind = WatchKind.WORKER
) -> Heartbeat:
    return Heartbeat(id=id, kind=kind, age=age, stuck_after=stuck_after, stuck=age > stuck_after)


def _live(report: WatchdogReport | None) -> dict[str, HealthCheck]:
    return {c.name: c for c in liveness_checks(report)}


def test_beating_actors_and_api_loop_are_live() -> None:
    checks = _live(_report(_beat("loop/api", 0.4, 60.0, WatchKind.LOOP), _beat("router", 0.9)))

    assert _failing(checks) == []
    assert (checks["api_loop"].state, checks["api_loop"].age_s) == ("beating", 0.4)
    assert (checks["actors"].state, checks["actors"].age_s) == ("beating", 0.9)


def test_stuck_actors_are_named_without_the_codes_being_watched() -> None:
    checks = _live(
        _report(_beat("stock/005930", 200.0), _beat("stock/000660", 130.0), _beat("router", 121))
    )

    assert _failing(checks) == ["actors"]
    assert checks["actors"].state == "stuck: router, stock (2)"


def test_a_watchdog_that_ended_the_process_or_stopped_probing_is_not_live() -> None:
    assert _live(_report(fatal="watchdog: the supervisor watch is stuck"))[
        "watchdog"
    ] == HealthCheck(name="watchdog", ok=False, state="escalated", age_s=0.5)
    assert _live(_report(stalled=True))["watchdog"].state == "stalled"


def test_a_stuck_api_loop_is_not_live() -> None:
    checks = _live(_report(_beat("loop/api", 61.0, 60.0, WatchKind.LOOP)))

    assert _failing(checks) == ["api_loop"]


def test_without_an_agent_in_the_process_only_the_answer_itself_counts() -> None:
    assert _failing(_live(None)) == []
