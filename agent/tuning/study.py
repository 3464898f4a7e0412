"""Tuning with optuna: the study and its workers, and what ``tune show`` reads back.

A study lives in optuna's RDB storage (:mod:`agent.tuning.storage`): an SQLite file in the data
directory by default, or PostgreSQL, where workers in several processes or on several machines
share one search. Each trial draws the parameters of the space (:mod:`agent.settings.space`)
with the TPE sampler, backtests the chosen days (:mod:`agent.tuning.days`) one after the other
through the one core, reports its score after each day (a median pruner stops a trial whose
first days fall behind), and scores the whole. ``--trials N`` is the study's size: a worker
stops once N trials have started, counting every worker's.

Walk-forward (``--train-days K --test-days M``): one study per window (``NAME@w1``, ...) tunes
on its K days; the best parameters are then tried on the M days after them, unseen, and both
figures are kept side by side. The study ``NAME`` itself holds what was asked (days, space,
objective) so that a worker joining it with other settings is refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
import optuna
from msgspec import Struct

from agent.backtest.result import BacktestResult
from agent.settings import Settings
from agent.settings.space import Dimension, apply
from agent.tuning.days import DaySource
from agent.tuning.objective import Objective, Window, score, windows
from agent.tuning.report import Best, TrialRow, TuneReport, WindowRow
from agent.tuning.storage import redacted

__all__ = ["Progress", "StudySpec", "run_worker", "show"]

PRUNER_STARTUP_TRIALS = 5
"""Trials completed before the pruner judges any (it needs a median to compare with)."""


class StudySpec(Struct, frozen=True, kw_only=True):
    """What a study searches, over which days, for which score; the same for every worker."""

    name: str
    objective: Objective
    space: tuple[Dimension, ...]
    days: tuple[str, ...]
    trials: int
    train_days: int | None = None
    test_days: int | None = None

    def windows(self) -> list[Window]:
        if self.train_days is None or self.test_days is None:
            return []
        return windows(self.days, self.train_days, self.test_days)

    def agreed(self) -> dict[str, Any]:
        """What a joining worker must ask for too (the size may differ: it only stops)."""
        # As the storage hands it back: JSON (tuples are lists there).
        plain: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        plain.pop("trials")
        return plain


def _suggest(trial: optuna.Trial, dim: Dimension) -> float:
    if dim.kind == "int":
        return trial.suggest_int(dim.name, int(dim.low), int(dim.high), step=int(dim.step or 1))
    return trial.suggest_float(dim.name, dim.low, dim.high, step=dim.step)


Progress = Callable[[optuna.Study, optuna.trial.FrozenTrial, int], None]


def _trial_score(
    trial: optuna.Trial,
    spec: StudySpec,
    days: Sequence[str],
    source: DaySource,
    settings: Settings,
) -> float:
    values = {d.name: _suggest(trial, d) for d in spec.space}
    try:
        tuned = apply(settings, values)  # a refused combination fails this trial
        results: list[BacktestResult] = []
        value = 0.0
        for step, key in enumerate(days):
            results.append(source.run(key, tuned))
            value = score(results, spec.objective, results[0].initial_cash)
            trial.report(value, step)
            if trial.should_prune():
                note = f"pruned at {value:.4f} after {step + 1} of {len(days)} days"
                trial.set_user_attr("note", note)
                raise optuna.TrialPruned(note)
    except optuna.TrialPruned:
        raise
    except Exception as exc:
        trial.set_user_attr("note", f"failed: {type(exc).__name__}: {exc}"[:300])
        raise
    return value


def _study(storage: optuna.storages.RDBStorage, name: str) -> optuna.Study:
    return optuna.create_study(
        study_name=name,
        storage=storage,
        direction="maximize",
        sampler=optuna.samplers.TPESampler(),
        pruner=optuna.pruners.MedianPruner(
            n_startup_trials=PRUNER_STARTUP_TRIALS, n_warmup_steps=1
        ),
        load_if_exists=True,
    )


def _started(study: optuna.Study) -> int:
    return len(study.get_trials(deepcopy=False))


def run_worker(
    spec: StudySpec,
    source: DaySource,
    settings: Settings,
    storage: optuna.storages.RDBStorage,
    progress: Progress | None = None,
) -> None:
    """Run trials of ``spec`` until it has ``spec.trials`` (per window), with every other
    worker on the same storage; ValueError when the study was started with other settings."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    parent = _study(storage, spec.name)
    asked = spec.agreed()
    recorded = parent.user_attrs.get("spec")
    if recorded is None:
        parent.set_user_attr("spec", asked)
    elif recorded != asked:
        different = sorted(k for k in asked if asked[k] != recorded.get(k))
        raise ValueError(
            f"study {spec.name} was started with other settings ({', '.join(different)}): "
            "give the same ones, or another --study name"
        )
    plan = spec.windows()
    if not plan:
        _optimize(parent, spec, list(spec.days), source, settings, progress)
        return
    for window in plan:
        study = _study(storage, f"{spec.name}@w{window.number}")
        study.set_user_attr("train", list(window.train))
        study.set_user_attr("test", list(window.test))
        _optimize(study, spec, list(window.train), source, settings, progress)
        _out_of_sample(study, spec, window, source, settings)


