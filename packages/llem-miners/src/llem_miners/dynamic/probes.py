"""The values the dynamic miner tries for one keyword, by the keyword's kind.

Thresholds come first (each with its neighbours), then standard probes, then one value of a wrong
type when the type is known; the list is de-duplicated, capped, then sorted by (type name, value)
so that the replay order and every result built from it are stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from llem_miners.dynamic.facts import NUMERIC_TYPES, KeywordFacts
from llem_miners.type_text import sample_value, union_members
from llem_miners.values import is_number as is_number
from llem_miners.values import unique

Kind = Literal["int", "float", "bool", "str", "list", "categorical", "none"]

OUTSIDE = "__llem_probe__"
"""A string no library accepts as one of its allowed values (and a wrong type for numbers)."""
WRONG_TYPE_NUMBER = 1
"""The number tried where a string is expected."""
LARGE = 1000
EPSILON = 1e-6
COARSE = 0.5
MAX_PROBES = 20


def kind_of(facts: KeywordFacts) -> Kind:
    """How the keyword is probed: its declared type, else what its default and thresholds show."""
    declared = facts.type_name
    if declared in NUMERIC_TYPES:
        return "int" if declared == "int" else "float"
    if declared in ("bool", "str", "list"):
        return declared  # type: ignore[return-value]
    if declared is not None:
        return "none"
    return _union_kind(facts.declared) or _inferred_kind(facts)


def _union_kind(declared: str | None) -> Kind | None:
    """The numeric kind of a union with a number among its types (``int | list[int]``): probed
    with numbers only, since a value of another type may be one the union accepts."""
    members = union_members(declared)
    for name in ("int", "float"):
        if name in members:
            return name  # type: ignore[return-value]
    return None


def _inferred_kind(facts: KeywordFacts) -> Kind:
    known = [*facts.thresholds, facts.unset_default()]
    if any(isinstance(value, str) for value in known):
        return "categorical"
    numbers = [value for value in known if is_number(value)]
    if numbers:
        return "float" if any(isinstance(value, float) for value in numbers) else "int"
    return "bool" if isinstance(facts.default, bool) else "none"


def is_wrong_type(kind: Kind, value: Any) -> bool:
    """``value`` is the wrong-type probe of a keyword of this kind."""
    if kind in ("int", "float"):
        return not is_number(value)
    if kind == "bool":
        return not isinstance(value, bool)
    if kind == "list":
        return not isinstance(value, list)
    return kind == "str" and not isinstance(value, str)


def wrong_type_name(kind: Kind) -> str | None:
    """The type name a wrong-type probe breaks (``number`` for both numeric kinds)."""
    return {"int": "number", "float": "number", "bool": "bool", "str": "str"}.get(kind)


def probe_values(facts: KeywordFacts, limit: int = MAX_PROBES) -> tuple[Any, ...]:
    """The values to replay for a keyword, at most ``limit``, sorted by (type name, value)."""
    kind = kind_of(facts)
    probes = _ordered_probes(kind, facts)
    if facts.type_name is None:
        probes = [value for value in probes if not is_wrong_type(kind, value)]
    ordered = unique(probes)
    kept = [value for value in ordered if not facts.is_default(value)][:limit]
    return tuple(sorted(kept, key=sort_key))


def _ordered_probes(kind: Kind, facts: KeywordFacts) -> list[Any]:
    if kind == "int":
        return [*_int_neighbours(facts.thresholds), 0, -1, 1, LARGE, OUTSIDE]
    if kind == "float":
        return [*_float_neighbours(facts.thresholds), 0.0, -1.0, 1.0, float(LARGE), OUTSIDE]
    if kind == "bool":
        return [True, False, OUTSIDE]
    if kind == "str":
        strings = [value for value in facts.thresholds if isinstance(value, str)]
        return [*strings, OUTSIDE, WRONG_TYPE_NUMBER]
    if kind == "categorical":
        return [*facts.thresholds, OUTSIDE]
    if kind == "list":
        sample = sample_value(union_members(facts.declared)[0]) if facts.declared else None
        return [*([sample] if sample is not None else []), WRONG_TYPE_NUMBER, OUTSIDE]
    if facts.declared == "Any":
        return [WRONG_TYPE_NUMBER, OUTSIDE]  # no value is known valid: does setting it count?
    return []


def _int_neighbours(thresholds: Iterable[Any]) -> list[int]:
    values: list[int] = []
    for threshold in thresholds:
        if is_number(threshold) and float(threshold).is_integer():
            centre = int(threshold)
            values += [centre, centre - 1, centre + 1]
    return values


def _float_neighbours(thresholds: Iterable[Any]) -> list[float]:
    values: list[float] = []
    for threshold in thresholds:
        if is_number(threshold):
            centre = float(threshold)
            step = EPSILON * abs(centre) if centre else EPSILON
            values += [centre, centre - step, centre + step, centre - COARSE, centre + COARSE]
    return values


def sort_key(value: Any) -> tuple[str, Any]:
    """Sorts values of one type by value, and types by name (``float`` < ``int`` < ``str``)."""
    return (type(value).__name__, value)
