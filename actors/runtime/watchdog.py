"""The agent's watchdog, built from the ``[watchdog]`` settings."""

from __future__ import annotations

from collections.abc import Callable

from actors.supervision import ChildExited, WatchdogThread
from agent.settings.components import WatchdogSettings


def watchdog_from(
    settings: WatchdogSettings, on_fatal: Callable[[ChildExited], None]
) -> WatchdogThread:
    """Return the watchdog (not started); ``on_fatal`` ends the process, as the root's failure."""
    return WatchdogThread(
        on_fatal=on_fatal,
        interval=settings.interval_s,
        worker_stuck_after=settings.stuck_after_s,
        supervisor_stuck_after=settings.supervisor_stuck_after_s,
        loop_stuck_after=settings.loop_stuck_after_s,
        enabled=settings.enabled,
    )
