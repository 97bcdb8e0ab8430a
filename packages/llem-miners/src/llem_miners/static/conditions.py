"""Translate an ``if`` test (or its negation) into a :data:`~llem_miners.static.logic.Dnf`.

Supported: ``and`` / ``or`` / ``not`` (De Morgan), comparisons of a keyword with a literal or with
another keyword (chained ones too), ``is [not] None/True/False``, ``[not] in`` a literal collection
(a module constant included) or another keyword, ``isinstance(k, T)``, ``len(k) == 0``, and a bare
keyword (truthy: ``not_in [False, 0, "", [], {}]``; falsy: ``in`` that list, or absent: exact for
every type, where ``present`` would be wrong for booleans). In ``isinstance``, builtins map to
their predicate type (``(int, float)`` is ``number``, ``dict`` ``mapping``, ``tuple`` ``list``);
any other class to the predicate types of the plain values that are its instances
(``collections.abc.Mapping`` is ``mapping``), so a library class (``CompileConfig``,
``torch.dtype``) matches no config value: ``isinstance`` is false, ``not isinstance`` true. A call
that only asks whether keywords were set by name (``_should_warn("do_sample", "top_p", ...)``) is
a provenance check assumed to hold. Tests of sets built from keywords (``{k}.issubset(set(s))``)
are read by :mod:`~llem_miners.static.sets`. A test that reads a split local (``x = a if c else
b``) is translated once per branch, each under the branch's condition. Anything else is a
:class:`~llem_miners.static.logic.Failure`.

Known approximation: negating ``k == v`` gives ``k != v``, which (like every predicate) never
fires for a missing value, while Python's ``None != v`` holds.
"""

from __future__ import annotations

import ast
from typing import Any

import attrs

from llem_miners.static.logic import (
    FALSE,
    FLIPPED,
    NEGATION,
    TRUE,
    Dnf,
    atom,
    conjoin,
    disjoin,
    fail,
    truthiness,
)
from llem_miners.static.scope import NOT_CONSTANT, Scope
from llem_miners.static.sets import collected, member_of, nonempty, subset_test
from llem_miners.static.text import source_text

COMPARISONS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
TYPE_NAMES = {
    "bool": "bool",
    "int": "int",
    "float": "float",
    "str": "str",
    "list": "list",
    "tuple": "list",
    "dict": "mapping",
}
PLAIN_SAMPLES: dict[str, Any] = {
    "bool": True,
    "int": 1,
    "float": 1.5,
    "str": "s",
    "list": [1],
    "mapping": {"a": 1},
}
"""A value of each predicate type, to see which of them a library type accepts."""


