"""Supervision is data: frozen, keyword-only specs that refuse nonsense."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from actors.supervision import Backoff, ChildSpec, Restart, Strategy, SupervisorFlags


def factory(_link: Any) -> Any:
    raise AssertionError("not called")


def test_child_spec_defaults_to_a_permanent_child_without_backoff() -> None:
    spec = ChildSpec(id="gateway", factory=factory)

    assert spec.restart is Restart.PERMANENT
    assert spec.backoff is None
    assert spec.shutdown_timeout > 0


def test_specs_are_frozen_and_keyword_only() -> None:
    spec = ChildSpec(id="gateway", factory=factory)

    with pytest.raises(AttributeError):
        spec.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        SupervisorFlags(Strategy.ONE_FOR_ALL)  # type: ignore[call-arg]


def test_a_new_spec_is_derived_rather_than_mutated() -> None:
    spec = ChildSpec(id="gateway", factory=factory)

    derived = msgspec.structs.replace(spec, restart=Restart.TRANSIENT)

    assert derived.restart is Restart.TRANSIENT
    assert spec.restart is Restart.PERMANENT


@pytest.mark.parametrize(
    "kwargs",
    [{"id": ""}, {"shutdown_timeout": 0}, {"start_timeout": -1}],
)
def test_child_spec_rejects_invalid_values(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        ChildSpec(**{"id": "x", "factory": factory, **kwargs})


@pytest.mark.parametrize("kwargs", [{"intensity": -1}, {"period": 0}])
def test_supervisor_flags_reject_invalid_values(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        SupervisorFlags(**kwargs)


@pytest.mark.parametrize(
    "kwargs", [{"initial": -1}, {"multiplier": 0.5}, {"jitter": 1.5}, {"max_delay": -2}]
)
def test_backoff_rejects_invalid_values(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        Backoff(**kwargs)
