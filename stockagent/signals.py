"""SIGTERM and SIGINT: the first asks for a graceful stop, a second forces the exit."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable
from types import FrameType

log = logging.getLogger("stockagent")

EXIT_FORCED = 130


def on_stop_signals(first: Callable[[int], None]) -> None:
    """Call ``first(signum)`` on the first SIGTERM or SIGINT; leave at once on the next.

    The second signal skips the graceful stop: entry orders may still be working at the
    broker and the journal's last lines may be lost, which the log says before leaving.
    """
    received: list[int] = []

    def handle(signum: int, _frame: FrameType | None) -> None:
        if received:
            log.critical(
                "signal %d again: leaving now without the graceful stop (working orders, if "
                "any, stay at the broker; the next start reconciles them)",
                signum,
            )
            logging.shutdown()
            os._exit(EXIT_FORCED)
        received.append(signum)
        log.warning("signal %d: stopping gracefully (send it again to force)", signum)
        first(signum)

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
