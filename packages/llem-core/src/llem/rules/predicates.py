"""The predicate language of ``match.fields`` (see ``docs/rules.md``).

A predicate is compiled once into a closure over pre-split paths and bound operators, so testing
a view costs a few dictionary lookups. A missing or ``None`` value, and a missing or ``None``
operand reference, never fire -- except ``absent``, which is about exactly that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from llem.config.paths import path_problem
from llem.config.suggest import did_you_mean
from llem.rules.model import FieldMatcher, View
from llem.rules.operators import ALIASES, OPERATORS, RELATIONS, TYPE_TESTS, is_int, is_number

MISSING: Any = object()
"""What :func:`lookup` returns for a path that is not in the view."""

Check = Callable[[Any, View], bool]
"""One compiled operator: ``check(value, view)``, called only with a present, non-``None`` value."""


class PredicateError(ValueError):
    """A predicate that cannot be compiled; the message says what is wrong (not where)."""


@attrs.frozen
class Ref:
    """An operand that names another config value: ``path`` is dotted from the view's root."""

    path: str
    keys: tuple[str, ...] = attrs.field(init=False)

    @keys.default
    def _split(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))


def lookup(view: View, path: str) -> Any:
    """The value at dotted ``path`` in ``view``, or :data:`MISSING`."""
    return lookup_keys(view, tuple(path.split(".")))


def lookup_keys(view: View, keys: tuple[str, ...]) -> Any:
    """:func:`lookup` with the path already split; walks mappings only."""
    node: Any = view
    for key in keys:
        # ``type() is dict`` first: the ABC isinstance check costs ten times as much.
        if type(node) is not dict and not isinstance(node, Mapping):
            return MISSING
        node = node.get(key, MISSING)
        if node is MISSING:
            return MISSING
    return node


def compile_field(path: str, spec: Any) -> FieldMatcher:
    """Compile one ``match.fields`` entry; raises :class:`PredicateError` on a malformed spec."""
    problem = path_problem(path)
    if problem:
        raise PredicateError(problem)
    operators = spec_operators(spec)
    checks = tuple(compile_operator(path, op, operand) for op, operand in operators.items())
    test = _field_test(tuple(path.split(".")), checks, fires_when_unset="absent" in operators)
    return FieldMatcher(path, spec, test)


def _field_test(
    keys: tuple[str, ...], checks: tuple[Check, ...], *, fires_when_unset: bool
) -> Callable[[View], bool]:
    # Most fields have one operator: calling it directly skips a generator per test.
    single = checks[0] if len(checks) == 1 else None

    def test(view: View) -> bool:
        value = lookup_keys(view, keys)
        if value is MISSING or value is None:
            return fires_when_unset
        if single is not None:
            return single(value, view)
        return all(check(value, view) for check in checks)

    return test


def spec_operators(spec: Any) -> dict[str, Any]:
    """The predicate as ``{operator: operand}`` (a bare value or list means ``==``), validated."""
    if spec is None:
        raise PredicateError(
            "a null predicate never fires; to match an unset value use absent: true"
        )
    if not isinstance(spec, Mapping):
        return {"==": spec}
    if not spec:
        raise PredicateError("empty predicate: give at least one operator")
    for op in spec:
        if op not in OPERATORS:
            raise PredicateError(f"unknown operator {op!r}{_suggest(op)}")
    if "absent" in spec and len(spec) > 1:
        raise PredicateError("absent cannot be combined with other operators (they never fire)")
    return dict(spec)


def _suggest(op: Any) -> str:
    alias = ALIASES.get(str(op))
    return f" (did you mean {alias!r}?)" if alias else did_you_mean(str(op), OPERATORS)


def compile_operator(path: str, op: str, operand: Any) -> Check:
    """One operator of the field at ``path`` (relative references resolve against it)."""
    if op in ("present", "absent"):
        _require_true(op, operand)
        fires = op == "present"  # the value is known to be set whenever a check runs
        return lambda value, view: fires
    if op in ("type_is", "type_is_not"):
        return _type_check(op, type_tests(operand))
    bound = parse_operand(path, operand)
    if not isinstance(bound, Ref):
        check_literal(op, bound)
    return bind(RELATIONS[op], bound)