@attrs.frozen
class Translator:
    """Translates the tests of one function; ``known_keywords``: every keyword it reads."""

    scope: Scope
    known_keywords: frozenset[str] = frozenset()

    def translate(self, node: ast.expr, negated: bool = False) -> Dnf:
        """The condition ``node`` (or ``not node`` when ``negated``)."""
        split = next(
            (n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in self.scope.splits),
            None,
        )
        if split is None:
            return self._translate(node, negated)
        parts = []
        for condition, binding in self.scope.splits[split]:
            with self.scope.branch(split, binding):
                parts.append(conjoin(condition, self.translate(node, negated)))
        return disjoin(*parts)

    def _translate(self, node: ast.expr, negated: bool) -> Dnf:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self._translate(node.operand, not negated)
        if isinstance(node, ast.BoolOp):
            parts = [self._translate(value, negated) for value in node.values]
            both = isinstance(node.op, ast.And) != negated
            return conjoin(*parts) if both else disjoin(*parts)
        view = collected(node, self.scope)
        if view is not None:
            return nonempty(view, negated)
        if isinstance(node, ast.Compare):
            return self._compare(node, negated)
        if isinstance(node, ast.Call):
            return self._call(node, negated)
        keyword = self.scope.keyword(node)
        if keyword is not None:
            return truthiness(keyword, negated)
        value = self.scope.constant(node)
        if value is not NOT_CONSTANT:
            return TRUE if bool(value) != negated else FALSE
        return fail(source_text(node), "not a comparison, a type test or a keyword")

    def _compare(self, node: ast.Compare, negated: bool) -> Dnf:
        lefts = [node.left, *node.comparators[:-1]]
        pairs = [
            self._pair(left, op, right, negated)
            for left, op, right in zip(lefts, node.ops, node.comparators, strict=True)
        ]
        return disjoin(*pairs) if negated else conjoin(*pairs)

    def _pair(self, left: ast.expr, op: ast.cmpop, right: ast.expr, negated: bool) -> Dnf:
        text = source_text(ast.Compare(left=left, ops=[op], comparators=[right]))
        if isinstance(op, ast.In | ast.NotIn):
            return self._membership(left, isinstance(op, ast.NotIn) != negated, right, text)
        if self.scope.keyword(left) is None and self.scope.keyword(right) is not None:
            left, right, op = right, left, _flipped(op)
        if _length_of(left) is not None:
            return self._length(left, op, right, negated, text)
        keyword = self.scope.keyword(left)
        if keyword is None:
            return fail(text, "compares no keyword")
        return self._keyword_pair(keyword, op, right, negated, text)

    def _keyword_pair(
        self, keyword: str, op: ast.cmpop, right: ast.expr, negated: bool, text: str
    ) -> Dnf:
        other = self.scope.keyword(right)
        value = self.scope.constant(right)
        if isinstance(op, ast.Is | ast.IsNot):
            if other is not None or not (value is None or isinstance(value, bool)):
                return fail(text, "an identity test with something else than None/True/False")
        elif other is not None:
            return atom(keyword, _named(op, negated), f"@{other}")
        if value is NOT_CONSTANT:
            return fail(text, "compares with a value that is not a literal")
        if value is None and isinstance(op, ast.Is | ast.IsNot | ast.Eq | ast.NotEq):
            unset = isinstance(op, ast.Is | ast.Eq) != negated
            return atom(keyword, "absent" if unset else "present")
        if value is None:
            return fail(text, "an order comparison with None")
        return atom(keyword, _named(op, negated), value)

    def _membership(self, left: ast.expr, outside: bool, right: ast.expr, text: str) -> Dnf:
        keyword = self.scope.keyword(left)
        if keyword is None:
            return fail(text, "tests membership of something that is not a keyword")
        op = "not_in" if outside else "in"
        other = self.scope.keyword(right)
        if other is not None:
            return atom(keyword, op, f"@{other}")
        view = collected(right, self.scope)
        if view is not None:
            return member_of(keyword, view, outside)
        members = self.scope.constant(right)
        if isinstance(members, dict):
            members = list(members)
        if not isinstance(members, tuple | list | set | frozenset):
            return fail(text, "tests membership in something that is not a literal collection")
        values = python_equal_members(members)
        if not values:
            return atom(keyword, "present") if outside else FALSE
        return atom(keyword, op, values)

    def _length(
        self, left: ast.expr, op: ast.cmpop, right: ast.expr, negated: bool, text: str
    ) -> Dnf:
        keyword = self.scope.keyword(_length_of(left) or left)
        limit = self.scope.constant(right)
        empty = {(ast.Eq, 0): True, (ast.LtE, 0): True, (ast.Lt, 1): True}
        nonempty = {(ast.NotEq, 0): True, (ast.Gt, 0): True, (ast.GtE, 1): True}
        key = (type(op), limit)
        if keyword is None:
            return fail(text, "the length of something that is not a keyword")
        if key not in empty and key not in nonempty:
            return fail(text, "a length test other than empty / not empty")
        is_empty = (key in empty) != negated
        return atom(keyword, "==" if is_empty else "!=", [])

    def _call(self, node: ast.Call, negated: bool) -> Dnf:
        text = source_text(node)
        if _callee(node) == "isinstance" and len(node.args) == 2:
            return self._isinstance(node, negated, text)
        if _callee(node) == "bool" and len(node.args) == 1:
            return self._translate(node.args[0], negated)
        subset = subset_test(node, self.scope, negated)
        if subset is not None:
            return subset
        if not negated and self._is_provenance_check(node):
            return TRUE
        return fail(text, "a call the static miner cannot evaluate")

    def _isinstance(self, node: ast.Call, negated: bool, text: str) -> Dnf:
        keyword = self.scope.keyword(node.args[0])
        if keyword is None:
            return fail(text, "a type test of something that is not a keyword")
        kinds: set[str] = set()
        for element in _type_elements(node.args[1]):
            found = self._kinds(element)
            if found is None:
                return fail(text, "a type with no predicate type name")
            kinds |= found
        if not kinds:
            return TRUE if negated else FALSE
        return atom(keyword, "type_is_not" if negated else "type_is", _type_operand(kinds))

    def _kinds(self, node: ast.expr) -> set[str] | None:
        """The predicate types of type ``node``: a builtin's own, else those of the plain values
        that are instances of it (none for a library class: a config value is plain data)."""
        if isinstance(node, ast.Name) and node.id in TYPE_NAMES:
            return {TYPE_NAMES[node.id]}
        kind = self.scope.resolve(node)
        if not isinstance(kind, type):
            return None
        return {name for name, sample in PLAIN_SAMPLES.items() if isinstance(sample, kind)}

    def _is_provenance_check(self, node: ast.Call) -> bool:
        """``helper("do_sample", "top_p", user_set)``: a plain function asked about keywords by
        name, reading no subject (whether a keyword was set by the user, not its value)."""
        arguments = [*node.args, *(item.value for item in node.keywords)]
        if not isinstance(node.func, ast.Name) or node.func.id in ("hasattr", "getattr"):
            return False
        if any(self.scope.is_subject(arg) or self._reads_subject(arg) for arg in arguments):
            return False
        names = [self.scope.constant(arg) for arg in arguments]
        return any(isinstance(name, str) and name in self.known_keywords for name in names)

    def _reads_subject(self, node: ast.expr) -> bool:
        return any(
            isinstance(child, ast.Name) and self.scope.is_subject(child) for child in ast.walk(node)
        )


