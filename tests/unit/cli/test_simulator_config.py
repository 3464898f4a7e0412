from __future__ import annotations

from datetime import time

from agent.settings import SimulatorSettings
from krxsim.config import RateProfile
from stockagent.simulator_config import config_from_settings


def test_the_demo_settings_become_a_simulator_config() -> None:
    config = config_from_settings(
        SimulatorSettings(seed=3, speed=30.0, start="08:45", port=0), rate_profile=RateProfile.OFF
    )

    assert (config.seed, config.speed, config.start, config.port) == (3, 30.0, time(8, 45), 0)
    assert config.rate_profile is RateProfile.OFF
