"""A parameter change at run time is not refused for Kiwoom keys, which it cannot change: against
a simulator in paper mode the keys are not looked up at all."""

from __future__ import annotations

from pathlib import Path

import msgspec

from actors.runtime.live_config import LiveConfig
from agent.settings import load_settings
from agent.store.models.enums import ChangedBy


def test_a_strategy_change_in_paper_mode_without_looked_up_keys_is_taken(tmp_path: Path) -> None:
    settings = load_settings(
        environ={"STOCKAGENT_DATA_DIR": str(tmp_path), "STOCKAGENT_MODE": "paper"}, keys=False
    )
    config = LiveConfig(settings)

    changed = config.update_strategy(
        msgspec.structs.replace(settings.strategy, top_n=7), ChangedBy.CLI
    )

    assert changed == ["top_n"]
    assert config.strategy().top_n == 7
