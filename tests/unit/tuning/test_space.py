"""The searched parameters: declared beside the settings, never outside their validation."""

from __future__ import annotations

import msgspec
import pytest

from agent.settings import Settings
from agent.settings.space import DEFAULT_SPACE, SpaceError, apply, dimension, resolve


def test_the_declared_space_lies_inside_every_fields_validation() -> None:
    dims = resolve()

    assert [d.name for d in dims] == [name for name, *_ in DEFAULT_SPACE]
    for name, low, high, _step in DEFAULT_SPACE:
        assert (dimension(name).low, dimension(name).high) == (low, high)
    # An open bound (max_weight_pct > 0) is kept out of reach.
    assert dimension("risk.max_weight_pct", 0.0001, 100).low > 0
    with pytest.raises(SpaceError, match="inside its validation"):
        dimension("risk.max_weight_pct", 0, 100)


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("risk.nope", "unknown parameter 'risk.nope': risk has max_weight_pct"),
        ("tactics.top_n", "expected strategy.<field> or risk.<field>"),
        ("risk.eod_exit", "risk.eod_exit is not a number"),
        ("risk.stop_loss_pct=-9:-3", "-9..-3 is not a range inside its validation -5..-3"),
        ("risk.max_positions=1.5:4", "risk.max_positions is a whole number"),
        ("risk.max_positions=4", "expected NAME=LOW:HIGH"),
        ("risk.capital_won", "risk.capital_won is not a number"),
    ],
)
def test_a_bad_parameter_is_one_line_naming_it(param: str, message: str) -> None:
    with pytest.raises(SpaceError, match=message.replace("(", r"\(").replace(".", r"\.")) as err:
        resolve([param])
    assert "\n" not in str(err.value)


def test_a_parameter_narrowed_by_hand_or_searched_over_its_validation() -> None:
    narrowed, whole = resolve(["risk.max_positions=2:4", "strategy.top_n"])

    assert (narrowed.low, narrowed.high, narrowed.kind) == (2, 4, "int")
    assert (whole.low, whole.high) == (3, 15), "the declared range"
    [open_range] = resolve(["risk.max_weight_pct=0.5:30"])
    assert open_range.step is None, "off the declared grid: continuous"
    with pytest.raises(SpaceError, match="given twice"):
        resolve(["risk.max_positions", "risk.max_positions=1:2"])


def test_values_are_applied_through_the_settings_validation() -> None:
    tuned = apply(Settings(), {"risk.max_positions": 5, "strategy.min_change_pct": 3.5})

    assert (tuned.risk.max_positions, tuned.strategy.min_change_pct) == (5, 3.5)
    assert Settings().risk.max_positions == 3, "the original is left alone"
    with pytest.raises(ValueError, match=r"strategy\.max_change_pct must be greater"):
        apply(Settings(), {"strategy.min_change_pct": 25.0})
    with pytest.raises(ValueError, match="Expected `int` >= 1"):
        apply(Settings(), {"risk.max_positions": 0})
    assert isinstance(msgspec.to_builtins(tuned), dict)
