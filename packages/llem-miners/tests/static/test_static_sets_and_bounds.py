"""Sets built from keywords, locals split by a conditional expression, and a keyword bounded by
both a literal and a sibling: on synthetic code (``static_synthlib/sets_and_bounds.py``) and on
the translator and :func:`~llem_miners.static.bounds.sibling_bounds` directly."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from llem.records import MineTarget
from llem_miners.candidate import MineResult
from llem_miners.static import mine_static
from llem_miners.static.bounds import sibling_bounds
from llem_miners.static.conditions import Translator
from llem_miners.static.fields import merge
from llem_miners.static.logic import FALSY, Atom, Failure
from llem_miners.static.scope import Binding, Collected, Scope

Line = Callable[[str, str], int]
FILE = "sets_and_bounds.py"
TOKENS = MineTarget(native_type="Tokens", code=("static_synthlib.sets_and_bounds:Tokens.validate",))
TRUTHY = {"not_in": list(FALSY)}
FALSY_LIST = {"in": list(FALSY)}
ALLOWED = {"allowed": {"present": True}}


@pytest.fixture
def tokens(synthlib: Path) -> MineResult:
    return mine_static(TOKENS)


def fields_at(result: MineResult, line: int) -> list[dict[str, Any]]:
    return [dict(c.fields) for c in result.candidates if c.where.line == line]


def reasons_at(result: MineResult, line: int) -> list[str]:
    return [item.reason for item in result.unmined if item.where.line == line]


def test_a_sibling_bound_replaces_the_literal_one_it_implies(
    tokens: MineResult, line: Line
) -> None:
    beams = line(FILE, "beams")
    [candidate] = [c for c in tokens.candidates if c.where.line == beams]
    assert candidate.fields == {
        "num_return_sequences": {">": "@num_beams"},
        "num_beams": {"!=": 1},
    }
    assert candidate.description == (
        "`num_return_sequences` must not exceed `num_beams` (assumes `num_beams` >= 1, where"
        " `num_return_sequences` > `num_beams` implies `num_return_sequences` > 1)"
    )
    assert candidate.kwargs_positive == {"num_beams": 2, "num_return_sequences": 3}
    assert reasons_at(tokens, beams) == []


def test_a_proven_sibling_side_takes_no_assumption(tokens: MineResult, line: Line) -> None:
    [candidate] = [c for c in tokens.candidates if c.where.line == line(FILE, "proven")]
    assert candidate.fields == {"width": {">": "@floor"}, "floor": {">=": 4}}
    assert candidate.description == "`width` must not exceed `floor`"


def test_an_unconstrained_sibling_bound_stays_a_conflict(tokens: MineResult, line: Line) -> None:
    unresolved = line(FILE, "unresolved")
    assert fields_at(tokens, unresolved) == []
    assert reasons_at(tokens, unresolved) == [
        "conflicting predicates: `depth` < both 9 and '@ceiling'"
    ]


def test_a_single_value_set_inside_a_sibling_set_is_membership(
    tokens: MineResult, line: Line
) -> None:
    forced = line(FILE, "forced")
    assert fields_at(tokens, forced) == [
        {"bos_id": {"type_is": "int", "in": "@suppressed"}, "suppressed": {"present": True}},
        {"eos_id": {"type_is": "int", "in": "@suppressed"}, "suppressed": {"present": True}},
    ]
    [bos, _] = [c for c in tokens.candidates if c.where.line == forced]
    assert bos.kwargs_positive == {"bos_id": 1, "suppressed": [1]}
    assert bos.kwargs_negative == {"bos_id": 2, "suppressed": [1]}
    assert bos.message_template == "Every token in `bos_id` is suppressed"
    # The other branch (``set(forced)``, every element suppressed) has no predicate operator.
    assert reasons_at(tokens, forced) == [
        "every element of `bos_id` in `suppressed`: no predicate operator",
        "every element of `eos_id` in `suppressed`: no predicate operator",
    ]


def test_membership_in_and_supersets_of_keyword_sets(tokens: MineResult, line: Line) -> None:
    assert fields_at(tokens, line(FILE, "not_in_set")) == [
        {"mode": {"not_in": "@allowed"}, "allowed": {"present": True}}
    ]
    assert fields_at(tokens, line(FILE, "superset")) == [
        {"level": {"!=": "@limit"}, "limit": {"present": True}}
    ]


def test_what_no_predicate_states_is_unmined(tokens: MineResult, line: Line) -> None:
    assert reasons_at(tokens, line(FILE, "every_element")) == [
        "every element of `tags` in `known_tags`: no predicate operator"
    ]
    assert reasons_at(tokens, line(FILE, "not_a_set")) == [
        "a subset test of something that is not a set built from a keyword"
    ]
    assert reasons_at(tokens, line(FILE, "opaque_split")) == [
        "not a comparison, a type test or a keyword"
    ]


def test_a_conditional_local_splits_into_its_branches(tokens: MineResult, line: Line) -> None:
    assert fields_at(tokens, line(FILE, "split")) == [
        {"use_a": TRUTHY, "a": {"<": 0}},
        {"use_a": {"absent": True}, "b": {"<": 0}},
        {"use_a": FALSY_LIST, "b": {"<": 0}},
    ]
    assert fields_at(tokens, line(FILE, "literal_branch")) == [
        {"capped": TRUTHY, "size": {">": "@cap"}, "cap": {"present": True}},
        {"capped": {"absent": True}, "size": {">": 10}},
        {"capped": FALSY_LIST, "size": {">": 10}},
    ]


def translate(source: str, negated: bool = False) -> list[Any]:
    scope = Scope(frozenset({"self"}), {})
    scope.bind("whole", view=Collected("allowed", single=False))
    scope.bind("one", view=Collected("level", single=True))
    flag, not_flag = ((Atom("flag", "==", True),),), ((Atom("flag", "!=", True),),)
    scope.split("either", ((flag, Binding(alias="a")), (not_flag, Binding(constant=3))))
    found = Translator(scope).translate(ast.parse(source, mode="eval").body, negated)
    return [("fail", alt.reason) if isinstance(alt, Failure) else merge(alt) for alt in found]


@pytest.mark.parametrize(
    ("source", "negated", "expected"),
    [
        ("one", False, [{}]),
        ("one", True, []),
        ("{self.k}", False, [{}]),
        ("whole", False, [{"allowed": TRUTHY}]),
        ("set(self.k)", True, [{"k": FALSY_LIST}, {"k": {"absent": True}}]),
        ("self.k in whole", False, [{"k": {"in": "@allowed"}, **ALLOWED}]),
        ("self.k in one", True, [{"k": {"!=": "@level"}, "level": {"present": True}}]),
        ("one.issubset(whole)", False, [{"level": {"in": "@allowed"}, **ALLOWED}]),
        ("one.issubset(self.s)", True, [{"level": {"not_in": "@s"}, "s": {"present": True}}]),
        ("whole.issuperset({self.k})", False, [{"k": {"in": "@allowed"}, **ALLOWED}]),
        ("frozenset(whole).issuperset(one)", False, [{"level": {"in": "@allowed"}, **ALLOWED}]),
        ("either", False, [{"flag": True, "a": TRUTHY}, {"flag": {"!=": True}}]),
        ("either", True, [{"flag": True, "a": FALSY_LIST}, {"flag": True, "a": {"absent": True}}]),
    ],
)  # fmt: skip
def test_translates_set_tests(source: str, negated: bool, expected: list[Any]) -> None:
    assert translate(source, negated) == expected


def test_a_split_local_is_restored_after_each_translation() -> None:
    scope = Scope(frozenset({"self"}), {})
    branches = ((((Atom("flag", "==", True),),), Binding(alias="a")),)
    scope.split("either", branches)
    Translator(scope).translate(ast.parse("either > 1", mode="eval").body)
    assert scope.splits == {"either": branches}
    assert "either" not in scope.aliases


@pytest.mark.parametrize(
    ("atoms", "kept", "assumptions"),
    [
        (  # num_beams == 1 came first: the literal edge of num_beams, assumed
            [Atom("n", ">", 1), Atom("n", ">", "@b"), Atom("b", "!=", 1)],
            [Atom("n", ">", "@b"), Atom("b", "!=", 1)],
            ["assumes `b` >= 1, where `n` > `b` implies `n` > 1"],
        ),
        (
            [Atom("n", "<=", 5), Atom("n", "<=", "@b"), Atom("b", "in", [1, 5])],
            [Atom("n", "<=", "@b"), Atom("b", "in", [1, 5])],
            [],
        ),
        (
            [Atom("n", ">", 1), Atom("n", ">", 3), Atom("n", ">", "@b"), Atom("b", ">", 3)],
            [Atom("n", ">", "@b"), Atom("b", ">", 3)],
            [],
        ),
        (  # b > 2 does not put b at or above 3
            [Atom("n", ">", 3), Atom("n", ">", "@b"), Atom("b", ">", 2)],
            [Atom("n", ">", 3), Atom("n", ">", "@b"), Atom("b", ">", 2)],
            [],
        ),
        (  # b != 2 is not the literal's edge
            [Atom("n", ">", 1), Atom("n", ">", "@b"), Atom("b", "!=", 2)],
            [Atom("n", ">", 1), Atom("n", ">", "@b"), Atom("b", "!=", 2)],
            [],
        ),
        (  # two siblings: no single bound states it
            [Atom("n", ">", 1), Atom("n", ">", "@b"), Atom("n", ">", "@c"), Atom("b", ">=", 1)],
            [Atom("n", ">", 1), Atom("n", ">", "@b"), Atom("n", ">", "@c"), Atom("b", ">=", 1)],
            [],
        ),
    ],
)
def test_sibling_bounds(atoms: list[Atom], kept: list[Atom], assumptions: list[str]) -> None:
    resolved = sibling_bounds(atoms)
    assert list(resolved.atoms) == kept
    assert list(resolved.assumptions) == assumptions
