"""The msgspec lift: declared Meta bounds and Literals, which ``__init__`` does not check."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from llem.records import MineTarget
from llem_miners.candidate import MineResult
from llem_miners.lifts import lift_thresholds

msgspec = pytest.importorskip("msgspec")

PARAMS = "msgspec_structs:Params"


def test_init_does_not_validate_but_convert_does(build: Callable[..., Exception | None]) -> None:
    from lift_samples.msgspec_structs import Params

    assert build(PARAMS, {"n": 0, "kind": "z"}) is None
    with pytest.raises(msgspec.ValidationError, match="Expected `int` >= 1"):
        msgspec.convert({"n": 0}, Params)


def test_declared_constraints_are_unmined(
    lift: Callable[..., MineResult], line_of: Callable[[str, str], int]
) -> None:
    result = lift(PARAMS)
    assert result.candidates == ()
    assert [(u.where.method, u.where.line, u.construct) for u in result.unmined] == [
        ("Params.n", line_of("msgspec_structs", "n: Annotated"), "Meta(ge=1)"),
        ("Params.kind", line_of("msgspec_structs", "kind: Literal"), "Literal['x', 'y']"),
        ("Params.top", line_of("msgspec_structs", "top: Annotated"), "Meta(gt=0.0)"),
        ("Params.top", line_of("msgspec_structs", "top: Annotated"), "Meta(le=1.0)"),
    ]
    assert {u.miner for u in result.unmined} == {"msgspec_lift"}
    assert all("msgspec.convert" in u.reason for u in result.unmined)


def test_thresholds_of_a_struct() -> None:
    target = MineTarget(native_type="T", models=("lift_samples.msgspec_structs:Params",))
    assert lift_thresholds(target) == {"kind": ["x", "y"], "n": [1], "top": [0.0, 1.0]}
