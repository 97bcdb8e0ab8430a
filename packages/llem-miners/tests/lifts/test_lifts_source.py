"""The pydantic lift of models read off a source tree (source_models_lib), compared with the lift
of the same models imported: a rule read off the source is the rule the library would give."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from llem.records import MineTarget
from llem_miners.candidate import MineResult
from llem_miners.lifts import lift_models

TREE = Path(__file__).resolve().parent / "source_models_lib"
ARGS = TREE / "modellib" / "args.py"
RUN_ARGS = MineTarget(native_type="LLM", models=("modellib.args:RunArgs",))


def line(name: str, path: Path = ARGS) -> int:
    lines = path.read_text().splitlines()
    found = [n for n, text in enumerate(lines, 1) if re.search(rf"# L:{name}$", text)]
    assert len(found) == 1, f"marker L:{name}: {found}"
    return found[0]


def rules(result: MineResult) -> dict[str, Any]:
    return {
        candidate.where.method: (candidate.fields, candidate.message_template)
        for candidate in result.candidates
    }


def by_keyword(result: MineResult) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for candidate in result.candidates:
        for keyword, spec in candidate.fields.items():
            found.setdefault(keyword, []).append(spec)
    return found


def test_fields_bounds_and_literals_are_lifted_off_the_source() -> None:
    result = lift_models(RUN_ARGS, TREE)
    found = by_keyword(result)
    assert found["interval"] == [{"<": 1}]
    assert sorted(found["ratio"], key=str) == [{"<": 0}, {">": 1}]
    # the subclass's redefinition wins over the base's bounds
    assert sorted(found["fraction"], key=str) == [{"<=": 0.0}, {">=": 1.0}]
    assert found["blocks"] == [{"<": 0}]
    assert found["window"] == [{"<=": 0}]
    assert found["mode"] == [{"not_in": ["fast", "slow"]}]
    assert "kind" not in found and "backend" not in found and "_secret" not in found


def test_each_rule_points_at_the_field_line_in_its_class() -> None:
    result = lift_models(RUN_ARGS, TREE)
    places = {c.where.method: (c.where.file, c.where.line) for c in result.candidates}
    assert places["RunArgs.interval"] == ("modellib/args.py", line("interval"))
    assert places["RunArgs.fraction"] == ("modellib/args.py", line("redefined"))
    assert places["CacheArgs.blocks"] == ("modellib/args.py", line("blocks"))
    assert all(c.added_by == "pydantic_lift" for c in result.candidates)


def test_the_source_lift_equals_the_lift_of_the_imported_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(TREE))
    from_source = lift_models(RUN_ARGS, TREE)
    imported = lift_models(RUN_ARGS)
    assert rules(from_source) == rules(imported)
    assert len(from_source.candidates) == 8


def test_validators_and_mixed_literals_are_reported_not_dropped() -> None:
    result = lift_models(RUN_ARGS, TREE)
    unmined = {(u.construct, u.reason.split(":")[0]) for u in result.unmined}
    assert ("RunArgs.check_run", "a check written as code") in unmined
    assert ("CacheArgs.check_blocks", "a check written as code") in unmined
    assert any("Literal" in construct for construct, _ in unmined)


def test_a_validator_the_static_miner_reads_is_not_reported() -> None:
    target = MineTarget(
        native_type="LLM", code=("modellib.args:RunArgs.check_run",), models=RUN_ARGS.models
    )
    constructs = {u.construct for u in lift_models(target, TREE).unmined}
    assert "RunArgs.check_run" not in constructs


def test_a_base_outside_the_tree_is_reported_and_its_fields_unknown() -> None:
    target = MineTarget(native_type="Orphan", models=("modellib.orphan:Orphan",))
    result = lift_models(target, TREE)
    assert by_keyword(result) == {"level": [{"<=": 0}]}
    [opaque] = [u for u in result.unmined if u.construct.startswith("base ")]
    assert opaque.construct == "base RemoteBase (from modellib.elsewhere)"
    assert "not in the tree" in opaque.reason


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        ("modellib.orphan:Plain", "not a pydantic model"),
        ("modellib.orphan:Missing", "cannot read it off the source tree: AttributeError"),
        ("modellib.absent:Model", "cannot read it off the source tree: FileNotFoundError"),
    ],
)
def test_what_cannot_be_lifted_says_why(model: str, reason: str) -> None:
    result = lift_models(MineTarget(native_type="X", models=(model,)), TREE)
    assert result.candidates == ()
    assert [u.reason.startswith(reason) for u in result.unmined] == [True]


def test_nothing_is_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in sys.modules if name.partition(".")[0] == "modellib"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(TREE))  # importable, yet not imported
    assert lift_models(RUN_ARGS, TREE).candidates
    assert not [name for name in sys.modules if name.partition(".")[0] == "modellib"]


def test_a_field_that_shadows_a_base_model_attribute_is_lifted_quietly(
    recwarn: pytest.WarningsRecorder,
) -> None:
    target = MineTarget(native_type="S", models=("modellib.orphan:Shadowing",))
    result = lift_models(target, TREE)
    assert by_keyword(result) == {"json": [{"<": 0}, {"type_is_not": "int"}]}
    assert not [w for w in recwarn if "shadows" in str(w.message)]
