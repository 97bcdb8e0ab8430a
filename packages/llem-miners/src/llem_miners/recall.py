"""How much of a reference corpus (the hand-written rules) a mined corpus recovers.

A reference rule is *recovered* when a mined rule of the same native type, about exactly the same
config fields, fires on exactly the same views: both predicates are evaluated on every
combination of telling values of those fields (each threshold and its neighbours, each listed
member, a value of each named type, unset). Where the schema types a field and neither rule tests
types, only values of that type count (llem's config refuses the others before any rule runs), so
``{"<=": 0}`` recovers ``{"<": 1}`` on an ``int`` field but not on a ``float`` one. It is
recovered *on its subject* when a mined rule agrees on the rule's first field but carries other
context (another guard, or none).

A dormant rule says a set value has no effect. A keyword set to the library's own default has
none by definition, whether the library warns about it or not, so on a keyword llem leaves unset
by default, a dormant rule's ``{"!=": default}`` (the library's warning test: ``top_k != 50``)
and ``{present: true}`` (the hand rule: any top_k is ignored while greedy) are the same rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from llem.rules.operators import TYPE_TESTS
from llem.rules.predicates import compile_field
from llem_miners.examples import UNSET, candidates, nested

Rule = Mapping[str, Any]
MAX_COMBINATIONS = 20_000


@attrs.frozen
class RecallRow:
    """One reference rule: the mined rule that recovers it, if any, and how."""

    reference: str
    match: str  # "exact", "subject" or "none"
    mined: str | None = None


def recall_rows(
    reference: Sequence[Rule],
    mined: Sequence[Rule],
    types: Mapping[str, str] | None = None,
    settable: Callable[[str], bool] | None = None,
    unset_defaults: Mapping[str, Any] | None = None,
) -> list[RecallRow]:
    """One row per reference rule; ``types``: config path -> the schema's type name;
    ``settable``: whether a config can set a path (an ``absent`` test of a path none can set
    always holds, so a reference rule's such test is left out, as the miners leave it out);
    ``unset_defaults``: config path -> the library's default, for the paths llem's default
    view leaves unset."""
    defaults = unset_defaults or {}
    mined = [_as_dormant_presence(rule, defaults) for rule in mined]
    return [
        _row(_as_dormant_presence(rule, defaults), mined, types or {}, settable)
        for rule in reference
    ]


def _as_dormant_presence(rule: Rule, defaults: Mapping[str, Any]) -> Rule:
    if rule.get("severity") != "dormant" or not defaults:
        return rule
    fields = {path: _presence(spec, path, defaults) for path, spec in _fields(rule).items()}
    return {**rule, "match": {**rule["match"], "fields": fields}}


def _presence(spec: Any, path: str, defaults: Mapping[str, Any]) -> Any:
    if not (isinstance(spec, Mapping) and list(spec) == ["!="]) or path not in defaults:
        return spec
    default = defaults[path]
    same = default is not None and _listed(spec["!="], [default])
    return {"present": True} if same else spec


def _row(
    rule: Rule,
    mined: Sequence[Rule],
    types: Mapping[str, str],
    settable: Callable[[str], bool] | None,
) -> RecallRow:
    same_type = [other for other in mined if other["native_type"] == rule["native_type"]]
    fields = _meaningful(_fields(rule), settable)
    for other in same_type:
        same_fields = _fields(other).keys() == fields.keys()
        if same_fields and agree(fields, _fields(other), types):
            return RecallRow(rule["id"], "exact", other["id"])
    subject, spec = next(iter(fields.items()))
    for other in same_type:
        theirs = _fields(other).get(subject)
        if theirs is not None and agree({subject: spec}, {subject: theirs}, types):
            return RecallRow(rule["id"], "subject", other["id"])
    return RecallRow(rule["id"], "none")


def _meaningful(
    fields: Mapping[str, Any], settable: Callable[[str], bool] | None
) -> Mapping[str, Any]:
    if settable is None:
        return fields
    kept = {p: s for p, s in fields.items() if settable(p) or s != {"absent": True}}
    return kept or fields


def _fields(rule: Rule) -> Mapping[str, Any]:
    fields: Mapping[str, Any] = rule["match"]["fields"]
    return fields


def agree(
    left: Mapping[str, Any], right: Mapping[str, Any], types: Mapping[str, str] | None = None
) -> bool:
    """Both field sets (same paths) fire on exactly the same views among the telling ones."""
    paths = sorted(left)
    values = [_typed(_telling(left[p], right.get(p)), (types or {}).get(p), left[p], right.get(p))
              for p in paths]  # fmt: skip
    combinations = itertools.islice(itertools.product(*values), MAX_COMBINATIONS)
    left_tests = [compile_field(path, left[path]).test for path in paths]
    right_tests = [compile_field(path, right[path]).test for path in paths]
    for combination in combinations:
        view = _view(paths, combination)
        if all(t(view) for t in left_tests) != all(t(view) for t in right_tests):
            return False
    return True


def _telling(*specs: Any) -> list[Any]:
    values: list[Any] = [UNSET]
    for spec in specs:
        if spec is not None:
            values += [v for v in candidates(spec, {}, None) if not _listed(v, values)]
    return values


TYPE_OPERATORS = ("type_is", "type_is_not")
HELD_BY = {"int": "int", "float": "number", "number": "number", "bool": "bool", "str": "str"}
"""Schema type -> the predicate type of the values a config field of it holds (a ``float``
field holds ints too)."""


def _typed(values: list[Any], type_name: str | None, *specs: Any) -> list[Any]:
    """The values a config of the field's schema type can hold (all of them when the type is
    unknown or a rule tests types)."""
    test = TYPE_TESTS.get(HELD_BY.get(type_name or "", ""))
    tests_types = any(isinstance(s, Mapping) and set(s) & set(TYPE_OPERATORS) for s in specs)
    if test is None or tests_types:
        return values
    return [value for value in values if value is UNSET or test(value)]


def _listed(value: Any, values: list[Any]) -> bool:
    return any(type(value) is type(old) and value == old for old in values)


def _view(paths: Sequence[str], combination: Sequence[Any]) -> dict[str, Any]:
    return nested(dict(zip(paths, combination, strict=True)))


def recall_table(rows: Sequence[RecallRow]) -> list[str]:
    """The table printed in the report: one line per reference rule, then the totals."""
    width = max((len(row.reference) for row in rows), default=10)
    lines = [f"{row.reference:<{width}}  {row.match:<7}  {row.mined or '-'}" for row in rows]
    exact = sum(row.match == "exact" for row in rows)
    subject = sum(row.match == "subject" for row in rows)
    total = len(rows) or 1
    either = exact + subject
    lines.append(
        f"recall: {exact}/{len(rows)} exact ({100 * exact / total:.0f} %), "
        f"{either}/{len(rows)} on the subject field ({100 * either / total:.0f} %)"
    )
    return lines
