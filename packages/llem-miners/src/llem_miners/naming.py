"""Readable, stable ids for mined rules: ``transformers.mined.generate.temperature_le_0``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from llem_miners.candidate import Candidate

OPERATOR_WORDS = {
    "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge",
    "in": "in", "not_in": "not_in", "present": "set", "absent": "unset",
    "type_is": "is", "type_is_not": "not", "divisible_by": "div", "not_divisible_by": "not_div",
}  # fmt: skip
NOT_WORD = re.compile(r"[^a-z0-9]+")


def rule_id(engine: str, candidate: Candidate, taken: set[str]) -> str:
    """``ENGINE.mined.NATIVE.<first field and its predicate>``, suffixed ``_2``, ``_3`` ... when
    that id is taken; adds the id to ``taken``."""
    key, spec = next(iter(candidate.fields.items()))
    stem = f"{engine}.mined.{candidate.native_type}.{_slug(key)}_{_predicate_words(spec)}"
    stem = stem.rstrip("_")
    chosen, number = stem, 1
    while chosen in taken:
        number += 1
        chosen = f"{stem}_{number}"
    taken.add(chosen)
    return chosen


def _predicate_words(spec: Any) -> str:
    if not isinstance(spec, Mapping):
        return f"eq_{_slug(repr(spec))}"
    words = []
    for op, operand in spec.items():
        word = OPERATOR_WORDS.get(op, _slug(op))
        words.append(word if op in ("present", "absent") else f"{word}_{_operand_words(operand)}")
    return "_".join(words)


def _operand_words(operand: Any) -> str:
    if isinstance(operand, list | tuple):
        return "list" if len(operand) > 2 else "_".join(_slug(repr(item)) for item in operand)
    return _slug(str(operand))


def _slug(text: str) -> str:
    return NOT_WORD.sub("_", text.lower()).strip("_")[:40]
