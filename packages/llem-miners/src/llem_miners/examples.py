"""Example keyword values for a mined rule: a positive example that fires it, a negative that
does not (differing only in the rule's first keyword), as the replay gate wants them.

Values are searched among candidates built from the predicate's own operands (each threshold and
its neighbours, each listed member, a value of each named type), tried in a fixed order, and
checked with llem's compiled predicate itself, so an example can never disagree with its rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from llem.rules.predicates import compile_field
from llem_miners.values import is_number as _is_number
from llem_miners.values import same as _same

OUTSIDE = "__llem_probe__"
"""A string no library accepts as a member of its allowed values."""
UNSET: Any = object()
"""The keyword is left out of the kwargs (what ``absent`` asks for)."""
TYPE_SAMPLES: dict[str, tuple[Any, ...]] = {
    "bool": (True, False),
    "int": (2, 1, 0),
    "float": (0.5, 1.5),
    "number": (2, 0.5),
    "str": (OUTSIDE,),
    "list": ([1],),
    "mapping": ({"a": 1},),
}
STEPS = (0, 1, -1, 0.5, -0.5, 2)


def examples(
    fields: Mapping[str, Any],
    types: Mapping[str, str] | None = None,
    avoid: Sequence[Mapping[str, Any]] = (),
    vocabulary: Mapping[str, Sequence[Any]] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(kwargs_positive, kwargs_negative)`` for ``fields`` (native keyword -> predicate spec);
    ``types``: a keyword's type name (``int``, ``float``, ...) where known. The first field is the
    one the rule is about (put guards after it): only it differs in the negative. ``avoid``: field
    sets neither example may fire (the other alternatives of the same check: the negative of
    ``x <= 0`` must not be ``1`` when ``x >= 1`` raises too; the library's errors, for a warning's
    examples). ``vocabulary``: more values worth trying per keyword (those other checks compare it
    with: a valid ``cache_implementation`` outside a list of static ones). ``None`` when no
    values satisfy the predicates (or none breaks the first one alone)."""
    if not fields:
        return None
    search = Search(dict(types or {}), tuple(avoid), dict(vocabulary or {}))
    positive = search.satisfy(fields)
    if positive is None:
        return None
    negative = search.negative(fields, positive)
    if negative is None:
        return None
    return _kwargs(positive), _kwargs(negative)


@attrs.frozen
class Search:
    """Where example values are looked for, and what they must not fire."""

    hints: Mapping[str, str]
    avoid: tuple[Mapping[str, Any], ...]
    vocabulary: Mapping[str, Sequence[Any]]

    def satisfy(self, fields: Mapping[str, Any]) -> dict[str, Any] | None:
        """Values firing every field (sibling references last) and none of ``avoid``."""
        chosen: dict[str, Any] = {}
        for key in sorted(fields, key=lambda name: _has_reference(fields[name])):
            value = next(
                (
                    v
                    for v in self.values(key, fields[key], chosen)
                    if self._fits(key, v, chosen, fields)
                ),
                NOTHING,
            )
            if value is NOTHING:
                return None
            chosen[key] = value
        return chosen

    def negative(
        self, fields: Mapping[str, Any], positive: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """``positive`` with only its first field broken, firing none of ``avoid``."""
        key, spec = next(iter(fields.items()))
        others = {other: fields[other] for other in fields if other != key}
        for value in self.values(key, spec, positive):
            trial = {**positive, key: value}
            if (
                not _fires(key, spec, trial)
                and _all_fire(others, trial)
                and not self._avoided(trial)
            ):
                return trial
        return None

    def values(self, key: str, spec: Any, chosen: Mapping[str, Any]) -> Iterator[Any]:
        return candidates(spec, chosen, self.hints.get(key), self.vocabulary.get(key, ()))

    def _fits(
        self, key: str, value: Any, chosen: Mapping[str, Any], fields: Mapping[str, Any]
    ) -> bool:
        trial = {**chosen, key: value}
        return _fires(key, fields[key], trial) and not self._avoided(trial)

    def _avoided(self, values: Mapping[str, Any]) -> bool:
        return any(_all_fire(fields, values) for fields in self.avoid)


NOTHING: Any = object()


def _all_fire(fields: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    return all(_fires(key, spec, values) for key, spec in fields.items())


def _fires(key: str, spec: Any, values: Mapping[str, Any]) -> bool:
    return compile_field(key, spec).test(nested(values))


def nested(values: Mapping[str, Any]) -> dict[str, Any]:
    """Dotted keywords (``watermarking_config.context_width``) as nested mappings, the way the
    library takes them and a config holds them; :data:`UNSET` values left out."""
    tree: dict[str, Any] = {}
    for key, value in sorted(values.items()):
        if value is UNSET:
            continue
        *parents, last = key.split(".")
        node = tree
        for parent in parents:
            node = node.setdefault(parent, {})
        node[last] = value
    return tree


def candidates(
    spec: Any, chosen: Mapping[str, Any], hint: str | None, more: Sequence[Any] = ()
) -> Iterator[Any]:
    """Values worth trying for a field with predicate ``spec``, most telling first (then
    ``more``); deduplicated."""
    seen: list[Any] = []
    if isinstance(spec, Mapping) and "type_is" in spec:
        hint = None  # a rule on the other type's numbers (``2`` for a float) needs them as they are
    for value in _raw_candidates(spec, chosen, hint, more):
        value = _as_hinted(value, hint)
        if not any(_same(value, old) for old in seen):
            seen.append(value)
            yield value


def _raw_candidates(
    spec: Any, chosen: Mapping[str, Any], hint: str | None, more: Sequence[Any]
) -> Iterator[Any]:
    operators = spec if isinstance(spec, Mapping) else {"==": spec}
    for op, operand in operators.items():
        yield from _operand_values(op, _resolve(operand, chosen))
    yield from more
    yield from TYPE_SAMPLES.get(hint or "", ())
    yield from (2, 0.5, OUTSIDE, True, UNSET)


def _operand_values(op: str, operand: Any) -> Iterator[Any]:
    if op in ("type_is", "type_is_not"):
        for name in operand if isinstance(operand, list) else [operand]:
            yield from TYPE_SAMPLES.get(name, ())
    elif op in ("in", "not_in") and isinstance(operand, list | tuple):
        yield from operand
        yield OUTSIDE
    elif op in ("present", "absent"):
        yield UNSET
    elif isinstance(operand, bool):
        yield from (operand, not operand)
    elif _is_number(operand):
        yield from (operand + step for step in STEPS)
    elif operand is not None:
        yield operand


def _resolve(operand: Any, chosen: Mapping[str, Any]) -> Any:
    if isinstance(operand, str) and operand.startswith("@") and not operand.startswith("@@"):
        return chosen.get(operand[1:])
    return operand


def _as_hinted(value: Any, hint: str | None) -> Any:
    if hint == "float" and _is_number(value):
        return float(value)
    if hint == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _has_reference(spec: Any) -> bool:
    operands = spec.values() if isinstance(spec, Mapping) else [spec]
    return any(
        isinstance(o, str) and o.startswith("@") and not o.startswith("@@") for o in operands
    )


def _kwargs(values: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of an example; a keyword left unset is passed as ``None`` (the
    library's "not given") when nothing else is passed, since an example is never empty."""
    kwargs = nested(values)
    return kwargs or {key: None for key in sorted(values)[:1]}
