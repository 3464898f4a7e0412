"""What the web layer needs from the running process, handed over at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from agent.settings import Settings


@dataclass(frozen=True, kw_only=True)
class AppContext:
    """Shared, read-only handles for the controllers."""

    settings: Settings
    engine: Engine
    started_at: datetime
    version: str
