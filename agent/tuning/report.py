"""What ``stockagent tune show`` reads back from a study (plain structs, no optuna)."""

from __future__ import annotations

from msgspec import Struct

__all__ = ["Best", "TrialRow", "TuneReport", "WindowRow"]


class TrialRow(Struct, frozen=True, kw_only=True):
    number: int
    state: str
    value: float | None
    params: dict[str, float]
    duration_s: float | None
    window: int | None = None
    note: str | None = None
    """Why a trial failed or was pruned."""


class Best(Struct, frozen=True, kw_only=True):
    params: dict[str, float]
    value: float
    trial: int
    window: int | None = None


class WindowRow(Struct, frozen=True, kw_only=True):
    window: int
    train: list[str]
    test: list[str]
    complete: int
    in_sample: float | None
    """The window's best score on its training days."""
    out_of_sample: float | None
    """The same parameters' score on the test days that followed, unseen."""
    params: dict[str, float] | None


class TuneReport(Struct, frozen=True, kw_only=True):
    study: str
    objective: str | None
    complete: int
    best: Best | None
    """The best parameters: the last window's, in a walk-forward study."""
    trials: list[TrialRow]
    windows: list[WindowRow] = []
