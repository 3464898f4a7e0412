"""Build the simulator's config from the agent's ``[simulator]`` settings section (demo mode)."""

from __future__ import annotations

from typing import Any

import msgspec

from agent.settings import SimulatorSettings
from agent.settings.units import hhmm
from agent.sim.config import SimulatorConfig


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