def _require_true(op: str, operand: Any) -> None:
    if operand is not True:
        other = "absent" if op == "present" else "present"
        raise PredicateError(f"{op} takes only true (got {operand!r}); to negate it use {other}")


def type_tests(operand: Any) -> tuple[Callable[[Any], bool], ...]:
    """The tests of a ``type_is`` operand: one type name or a non-empty list of them."""
    names = [operand] if isinstance(operand, str) else operand
    if not isinstance(names, list) or not names:
        raise PredicateError(f"expected a type name or a list of them, got {operand!r}")
    for name in names:
        if name not in TYPE_TESTS:
            hint = did_you_mean(str(name), TYPE_TESTS)
            raise PredicateError(f"unknown type {name!r}{hint}; known: {', '.join(TYPE_TESTS)}")
    return tuple(TYPE_TESTS[name] for name in names)


def _type_check(op: str, tests: tuple[Callable[[Any], bool], ...]) -> Check:
    wanted = op == "type_is"
    return lambda value, view: any(test(value) for test in tests) is wanted


def parse_operand(path: str, operand: Any) -> Any:
    """A :class:`Ref` for ``"@name"`` / ``"@a.b"``, the literal ``"@x"`` for ``"@@x"``, else the
    operand itself. References are whole operands: items of a list operand are always literal."""
    if not isinstance(operand, str) or not operand.startswith("@"):
        return operand
    if operand.startswith("@@"):
        return operand[1:]
    return Ref(resolve_ref(path, operand[1:]))


def resolve_ref(path: str, name: str) -> str:
    """The root path of reference ``name`` made from the field at ``path``: a dotted name is
    already from the root; a bare one is the field's sibling (same parent)."""
    parent, _, _ = path.rpartition(".")
    target = name if "." in name or not parent else f"{parent}.{name}"
    problem = path_problem(name)
    if problem:
        raise PredicateError(f"bad reference {'@' + name!r}: {problem}")
    return target


def check_literal(op: str, operand: Any) -> None:
    """Refuse a literal operand the operator can never fire on (a reference is checked live)."""
    if operand is None:
        instead = {"==": "absent: true", "!=": "present: true"}.get(op, "present / absent")
        raise PredicateError(f"{op} null never fires; use {instead}")
    problem = _literal_problem(op, operand)
    if problem:
        raise PredicateError(f"{op}: {problem} (got {operand!r})")


def _literal_problem(op: str, operand: Any) -> str | None:
    if op in ("in", "not_in") and not isinstance(operand, list):
        return "the operand must be a list (or an @reference to one)"
    if op in ("<", "<=", ">", ">=") and not (is_number(operand) or isinstance(operand, str)):
        return "the operand must be a number or a string"
    if op in ("divisible_by", "not_divisible_by") and not (is_int(operand) and operand != 0):
        return "the operand must be a non-zero integer"
    if not is_plain(operand):
        return "the operand must be plain data (strings, numbers, booleans, lists, mappings)"
    return None


def is_plain(value: Any) -> bool:
    """Data a YAML config can hold and :func:`llem.rules.operators.strict_equal` compares."""
    if value is None or isinstance(value, str | int | float):
        return True
    if isinstance(value, list):
        return all(is_plain(item) for item in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    return False


def bind(relation: Callable[[Any, Any], bool], operand: Any) -> Check:
    """A check of ``relation(value, operand)``, looking a :class:`Ref` operand up in the view."""
    if not isinstance(operand, Ref):
        return lambda value, view: relation(value, operand)
    keys = operand.keys

    def check(value: Any, view: View) -> bool:
        other = lookup_keys(view, keys)
        return other is not MISSING and other is not None and relation(value, other)

    return check
