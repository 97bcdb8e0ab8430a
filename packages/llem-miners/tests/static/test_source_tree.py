"""Source-only mining: functions read off a source tree (source_tree_lib), never imported."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest

from llem.records import MineTarget
from llem_miners.candidate import Candidate, MineResult
from llem_miners.static import mine_static
from llem_miners.static.source_tree import literal_constants, load_function_from_tree

TREE = Path(__file__).resolve().parent / "source_tree_lib"
PARAMS = TREE / "fakelib" / "params.py"
VALIDATE = MineTarget(
    native_type="SamplingParams", code=("fakelib.params:SamplingParams._validate",)
)


def line(name: str, path: Path = PARAMS) -> int:
    """The line of ``path`` carrying the marker ``# L:<name>``."""
    lines = path.read_text().splitlines()
    found = [n for n, text in enumerate(lines, 1) if re.search(rf"# L:{name}$", text)]
    assert len(found) == 1, f"marker L:{name}: {found}"
    return found[0]


def at(result: MineResult, line: int) -> list[Candidate]:
    return [candidate for candidate in result.candidates if candidate.where.line == line]


def summary(candidate: Candidate) -> tuple[Any, ...]:
    return (
        candidate.severity,
        candidate.expected_outcome,
        dict(candidate.fields),
        candidate.message_template,
        candidate.kwargs_positive,
        candidate.kwargs_negative,
    )


@pytest.fixture
def validate() -> MineResult:
    return mine_static(VALIDATE, source_root=TREE)


def test_the_tree_is_not_importable() -> None:
    assert importlib.util.find_spec("fakelib") is None


def test_the_record_names_the_file_relative_to_the_root_with_real_lines() -> None:
    source = load_function_from_tree(TREE, "fakelib.params:SamplingParams._validate")
    assert source.file == "fakelib/params.py"
    assert source.qualname == "SamplingParams._validate"
    assert source.node.name == "_validate"
    def_line = PARAMS.read_text().splitlines().index("    def _validate(self):") + 1
    assert source.line(source.node) == def_line
    assert "accel" not in source.globals
    assert "warnings" not in source.globals


def test_an_error_candidate_with_a_module_constant(validate: MineResult) -> None:
    [candidate] = at(validate, line("top_k"))
    assert candidate.where.file == "fakelib/params.py"
    assert candidate.where.method == "SamplingParams._validate"
    assert summary(candidate) == (
        "error",
        "raise",
        {"top_k": {">": 64}},
        "top_k must be at most 64, got {top_k}",
        {"top_k": 65},
        {"top_k": 64},
    )


def test_membership_in_constants_built_from_constants(validate: MineResult) -> None:
    [mode] = at(validate, line("mode"))
    [kind] = at(validate, line("kind"))
    assert dict(mode.fields) == {"mode": {"not_in": ["beam", "greedy", "sample"]}}
    assert dict(kind.fields) == {"kind": {"not_in": ["exact", "fast"]}}


def test_a_warning_candidate(validate: MineResult) -> None:
    [candidate] = at(validate, line("top_p"))
    assert summary(candidate)[:4] == (
        "warn",
        "warn",
        {"temperature": {"==": 0}, "top_p": {"present": True}},
        "top_p is ignored when decoding greedily",
    )


def test_names_bound_to_anything_but_a_literal_are_unmined(validate: MineResult) -> None:
    reasons = {item.where.line: (item.construct, item.reason) for item in validate.unmined}
    assert reasons == {
        line("seed"): ("self.seed > SHADOWED", "compares with a value that is not a literal"),
        line("device"): (
            "self.device != DEVICE",
            "compares with a value that is not a literal",
        ),
    }
    assert [candidate.where.line for candidate in validate.candidates] == [
        line("top_k"),
        line("mode"),
        line("kind"),
        line("top_p"),
    ]


