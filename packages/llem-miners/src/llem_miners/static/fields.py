"""Merge a conjunction of atoms into a candidate's ``fields``: native keyword -> predicate spec.

Atoms on the same keyword become one mapping (several operators are ANDed); ``present`` is
dropped beside another operator (a missing value never fires anyway) and added for a keyword that
is only an ``"@name"`` operand (so that examples give it a value); two bounds with the same
operator keep the tighter; two ``!=`` become a ``not_in``; two ``type_is_not`` one with a list.
An impossible conjunction (``absent`` beside anything, ``== a`` beside ``== b`` or ``!= a``) is
:class:`Unsatisfiable`; two operands of one operator that cannot be combined (``> 1`` and
``> "@num_beams"`` where :mod:`~llem_miners.static.bounds` finds neither implied) are a
:class:`Conflict`. A lone ``==`` of a bool is written bare (``do_sample: false``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from llem_miners.static.logic import Atom
from llem_miners.values import is_number as _is_number
from llem_miners.values import same as _same

TIGHTER = {"<": min, "<=": min, ">": max, ">=": max}


class Unsatisfiable(Exception):
    """The conjunction can never hold (the branch is dead code for every config)."""


class Conflict(Exception):
    """The conjunction holds for some configs but no single predicate mapping states it."""


def merge(atoms: Iterable[Atom], order: Sequence[str] = ()) -> dict[str, Any]:
    """``fields`` of a conjunction, keywords in ``order`` first, then in order of appearance."""
    by_keyword: dict[str, dict[str, Any]] = {name: {} for name in order}
    atoms = list(atoms)
    for item in atoms:
        _add(by_keyword.setdefault(item.keyword, {}), item)
    for name in (name for item in atoms for name in item.keywords()[1:]):
        by_keyword.setdefault(name, {}).setdefault("present", True)
    return {
        keyword: _spec(keyword, operators) for keyword, operators in by_keyword.items() if operators
    }


def _add(operators: dict[str, Any], item: Atom) -> None:
    op, operand = item.op, item.operand
    if op == "!=" and "!=" in operators and not _same(operators["!="], operand):
        op, operand = "not_in", [operators.pop("!="), operand]
    if op not in operators:
        operators[op] = operand
    elif not _same(operators[op], operand):
        operators[op] = _combined(item.keyword, op, operators[op], operand)


def _combined(keyword: str, op: str, old: Any, new: Any) -> Any:
    if op in TIGHTER and _is_number(old) and _is_number(new):
        return TIGHTER[op](old, new)
    if op == "not_in" and isinstance(old, list) and isinstance(new, list):
        return old + [value for value in new if not any(_same(value, o) for o in old)]
    if op == "in" and isinstance(old, list) and isinstance(new, list):
        kept = [value for value in old if any(_same(value, n) for n in new)]
        if not kept:
            raise Unsatisfiable(keyword)
        return kept
    if op == "type_is_not":  # neither of two types: the operator takes a list of type names
        return sorted({*_names(old), *_names(new)})
    if op == "==":
        raise Unsatisfiable(keyword)
    raise Conflict(f"`{keyword}` {op} both {old!r} and {new!r}")


def _spec(keyword: str, operators: dict[str, Any]) -> Any:
    if "absent" in operators and len(operators) > 1:
        raise Unsatisfiable(keyword)
    if "==" in operators and "!=" in operators and _same(operators["=="], operators["!="]):
        raise Unsatisfiable(keyword)
    if "present" in operators and len(operators) > 1:
        del operators["present"]
    if list(operators) == ["=="] and isinstance(operators["=="], bool):
        return operators["=="]
    return operators


def _names(operand: Any) -> list[str]:
    return list(operand) if isinstance(operand, list) else [operand]
