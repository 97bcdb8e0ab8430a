"""A keyword bounded on one side both by a literal and by a sibling keyword (``n > 1 and
n > num_beams``): what Python tests is ``n > max(1, num_beams)``, which no predicate mapping
states (one operator holds one operand).

The sibling bound alone states it wherever the sibling lies on the literal's side: with
``num_beams >= 1``, ``n > num_beams`` implies ``n > 1``. Where the rest of the conjunction proves
that (``num_beams >= 2``, ``num_beams in [2, 4]``), the literal bound is dropped. Where it only
excludes the literal's own value (``num_beams != 1``: the code dealt with that value in an
earlier branch), the code is read as treating the literal as the edge of the sibling's valid
values, the literal bound is dropped on the assumption that the sibling lies on its side, and
the assumption is written into the candidate's description; the replay gate then tries the rule
on the library. Anything else is left to :func:`~llem_miners.static.fields.merge`, which reports
the conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from llem_miners.static.logic import Atom
from llem_miners.values import is_number

TIGHTEST = {"<": min, "<=": min, ">": max, ">=": max}
LOWER = (">", ">=")


@attrs.frozen
class Resolved:
    """The atoms left, and the assumptions dropping the others took (one sentence each)."""

    atoms: tuple[Atom, ...]
    assumptions: tuple[str, ...] = ()


def sibling_bounds(atoms: Sequence[Atom]) -> Resolved:
    """``atoms`` without the literal bounds a sibling bound on the same keyword implies."""
    dropped: set[int] = set()
    assumptions: list[str] = []
    for keyword, op in dict.fromkeys((a.keyword, a.op) for a in atoms if a.op in TIGHTEST):
        found = _implied(atoms, keyword, op)
        if found is not None:
            literals, assumption = found
            dropped.update(literals)
            assumptions.extend([assumption] if assumption else [])
    kept = tuple(a for i, a in enumerate(atoms) if i not in dropped)
    return Resolved(kept, tuple(assumptions))


def _implied(atoms: Sequence[Atom], keyword: str, op: str) -> tuple[list[int], str | None] | None:
    """The indices of ``keyword``'s literal ``op`` bounds its sibling bound implies, and the
    assumption that takes, if any; ``None`` when they are not implied."""
    same = [i for i, a in enumerate(atoms) if a.keyword == keyword and a.op == op]
    literals = [i for i in same if is_number(atoms[i].operand)]
    siblings = {atoms[i].operand for i in same if _is_reference(atoms[i].operand)}
    if not literals or len(siblings) != 1:
        return None
    bound = TIGHTEST[op](atoms[i].operand for i in literals)
    sibling = next(iter(siblings))[1:]
    about = [a for a in atoms if a.keyword == sibling]
    if any(_proves(a, bound, op in LOWER) for a in about):
        return literals, None
    if not any(_excludes(a, bound) for a in about):
        return None
    side = ">=" if op in LOWER else "<="
    return literals, (
        f"assumes `{sibling}` {side} {bound!r}, where `{keyword}` {op} `{sibling}` implies"
        f" `{keyword}` {op} {bound!r}"
    )


def _proves(item: Atom, bound: Any, lower: bool) -> bool:
    """Whether ``item`` puts its keyword on the bound's side (``>= bound`` when ``lower``)."""
    if item.op in ("==", *(LOWER if lower else ("<", "<="))):
        return _beyond(item.operand, bound, lower)
    if item.op == "in" and isinstance(item.operand, list) and item.operand:
        return all(_beyond(value, bound, lower) for value in item.operand)
    return False


def _excludes(item: Atom, bound: Any) -> bool:
    """Whether ``item`` only rules out the bound's own value (``!= bound``)."""
    if item.op == "!=":
        return _equal(item.operand, bound)
    if item.op == "not_in" and isinstance(item.operand, list):
        return any(_equal(value, bound) for value in item.operand)
    return False


def _beyond(value: Any, bound: Any, lower: bool) -> bool:
    return is_number(value) and (value >= bound if lower else value <= bound)


def _equal(value: Any, bound: Any) -> bool:
    return is_number(value) and value == bound


def _is_reference(operand: Any) -> bool:
    return isinstance(operand, str) and operand.startswith("@") and not operand.startswith("@@")
