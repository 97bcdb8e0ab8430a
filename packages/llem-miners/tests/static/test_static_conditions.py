"""The translation of ``if`` tests into predicate alternatives (one candidate rule each)."""

from __future__ import annotations

import ast
import collections.abc
from typing import Any

import pytest

from llem_miners.static.conditions import Translator, python_equal_members
from llem_miners.static.fields import Conflict, Unsatisfiable, merge
from llem_miners.static.logic import FALSY, Atom, Failure
from llem_miners.static.scope import Scope


class Klass:
    """A library class: no config value (plain data) is an instance of it."""


GLOBALS = {
    "MODES": frozenset({"b", "a"}),
    "BASE": ("x",),
    "OBJECT": object(),
    "Klass": Klass,
    "abc": collections.abc,
}
FALSY_LIST = list(FALSY)


def translate(source: str, negated: bool = False) -> list[Any]:
    """Each alternative as merged fields, ``"unsat"``, or ``("fail", text, reason)``."""
    scope = Scope(frozenset({"self", "cfg"}), GLOBALS, aliases={"penalty": "repetition_penalty"})
    scope.bind("local_k", alias="top_k")
    scope.bind("EXTRA", constant=("y",))
    translator = Translator(scope, frozenset({"top_p", "do_sample"}))
    results: list[Any] = []
    for alternative in translator.translate(ast.parse(source, mode="eval").body, negated):
        if isinstance(alternative, Failure):
            results.append(("fail", alternative.text, alternative.reason))
            continue
        try:
            results.append(merge(alternative))
        except Unsatisfiable:
            results.append("unsat")
    return results


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("self.k <= 0", [{"k": {"<=": 0}}]),
        ("0 < self.k", [{"k": {">": 0}}]),
        ("self.k is not None and self.k > 1", [{"k": {">": 1}}]),
        ("self.k is None", [{"k": {"absent": True}}]),
        ("self.k == None", [{"k": {"absent": True}}]),
        ("self.k is not None", [{"k": {"present": True}}]),
        ("self.do_sample is True", [{"do_sample": True}]),
        ("self.do_sample is False", [{"do_sample": False}]),
        ("self.do_sample is not True", [{"do_sample": {"!=": True}}]),
        ("self.k <= 0 or self.k >= 1", [{"k": {"<=": 0}}, {"k": {">=": 1}}]),
        ("0.0 < self.w < 1.0", [{"w": {">": 0.0, "<": 1.0}}]),
        ("self.m not in {None, True, 'never'}", [{"m": {"not_in": ["never", 1, True]}}]),
        ("self.m in MODES", [{"m": {"in": ["a", "b"]}}]),
        ("self.m in BASE + EXTRA", [{"m": {"in": ["x", "y"]}}]),
        ("self.t in self.allowed", [{"t": {"in": "@allowed"}, "allowed": {"present": True}}]),
        ("self.n > self.b", [{"n": {">": "@b"}, "b": {"present": True}}]),
        ("isinstance(self.k, float)", [{"k": {"type_is": "float"}}]),
        ("isinstance(self.k, (int, float))", [{"k": {"type_is": "number"}}]),
        ("isinstance(self.k, dict | tuple)", [{"k": {"type_is": ["list", "mapping"]}}]),
        ("isinstance(self.k, abc.Mapping)", [{"k": {"type_is": "mapping"}}]),
        ("isinstance(self.k, Klass)", []),
        ("self.k is not None and not isinstance(self.k, Klass)", [{"k": {"present": True}}]),
        ("len(self.words) == 0", [{"words": {"==": []}}]),
        ("len(self.words) > 0", [{"words": {"!=": []}}]),
        ("self.flag", [{"flag": {"not_in": FALSY_LIST}}]),
        ("cfg.top_p < 1.0", [{"top_p": {"<": 1.0}}]),
        ("penalty <= 0", [{"repetition_penalty": {"<=": 0}}]),
        ("local_k != 0", [{"top_k": {"!=": 0}}]),
        ("getattr(self, 'top_p') is None", [{"top_p": {"absent": True}}]),
        ("self.a > 1 and self.a > 3 and self.a < 9", [{"a": {">": 3, "<": 9}}]),
        ("self.a != 1 and self.a != 2", [{"a": {"not_in": [1, 2]}}]),
        ("self.a is None and self.a > 1", ["unsat"]),
        ("self.top_p > 0 and check('do_sample', 'top_p', users)", [{"top_p": {">": 0}}]),
        ("self.m in ()", []),
    ],
)
def test_translates_conditions(source: str, expected: list[Any]) -> None:
    assert translate(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("self.k > 0", [{"k": {"<=": 0}}]),
        ("self.k is not None and self.k > 0", [{"k": {"absent": True}}, {"k": {"<=": 0}}]),
        ("0 <= self.p <= 1.0", [{"p": {"<": 0}}, {"p": {">": 1.0}}]),
        ("self.m in ('a', 'b')", [{"m": {"not_in": ["a", "b"]}}]),
        ("isinstance(self.k, int)", [{"k": {"type_is_not": "int"}}]),
        ("self.k is None or self.k == 1", [{"k": {"!=": 1}}]),
        ("self.flag", [{"flag": {"in": FALSY_LIST}}, {"flag": {"absent": True}}]),
        ("not (self.a and self.b)", [{"a": {"not_in": FALSY_LIST}, "b": {"not_in": FALSY_LIST}}]),
    ],
)
def test_translates_negations(source: str, expected: list[Any]) -> None:
    assert translate(source, negated=True) == expected


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("torch.cuda.is_available()", "a call the static miner cannot evaluate"),
        ("self.sub.depth > 1", "compares no keyword"),
        ("self._private > 1", "compares no keyword"),
        ("self.k > OBJECT", "compares with a value that is not a literal"),
        ("isinstance(self.k, Missing)", "a type with no predicate type name"),
        ("isinstance(self.k, OBJECT)", "a type with no predicate type name"),
        (
            "self.k in self.sub.items",
            "tests membership in something that is not a literal collection",
        ),
        ("len(self.k) > 3", "a length test other than empty / not empty"),
        ("hasattr(self, 'top_p')", "a call the static miner cannot evaluate"),
        ("not check('do_sample', 'top_p', users)", "a call the static miner cannot evaluate"),
        ("check('flash_attn')", "a call the static miner cannot evaluate"),
        ("ready", "not a comparison, a type test or a keyword"),
    ],
)
def test_reports_what_it_cannot_translate(source: str, reason: str) -> None:
    [failure] = translate(source)
    assert failure[0] == "fail"
    assert failure[2] == reason


def test_an_untranslatable_disjunct_leaves_the_others() -> None:
    assert translate("self.k < 0 or helper(self.k)") == [
        {"k": {"<": 0}},
        ("fail", "helper(self.k)", "a call the static miner cannot evaluate"),
    ]


def test_conflicting_bounds_are_a_conflict() -> None:
    [alternative] = _alternatives("self.n > 1 and self.n > self.b")
    with pytest.raises(Conflict):
        merge(alternative)


def test_members_include_the_values_python_takes_as_equal() -> None:
    assert python_equal_members({True, None, "x"}) == ["x", 1, True]
    assert python_equal_members((0, 2)) == [0, 2, False]


def test_merge_puts_the_ordered_keywords_first() -> None:
    [alternative] = _alternatives("self.a > 1 and self.b < 2")
    assert list(merge(alternative, order=["b"])) == ["b", "a"]


def _alternatives(source: str) -> list[tuple[Atom, ...]]:
    scope = Scope(frozenset({"self"}), {})
    found = Translator(scope).translate(ast.parse(source, mode="eval").body)
    return [alternative for alternative in found if not isinstance(alternative, Failure)]
