"""How old what the API shows is: the broker's last answer, the account's last reconciliation,
and the market data feed. Read by ``/system/status``, ``/account/balance`` and the health probes,
so the dashboard can say when the figures it shows are old instead of showing them as current.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from actors.account.messages import AccountSnapshot
from actors.gateway.messages import GatewaySnapshot


def reconciled_age_s(account: AccountSnapshot | None, now: datetime, speed: float) -> float | None:
    """Real seconds since the account last reconciled with the broker (None: never).

    ``now`` is the agent's clock (market time in a demo) and ``speed`` its pace.
    """
    if account is None or account.reconciled_at is None:
        return None
    return round(max((now - account.reconciled_at).total_seconds(), 0.0) / speed, 3)


def is_stale(age_s: float | None, max_age_s: float) -> bool:
    """Account figures never reconciled, or older than ``max_age_s`` real seconds, are stale."""
    return age_s is None or age_s > max_age_s


Feed = Literal["realtime", "polling", "reconnecting", "down"]


def feed_state(gateway: GatewaySnapshot | None, realtime: bool) -> Feed:
    """``realtime``, ``polling`` (as configured, or standing in while the feed reconnects),
    ``reconnecting`` (configured for realtime, nothing standing in) or ``down`` (no session)."""
    if gateway is None or not gateway.session_open:
        return "down"
    if gateway.realtime_connected:
        return "realtime"
    if not realtime or gateway.polling:
        return "polling"
    return "reconnecting"
