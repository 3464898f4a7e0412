"""The scanner outlives a gateway restart instead of burning the root's restart budget."""

from __future__ import annotations

from actors.runtime.services import Services
from actors.scanner.actor import Scanner
from actors.scanner.messages import Scan


def test_scanner_starts_and_scans_while_the_broker_session_is_down(
    offline_services: Services,
) -> None:
    scanner = Scanner.start(None, offline_services)
    try:
        # A dead on_start shows as ActorDeadError, a crash in the handler as the raised error.
        scanner.ask(Scan(), timeout=5)
        assert scanner.is_alive()
    finally:
        if scanner.is_alive():
            scanner.stop()
