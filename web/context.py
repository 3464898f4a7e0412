"""What the web layer needs from the running process, handed over at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Engine

from actors.board import SnapshotBoard
from actors.runtime.services import Services
from agent.secret import Secret
from agent.settings import Settings


class SystemControl(Protocol):
    """Start and stop the trading agent (the actor tree) while the API keeps serving."""

    def running(self) -> bool: ...

    def start(self) -> None: ...

    def stop(self, timeout: float = 30.0) -> None: ...

    def shutdown(self, *, flatten: bool | None = None, revoke: bool = True) -> list[str]:
        """Stop gracefully (no new entry, the working entries cancelled, positions kept);
        ``revoke``: the token too (the process ends). Returns what was left working."""
        ...


@dataclass(frozen=True, kw_only=True)
class AppContext:
    """Shared, read-only handles for the controllers."""

    settings: Settings
    engine: Engine
    started_at: datetime
    version: str
    api_token: Secret
    board: SnapshotBoard | None = None
    """The running agent's snapshot board; None when only the API runs (no agent)."""
    services: Services | None = None
    """The running agent's services, for commands to the actors; None without an agent."""
    system: SystemControl | None = None
    """Starts and stops the agent; None when the API runs without one."""