def test_literal_constants_of_a_module() -> None:
    assert literal_constants(ast.parse(PARAMS.read_text())) == {
        "MAX_TOP_K": 64,
        "MODES": ("greedy", "sample"),
        "ALL_MODES": ("greedy", "sample", "beam"),
        "BOUNDS": (64, 128),
        "KINDS": frozenset({"fast", "exact"}),
    }


@pytest.mark.parametrize(
    ("code", "parameters", "marker", "path", "fields"),
    [
        ("fakelib.params:SamplingParams.Beam.check", {}, "width", PARAMS, {"width": {"<": 1}}),
        ("fakelib.params:check_n", {"value": "n"}, "n", PARAMS, {"n": {"<": 1}}),
        (
            "fakelib.nested:check_batch",
            {},
            "batch_size",
            TREE / "fakelib" / "nested" / "__init__.py",
            {"batch_size": {">": 4}},
        ),
    ],
)
def test_nested_classes_functions_and_package_modules(
    code: str, parameters: dict[str, str], marker: str, path: Path, fields: dict[str, Any]
) -> None:
    target = MineTarget(native_type="SamplingParams", code=(code,), parameters=parameters)
    [candidate] = mine_static(target, source_root=TREE).candidates
    assert candidate.where.file == path.relative_to(TREE).as_posix()
    assert candidate.where.line == line(marker, path)
    assert dict(candidate.fields) == fields


def test_the_last_definition_of_a_name_is_read() -> None:
    target = MineTarget(
        native_type="SamplingParams", code=("fakelib.params:SamplingParams.greedy",)
    )
    [candidate] = mine_static(target, source_root=TREE).candidates
    assert candidate.where.line == line("greedy_setter")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (
            "fakelib.params:SamplingParams.nope",
            "cannot read its source: AttributeError: module 'fakelib.params' defines no "
            "'SamplingParams.nope'",
        ),
        (
            "fakelib.missing:f",
            "cannot read its source: FileNotFoundError: no source for module 'fakelib.missing' "
            "under the source tree",
        ),
        (
            "fakelib.params:SamplingParams",
            "cannot read its source: ValueError: fakelib.params:SamplingParams is not a function "
            "or method",
        ),
    ],
)
def test_what_cannot_be_read_is_unmined_with_its_reason(code: str, reason: str) -> None:
    result = mine_static(MineTarget(native_type="SamplingParams", code=(code,)), source_root=TREE)
    assert result.candidates == ()
    [unmined] = result.unmined
    assert (unmined.construct, unmined.reason) == (code, reason)


def test_mining_twice_gives_equal_results() -> None:
    target = MineTarget(
        native_type="SamplingParams",
        code=("fakelib.nested:check_batch", *VALIDATE.code, "fakelib.params:SamplingParams.nope"),
    )
    first, second = mine_static(target, source_root=TREE), mine_static(target, source_root=TREE)
    assert first == second
    assert [c.where.file for c in first.candidates] == sorted(
        c.where.file for c in first.candidates
    )


def test_source_only_equals_importing_but_for_a_library_class(synthlib: Path) -> None:
    """On the importable synthetic library both ways read the same, except an ``isinstance`` of
    the library's own class, which only importing resolves."""
    target = MineTarget(
        native_type="Config",
        code=("static_synthlib.config:Config.validate",),
        error_types=("SampleError",),
    )
    imported, read = mine_static(target), mine_static(target, source_root=synthlib.parent)
    only_imported = [c for c in imported.candidates if c not in read.candidates]
    only_read = [u for u in read.unmined if u not in imported.unmined]
    assert [c for c in read.candidates if c not in imported.candidates] == []
    assert [u for u in imported.unmined if u not in read.unmined] == []
    assert [dict(c.fields) for c in only_imported] == [{"compiled": {"present": True}}]
    assert [(u.construct, u.reason) for u in only_read] == [
        ("isinstance(self.compiled, Config)", "a type with no predicate type name")
    ]
