"""Build the simulator's config from the agent's ``[simulator]`` settings section (demo mode).

The caller's adapter: krxsim knows nothing of the agent's settings, so the agent reads its own
section (and its HH:MM start, through the one parser of the user's units) into krxsim's config.
"""

from __future__ import annotations

from typing import Any

import msgspec

from agent.settings import SimulatorSettings
from agent.settings.units import hhmm
from krxsim.config import SimulatorConfig


def config_from_settings(settings: SimulatorSettings, **overrides: Any) -> SimulatorConfig:
    """Return a SimulatorConfig for ``settings``; ``overrides`` set any other field."""
    start = hhmm(settings.start)
    config = SimulatorConfig(
        seed=settings.seed,
        speed=settings.speed,
        start=start,
        port=settings.port,
        margin_room_won=settings.margin_room_won,
    )
    return msgspec.structs.replace(config, **overrides) if overrides else config
