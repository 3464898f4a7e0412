"""Where a setting's value comes from: the defaults, the file, the environment, a stored override.

The layers, strongest first:

1. a **stored override**: a strategy or risk value changed while the agent ran (the API, the
   dashboard, ``stockagent ctl config set``), kept in the database's ``settings_overrides``;
2. a ``STOCKAGENT_*`` **environment variable**;
3. the **settings file**;
4. the **default**.

An override is stronger than the environment because it is the operator's latest deliberate
change: the variables of a service (a launchd plist, a systemd unit) are set once and read at
every start, so if they won, a risk limit lowered on the dashboard would quietly come back at the
next restart, which is what storing it is meant to end. ``stockagent config show`` says which
layer each value comes from and which one an override hides; ``stockagent config reset`` drops
overrides, so the file and the environment apply again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec

from agent.clock import KST
from agent.settings.components import RiskSettings, StrategySettings

OVERRIDABLE: dict[str, type[msgspec.Struct]] = {
    "strategy": StrategySettings,
    "risk": RiskSettings,
}
"""The sections that may change while the agent runs, hence the only ones stored."""


class Override(msgspec.Struct, frozen=True, kw_only=True):
    """A value stored when it was changed while the agent ran; applied at every start."""

    key: str
    """The dotted setting name, ``risk.stop_loss_pct``."""
    value: Any
    """The value as JSON data (``None`` for an unset optional setting)."""
    changed_by: str
    """Who changed it last: ``ui``, ``cli`` or ``tuner``."""
    changed_at: datetime


class Origin(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Which layer a value comes from, for error messages and ``stockagent config show``."""

    source: Literal["default", "file", "env", "keyring", "override"]
    name: str | None = None
    """The file's path, or the variable's name."""
    changed_by: str | None = None
    """Who stored an override."""
    changed_at: datetime | None = None
    """When an override was stored."""
    hides: Origin | None = None
    """The file or variable an override is stronger than, if any."""

    def __str__(self) -> str:
        if self.source == "override":
            at = (
                self.changed_at.astimezone(KST).strftime("%Y-%m-%d %H:%M KST")
                if self.changed_at
                else "?"
            )
            line = f"override by {self.changed_by} at {at}"
            return f"{line}, over {self.hides}" if self.hides is not None else line
        return self.source if self.name is None else f"{self.source} {self.name}"


DEFAULT = Origin(source="default")


def override_origin(override: Override, hides: Origin | None) -> Origin:
    return Origin(
        source="override",
        changed_by=override.changed_by,
        changed_at=override.changed_at,
        hides=hides,
    )


def overridable_keys() -> list[str]:
    """Return every setting that can be stored as an override, dotted, sorted."""
    return sorted(
        f"{section}.{name}"
        for section, struct in OVERRIDABLE.items()
        for name in struct.__struct_fields__
    )


def is_overridable(key: str) -> bool:
    """Tell whether ``key`` names a section that may be stored (``risk.x``, not ``api.x``)."""
    section, _, field = key.partition(".")
    return section in OVERRIDABLE and bool(field) and "." not in field


def reset_hint(key: str) -> str:
    return f"drop the stored override with `stockagent config reset {key}`"
