"""Tuning with optuna: the study, its workers, and what ``tune show`` reads back.

A study lives in optuna's RDB storage: an SQLite file in the data directory by default, or
PostgreSQL, where workers in several processes or on several machines share one search. Each
trial draws the parameters of the space (:mod:`agent.settings.space`) with the TPE sampler,
backtests the chosen days one after the other through the one core, reports its score after
each day (a median pruner stops a trial whose first days fall behind), and scores the whole.
``--trials N`` is the study's size: a worker stops once N trials have started, counting every
worker's.

Walk-forward (``--train-days K --test-days M``): one study per window (``NAME@w1``, ...) tunes
on its K days; the best parameters are then tried on the M days after them, unseen, and both
figures are kept side by side. The study ``NAME`` itself holds what was asked (days, space,
objective) so that a worker joining it with other settings is refused.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import msgspec
import optuna
from msgspec import Struct
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, ProgrammingError

from agent.backtest.bars import BarMarket
from agent.backtest.day import BacktestConfig, run_backtest
from agent.backtest.result import BacktestResult
from agent.backtest.span import load_day
from agent.market.calendar import KrxCalendar
from agent.settings import Settings
from agent.settings.space import Dimension, apply
from agent.sim.market.market import SyntheticMarket
from agent.store.repositories.history import HistoryRepository
from agent.tuning.objective import Objective, Window, score, windows
from agent.tuning.report import Best, TrialRow, TuneReport, WindowRow

__all__ = [
    "FetchedDays",
    "SeedDays",
    "StudySpec",
    "StudyStorageError",
    "TuneReport",
    "open_storage",
    "redacted",
    "run_worker",
    "show",
]

log = logging.getLogger(__name__)

CREATE_ATTEMPTS = 5
"""Tries at opening a storage whose tables another worker is creating at the same moment."""
PRUNER_STARTUP_TRIALS = 5
"""Trials completed before the pruner judges any (it needs a median to compare with)."""


class StudyStorageError(RuntimeError):
    """The study's storage cannot be opened (the message names it, without a password)."""


def redacted(url: str) -> str:
    """Return ``url`` with its password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: say so without echoing it
        return "<an unreadable storage URL>"


def open_storage(url: str) -> optuna.storages.RDBStorage:
    """Open (and create when new) the study storage at ``url``."""
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        # Several local workers on one file: wait for the writer's lock instead of failing.
        kwargs["connect_args"] = {"timeout": 60}
    for attempt in range(1, CREATE_ATTEMPTS + 1):
        try:
            return optuna.storages.RDBStorage(url, engine_kwargs=kwargs)
        except Exception as exc:  # any driver's error becomes one line
            if isinstance(exc, IntegrityError | ProgrammingError) and attempt < CREATE_ATTEMPTS:
                # Two workers started on a new database both create optuna's tables: the one
                # that lost the race finds them made a moment later.
                time.sleep(0.5 * attempt)
                continue
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StudyStorageError(
                f"cannot open the study storage {redacted(url)}: {reason}"
            ) from None
    raise AssertionError("unreachable")


class DaySource(Protocol):
    """The days a study trades, by key, in time order."""

    keys: list[str]

    def run(self, key: str, settings: Settings) -> BacktestResult: ...


@dataclass
class SeedDays:
    """Seeded synthetic days of ``trading_date`` (one per seed); each market is drawn once
    per worker and traded again by every trial."""

    seeds: Sequence[int]
    trading_date: date
    calendar: KrxCalendar
    keys: list[str] = field(init=False)
    _markets: dict[str, SyntheticMarket] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.keys = [f"seed {seed}" for seed in self.seeds]

    def run(self, key: str, settings: Settings) -> BacktestResult:
        seed = int(key.removeprefix("seed "))
        config = _config(settings, seed, self.trading_date)
        market = self._markets.get(key)
        if market is None:
            sim = config.simulator
            market = self._markets[key] = SyntheticMarket(
                seed=seed,
                trading_date=self.trading_date,
                listed=sim.listed_codes,
                surges=sim.surge_count,
                step=sim.path_step_seconds,
            )
        return run_backtest(config, self.calendar, market)


@dataclass
class FetchedDays:
    """Fetched days (``stockagent data fetch``) from ``first`` to ``last``: those with minute
    bars; each is read from the database once per worker."""

    repo: HistoryRepository
    first: date
    last: date
    calendar: KrxCalendar
    keys: list[str] = field(init=False)
    _markets: dict[str, BarMarket] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        read = self.repo.minutes_read(self.first, self.last, with_bars=True)
        self.keys = [
            d.isoformat() for d in self.calendar.trading_days(self.first, self.last) if read.get(d)
        ]

    def run(self, key: str, settings: Settings) -> BacktestResult:
        day = date.fromisoformat(key)
        market = self._markets.get(key)
        if market is None:
            loaded = load_day(self.repo, day)
            if loaded is None:
                raise ValueError(f"{key}: no minute bars stored")
            market = self._markets[key] = loaded
        return run_backtest(_config(settings, 0, day), self.calendar, market)


def _config(settings: Settings, seed: int, day: date) -> BacktestConfig:
    return BacktestConfig(
        seed=seed,
        trading_date=day,
        strategy=settings.strategy,
        risk=settings.risk,
        execution=settings.execution,
    )


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
