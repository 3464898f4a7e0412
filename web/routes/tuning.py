"""``/tuning``: the studies ``stockagent tune`` keeps, for the dashboard's tuning page.

Read-only: a study is run by ``stockagent tune`` workers, and tuned parameters are applied by
a person, through ``PUT /strategy/config`` and ``/risk/config`` with ``X-Changed-By: tuner``
(recorded in the parameter history under that author). The storage is ``tuning.storage`` (its
password never leaves the server).
"""

from __future__ import annotations

import math
from typing import Any

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath
from msgspec import Struct

from agent.tuning.report import TuneReport
from web.context import AppContext
from web.routes.common import settings_in_force


class StudyRow(Struct, frozen=True, kw_only=True):
    name: str
    objective: str | None
    trials: int
    """Trials of every state (of every window, walking forward)."""
    best_value: float | None
    walk_forward: bool
    started_at: str | None


class Studies(Struct, frozen=True, kw_only=True):
    storage: str
    """Where the studies are (its password masked)."""
    studies: list[StudyRow]


class StudyDetail(Struct, frozen=True, kw_only=True):
    study: TuneReport
    """What ``stockagent tune show NAME --json`` prints."""
    importance: dict[str, float]
    """How much each parameter moved the score (optuna's fANOVA over the complete trials;
    empty below two of them)."""
    current: dict[str, float | int | None]
    """The searched parameters' values in force now, to set the best against."""


class StorageUnavailable(HTTPException):
    status_code = 503


def _storage(ctx: AppContext) -> Any:
    from agent.tuning.storage import StudyStorageError, open_storage

    try:
        return open_storage(settings_in_force(ctx).tuning_storage)
    except StudyStorageError as exc:
        raise StorageUnavailable(detail=str(exc)) from None


class TuningController(Controller):
    path = "/tuning"
    tags = ("tuning",)

    @get("/studies", operation_id="listStudies", summary="Tuning studies", sync_to_thread=True)
    def studies(self, ctx: NamedDependency[AppContext]) -> Studies:
        import optuna

        from agent.tuning.storage import redacted

        storage = _storage(ctx)
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        summaries = optuna.get_all_study_summaries(storage, include_best_trial=True)
        windows: dict[str, list[optuna.study.StudySummary]] = {}
        for s in summaries:
            parent, at, _ = s.study_name.partition("@")
            if at:
                windows.setdefault(parent, []).append(s)
        rows = []
        for s in summaries:
            if "@" in s.study_name:
                continue
            spec = s.user_attrs.get("spec") or {}
            mine = windows.get(s.study_name, [])
            trials = s.n_trials + sum(w.n_trials for w in mine)
            best = _best(mine[-1] if mine else s)
            started = s.datetime_start.isoformat() if s.datetime_start else None
            rows.append(
                StudyRow(
                    name=s.study_name,
                    objective=spec.get("objective"),
                    trials=trials,
                    best_value=best,
                    walk_forward=bool(spec.get("train_days")),
                    started_at=started,
                )
            )
        rows.sort(key=lambda r: r.started_at or "", reverse=True)
        return Studies(storage=redacted(settings_in_force(ctx).tuning_storage), studies=rows)

    @get(
        "/studies/{name:str}",
        operation_id="getStudy",
        summary="One tuning study: trials, best, importance, in and out of sample",
        sync_to_thread=True,
    )
    def study(self, ctx: NamedDependency[AppContext], name: FromPath[str]) -> StudyDetail:
        import optuna

        from agent.tuning.study import show

        storage = _storage(ctx)
        try:
            report = show(name, storage)
        except KeyError:
            raise NotFoundException(detail=f"no study named {name!r}") from None
        last = f"{name}@w{report.windows[-1].window}" if report.windows else name
        importance: dict[str, float] = {}
        study = optuna.load_study(study_name=last, storage=storage)
        complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
        if len(complete) >= 2:
            try:
                raw = optuna.importance.get_param_importances(study)
                importance = {k: float(v) for k, v in raw.items() if math.isfinite(v)}
            except (RuntimeError, ValueError):
                importance = {}  # e.g. every complete trial drew the same values
        settings = settings_in_force(ctx)
        plain = {
            "strategy": msgspec.to_builtins(settings.strategy),
            "risk": msgspec.to_builtins(settings.risk),
        }
        searched = {p for t in report.trials for p in t.params}
        current: dict[str, float | int | None] = {}
        for param in sorted(searched):
            component, _, field = param.partition(".")
            current[param] = plain.get(component, {}).get(field)
        return StudyDetail(study=report, importance=importance, current=current)


def _best(summary: Any) -> float | None:
    best = summary.best_trial
    if best is None or best.value is None or not math.isfinite(best.value):
        return None
    return float(best.value)