def _optimize(
    study: optuna.Study,
    spec: StudySpec,
    days: list[str],
    source: DaySource,
    settings: Settings,
    progress: Progress | None,
) -> None:
    if _started(study) >= spec.trials:
        return

    def stop_when_full(study: optuna.Study, trial: optuna.trial.FrozenTrial) -> None:
        started = _started(study)
        if progress is not None:
            progress(study, trial, spec.trials)
        if started >= spec.trials:
            study.stop()

    study.optimize(
        lambda trial: _trial_score(trial, spec, days, source, settings),
        callbacks=[stop_when_full],
        catch=(Exception,),  # a trial that raises is recorded as failed; the study goes on
    )


def _out_of_sample(
    study: optuna.Study, spec: StudySpec, window: Window, source: DaySource, settings: Settings
) -> None:
    """Try the window's best parameters on its test days, and keep the score beside it."""
    try:
        best = study.best_trial
    except ValueError:
        return  # no trial completed: nothing to carry forward
    tuned = apply(settings, best.params)
    results = [source.run(key, tuned) for key in window.test]
    value = score(results, spec.objective, results[0].initial_cash)
    study.set_user_attr("out_of_sample", {"trial": best.number, "value": value})


def _rows(study: optuna.Study, window: int | None) -> list[TrialRow]:
    rows = []
    for t in study.get_trials(deepcopy=False):
        duration = t.duration.total_seconds() if t.duration is not None else None
        note = t.user_attrs.get("note")
        rows.append(
            TrialRow(
                number=t.number,
                state=t.state.name.lower(),
                value=t.value if t.value is not None and math.isfinite(t.value) else None,
                params=dict(t.params),
                duration_s=duration,
                window=window,
                note=note,
            )
        )
    return rows


def _complete(study: optuna.Study) -> int:
    done = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    return len(done)


def show(name: str, storage: optuna.storages.RDBStorage) -> TuneReport:
    """Read study ``name`` back; KeyError when there is none."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        parent = optuna.load_study(study_name=name, storage=storage)
    except KeyError:
        raise KeyError(f"no study named {name!r} in {redacted(storage.url)}") from None
    spec = parent.user_attrs.get("spec") or {}
    objective = spec.get("objective")
    train, test = spec.get("train_days"), spec.get("test_days")
    if not (train and test):
        best = None
        if _complete(parent):
            b = parent.best_trial
            best = Best(params=dict(b.params), value=float(b.value or 0.0), trial=b.number)
        return TuneReport(
            study=name,
            objective=objective,
            complete=_complete(parent),
            best=best,
            trials=_rows(parent, None),
        )
    rows: list[TrialRow] = []
    window_rows: list[WindowRow] = []
    complete = 0
    best = None
    for window in windows(spec.get("days", []), train, test):
        try:
            study = optuna.load_study(study_name=f"{name}@w{window.number}", storage=storage)
        except KeyError:
            break  # not started yet
        rows += _rows(study, window.number)
        done = _complete(study)
        complete += done
        oos = study.user_attrs.get("out_of_sample")
        in_sample = params = None
        if done:
            b = study.best_trial
            in_sample, params = float(b.value or 0.0), dict(b.params)
            best = Best(params=params, value=in_sample, trial=b.number, window=window.number)
        window_rows.append(
            WindowRow(
                window=window.number,
                train=list(window.train),
                test=list(window.test),
                complete=done,
                in_sample=in_sample,
                out_of_sample=oos["value"] if oos else None,
                params=params,
            )
        )
    return TuneReport(
        study=name,
        objective=objective,
        complete=complete,
        best=best,
        trials=rows,
        windows=window_rows,
    )