def python_equal_members(members: Any) -> list[Any]:
    """The members (``None`` left out: it never fires), with the values Python takes as equal
    to them but a type-strict predicate does not (``True`` and ``1``), sorted by ``repr``."""
    values: list[Any] = []
    for member in members:
        for value in _equal_values(member):
            if not any(type(value) is type(old) and value == old for old in values):
                values.append(value)
    return sorted(values, key=repr)


def _equal_values(member: Any) -> tuple[Any, ...]:
    if member is None:
        return ()
    if isinstance(member, bool):
        return (member, int(member))
    if isinstance(member, int) and member in (0, 1):
        return (member, bool(member))
    return (member,)


def _named(op: ast.cmpop, negated: bool) -> str:
    name = COMPARISONS.get(type(op), "==")
    if isinstance(op, ast.IsNot):
        name = "!="
    return NEGATION[name] if negated else name


def _flipped(op: ast.cmpop) -> ast.cmpop:
    name = COMPARISONS.get(type(op))
    if name is None:
        return op
    flipped = FLIPPED[name]
    return next(kind() for kind, text in COMPARISONS.items() if text == flipped)


def _callee(node: ast.Call) -> str | None:
    return node.func.id if isinstance(node.func, ast.Name) else None


def _length_of(node: ast.expr) -> ast.expr | None:
    if isinstance(node, ast.Call) and _callee(node) == "len" and len(node.args) == 1:
        return node.args[0]
    return None


def _type_elements(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.Tuple):
        return [item for element in node.elts for item in _type_elements(element)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _type_elements(node.left) + _type_elements(node.right)
    return [node]


def _type_operand(kinds: set[str]) -> Any:
    ordered = sorted(kinds)
    if ordered == ["float", "int"]:
        return "number"
    return ordered[0] if len(ordered) == 1 else ordered
