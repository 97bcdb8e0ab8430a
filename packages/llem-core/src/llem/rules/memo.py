"""Memoised validation: the outcome depends only on the config values rules and schema read.

A study sweeps a few keys over many values; most of them (batch size, dtype, the model) are read
by no rule. Keying the outcome on the values at the paths that are read lets a 10,000-config plan
check each distinct combination once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from llem.rules.check import PLACEHOLDER, placeholder_path
from llem.rules.model import Corpus, Rule
from llem.rules.predicates import Ref, lookup_keys, parse_operand, spec_operators
from llem.rules.schema import EngineSchema

ABSENT = "\x00absent"


def read_paths(corpus: Corpus | None, schema: EngineSchema | None) -> tuple[str, ...]:
    """Every dotted path whose value can change what the corpus or the schema says."""
    paths: set[str] = set()
    for rule in corpus.rules if corpus else ():
        paths.update(_rule_paths(rule))
    if schema is not None:
        paths.update(path for path, section in schema.sections.items() if section.passthrough)
    return tuple(sorted(paths))


def _rule_paths(rule: Rule) -> Iterator[str]:
    yield from rule.paths
    yield from rule.normalised
    for matcher in rule.fields:
        for operand in spec_operators(matcher.spec).values():
            parsed = parse_operand(matcher.path, operand)
            if isinstance(parsed, Ref):
                yield parsed.path
    for match in PLACEHOLDER.finditer(rule.message_template):
        if match.group(1):
            yield placeholder_path(rule, match.group(1))


KeyPlan = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
"""Each parent mapping's path (as keys) and the child keys read from it."""


def key_plan(paths: tuple[str, ...]) -> KeyPlan:
    """Group paths by parent mapping, so a key costs one lookup per parent."""
    children: dict[tuple[str, ...], list[str]] = {}
    for path in paths:
        *parent, child = path.split(".")
        children.setdefault(tuple(parent), []).append(child)
    return tuple((parent, tuple(keys)) for parent, keys in sorted(children.items()))


def memo_key(view: Mapping[str, Any], plan: KeyPlan) -> str:
    """The values at the planned paths as one string (absent and ``None`` kept apart)."""
    values = [_children(lookup_keys(view, parent), keys) for parent, keys in plan]
    return json.dumps(values, sort_keys=True, default=repr)


def _children(parent: Any, keys: tuple[str, ...]) -> Any:
    if type(parent) is not dict and not isinstance(parent, Mapping):  # the ABC check is slow
        return ABSENT
    return [parent.get(key, ABSENT) for key in keys]
