"""The parameters ``stockagent tune`` searches, declared beside the settings they change.

Every dimension is a numeric field of ``strategy`` or ``risk``. Its bounds never leave the
field's own validation (the ``Meta`` constraints in :mod:`agent.settings.components`): a
declared range narrows them to what is worth trying, ``--param NAME=LOW:HIGH`` narrows them
again, and a field not declared here may be searched over its whole validated range when that
range is closed. A trial's values are applied by validating the settings again (fields and
cross-field rules), so a combination the settings refuse (a minimum change above the maximum)
fails that trial, not the study.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Literal

import msgspec
from msgspec import Struct

from agent.settings.checks import cross_field_problems
from agent.settings.components import RiskSettings, Settings, StrategySettings

__all__ = [
    "DEFAULT_SPACE",
    "Dimension",
    "SpaceError",
    "apply",
    "dimension",
    "resolve",
]

COMPONENTS: dict[str, type[Struct]] = {"strategy": StrategySettings, "risk": RiskSettings}


class SpaceError(ValueError):
    """A search space the settings cannot take: the message names the parameter."""


class Dimension(Struct, frozen=True, kw_only=True):
    """One searched parameter: ``component.field`` between ``low`` and ``high``."""

    name: str
    kind: Literal["int", "float"]
    low: float
    high: float
    step: float | None = None
    """The grid of an int (default 1) or a float (None: continuous)."""


DEFAULT_SPACE: tuple[tuple[str, float, float, float | None], ...] = (
    ("strategy.top_n", 3, 15, 1),
    ("strategy.news_score_threshold", 40, 90, 5),
    ("strategy.opening_range_minutes", 1, 15, 1),
    ("strategy.min_volume_ratio", 1.0, 5.0, 0.5),
    ("strategy.min_change_pct", 0.0, 6.0, 0.5),
    ("strategy.max_change_pct", 10.0, 29.0, 1.0),
    ("risk.stop_loss_pct", -5.0, -3.0, 0.25),
    ("risk.max_positions", 1, 6, 1),
    ("risk.max_weight_pct", 5.0, 20.0, 2.5),
    ("risk.entry_offset_ticks", 0, 10, 1),
)
"""(name, low, high, step) searched when no ``--param`` is given."""


def _field(name: str) -> tuple[Literal["int", "float"], float, float]:
    """Return the kind and the validated bounds of ``component.field``."""
    component, _, field = name.partition(".")
    settings = COMPONENTS.get(component)
    if settings is None or not field:
        raise SpaceError(f"unknown parameter {name!r}: expected strategy.<field> or risk.<field>")
    info = msgspec.inspect.type_info(settings)
    assert isinstance(info, msgspec.inspect.StructType)
    found = next((f for f in info.fields if f.name == field), None)
    if found is None:
        known = ", ".join(f.name for f in info.fields)
        raise SpaceError(f"unknown parameter {name!r}: {component} has {known}")
    kind = found.type
    if not isinstance(kind, msgspec.inspect.IntType | msgspec.inspect.FloatType):
        raise SpaceError(f"{name} is not a number: it cannot be tuned")
    low = kind.ge if kind.ge is not None else kind.gt
    high = kind.le if kind.le is not None else kind.lt
    if low is None or high is None:
        raise SpaceError(f"{name} has no validated range: give one, {name}=LOW:HIGH")
    # An open bound (gt/lt) is kept out of reach by a hair.
    if kind.ge is None:
        low = math.nextafter(float(low), math.inf)
    if kind.le is None:
        high = math.nextafter(float(high), -math.inf)
    return ("int" if isinstance(kind, msgspec.inspect.IntType) else "float"), low, high


def dimension(name: str, low: float | None = None, high: float | None = None) -> Dimension:
    """Return the dimension of ``name``: its declared range, or ``low``..``high`` (both inside
    the field's validation)."""
    kind, valid_low, valid_high = _field(name)
    declared = next((d for d in DEFAULT_SPACE if d[0] == name), None)
    step: float | None = 1 if kind == "int" else None
    if low is None or high is None:
        if declared is not None:
            low, high, step = declared[1], declared[2], declared[3]
        else:
            low, high = valid_low, valid_high
    if not valid_low <= low < high <= valid_high:
        raise SpaceError(
            f"{name}: {low:g}..{high:g} is not a range inside its validation "
            f"{valid_low:g}..{valid_high:g}"
        )
    if kind == "int" and (low != int(low) or high != int(high)):
        raise SpaceError(f"{name} is a whole number: its bounds must be too")
    if step is not None and kind == "float" and (high - low) / step != round((high - low) / step):
        step = None  # a narrowed float range off the declared grid: searched continuously
    return Dimension(name=name, kind=kind, low=low, high=high, step=step)


def resolve(params: Iterable[str] = ()) -> list[Dimension]:
    """Parse ``--param`` values (``NAME`` or ``NAME=LOW:HIGH``); none: the declared space."""
    chosen = list(params)
    if not chosen:
        return [dimension(name) for name, *_ in DEFAULT_SPACE]
    dims: list[Dimension] = []
    for text in chosen:
        name, _, bounds = text.partition("=")
        low = high = None
        if bounds:
            first, sep, last = bounds.partition(":")
            try:
                low, high = float(first), float(last)
            except ValueError:
                low = high = None
            if not sep or low is None:
                raise SpaceError(f"{text!r}: expected NAME=LOW:HIGH, e.g. risk.max_positions=1:5")
        if any(d.name == name.strip() for d in dims):
            raise SpaceError(f"{name.strip()} is given twice")
        dims.append(dimension(name.strip(), low, high))
    return dims


def apply(settings: Settings, values: Mapping[str, float]) -> Settings:
    """Return ``settings`` with ``values`` (``component.field``: value) in place, validated
    again: ValueError names what the combination breaks."""
    changed: dict[str, dict[str, object]] = {
        "strategy": msgspec.to_builtins(settings.strategy),
        "risk": msgspec.to_builtins(settings.risk),
    }
    for name, value in values.items():
        component, _, field = name.partition(".")
        changed[component][field] = value
    try:
        tuned = msgspec.structs.replace(
            settings,
            strategy=msgspec.convert(changed["strategy"], StrategySettings),
            risk=msgspec.convert(changed["risk"], RiskSettings),
        )
    except msgspec.ValidationError as exc:
        raise ValueError(str(exc)) from None
    problems = [
        f"{field} {why}"
        for field, why in cross_field_problems(tuned)
        if field.partition(".")[0] in COMPONENTS
    ]
    if problems:
        raise ValueError("; ".join(problems))
    return tuned
