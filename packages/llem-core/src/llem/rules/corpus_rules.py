"""Read the ``rules:`` entries and ``native_types:`` of a corpus into records.

Every reader records its problems in a :class:`llem.rules.corpus_read.Scope` and returns ``None``
for what it could not read, so one pass reports every problem of a corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import attrs

from llem.config.paths import path_problem
from llem.config.suggest import did_you_mean
from llem.rules.corpus_read import (
    Scope,
    check_keys,
    read_choice,
    read_line,
    read_mapping,
    read_path,
    read_str,
)
from llem.rules.model import ADDED_BY, OUTCOMES, SEVERITIES, FieldMatcher, NativeType, Rule
from llem.rules.model import RuleSource as Source
from llem.rules.predicates import PredicateError, compile_field

RULE_REQUIRED = (
    "id",
    "engine",
    "severity",
    "native_type",
    "match",
    "kwargs_positive",
    "kwargs_negative",
    "expected_outcome",
    "message_template",
    "source",
    "added_by",
)
RULE_OPTIONAL = ("normalised", "description")
SOURCE_REQUIRED = ("library", "version", "file", "method")
NATIVE_REQUIRED = ("target", "stage", "config_paths")
OUTCOMES_OF = {"error": ("raise",), "warn": ("warn",), "dormant": ("normalise", "ignore", "warn")}
"""The outcomes each severity allows (a dormant value the library also warns about: ``warn``)."""


@attrs.frozen
class RuleContext:
    """What a rule is checked against: the corpus engine and its declared native types (``None``
    when that part of the corpus is itself unreadable, so rules are not blamed for it)."""

    engine: str | None
    native_types: Collection[str] | None


Reader = Callable[[Scope, Any, RuleContext], Any]


def rule_label(raw: Any, index: int) -> str:
    """``rule 'the.id'``, or ``rules[3]`` for an entry without a usable id."""
    rule_id = raw.get("id") if isinstance(raw, Mapping) else None
    return f"rule {rule_id!r}" if isinstance(rule_id, str) and rule_id else f"rules[{index}]"


def read_rule(scope: Scope, raw: Any, context: RuleContext) -> Rule | None:
    """One rule entry, or ``None`` when it has any problem (all recorded)."""
    data = read_mapping(scope, raw)
    if data is None:
        return None
    before = len(scope.sink)
    check_keys(scope, data, RULE_REQUIRED, RULE_OPTIONAL)
    values = {
        key: READERS[key](scope.at(key), data[key], context) for key in READERS if key in data
    }
    check_consistency(scope, data, values)
    if len(scope.sink) > before:
        return None
    values["fields"] = values.pop("match")
    return Rule(**values)


def check_consistency(scope: Scope, data: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """Severity against ``expected_outcome`` and ``normalised`` (read values are ``None`` when
    already reported)."""
    severity, outcome = values.get("severity"), values.get("expected_outcome")
    if severity and outcome and outcome not in OUTCOMES_OF[severity]:
        allowed = " or ".join(OUTCOMES_OF[severity])
        scope.at("expected_outcome").problem(
            f"{outcome!r} does not fit severity {severity!r} (expected {allowed})"
        )
    normalised = values.get("normalised")
    if severity == "dormant" and ("normalised" not in data or normalised == {}):
        scope.problem("dormant rules need normalised: {config path: value the library uses}")
    elif severity not in (None, "dormant") and normalised:
        scope.at("normalised").problem(f"only dormant rules normalise (this one is {severity})")


def read_engine(scope: Scope, value: Any, context: RuleContext) -> str | None:
    engine = read_str(scope, value)
    if engine is not None and context.engine is not None and engine != context.engine:
        scope.problem(f"{engine!r} is not the corpus engine {context.engine!r}")
        return None
    return engine


def read_native_name(scope: Scope, value: Any, context: RuleContext) -> str | None:
    name = read_str(scope, value)
    declared = context.native_types
    if name is not None and declared is not None and name not in declared:
        hint = did_you_mean(name, declared)
        scope.problem(f"undeclared native type {name!r}{hint}; declare it under native_types")
        return None
    return name


def read_match(scope: Scope, value: Any, context: RuleContext) -> tuple[FieldMatcher, ...] | None:
    """``{fields: {path: predicate}}`` compiled; ``None`` if any predicate is malformed."""
    data = read_mapping(scope, value)
    if data is None or not check_keys(scope, data, ("fields",)):
        return None
    fields = read_mapping(scope.at("fields"), data["fields"], non_empty=True)
    if fields is None:
        return None
    matchers = [
        compile_at(scope.at("fields").at(path), path, spec) for path, spec in fields.items()
    ]
    return None if None in matchers else tuple(m for m in matchers if m is not None)


def compile_at(scope: Scope, path: str, spec: Any) -> FieldMatcher | None:
    try:
        return compile_field(path, spec)
    except PredicateError as error:
        scope.problem(str(error))
        return None


def read_normalised(scope: Scope, value: Any, context: RuleContext) -> Mapping[str, Any] | None:
    """Config path → the value the library effectively uses (``None``: unset)."""
    data = read_mapping(scope, value)
    if data is None:
        return None
    problems = [(path, path_problem(path)) for path in data]
    for path, problem in problems:
        if problem:
            scope.at(path).problem(problem)
    return None if any(problem for _, problem in problems) else dict(data)


def read_source(scope: Scope, value: Any, context: RuleContext) -> Source | None:
    """``{library, version, file, method, line}``; ``line`` may be null or left out."""
    data = read_mapping(scope, value)
    if data is None or not check_keys(scope, data, SOURCE_REQUIRED, ("line", "commit")):
        return None
    before = len(scope.sink)
    library, version, file, method = (read_str(scope.at(k), data[k]) for k in SOURCE_REQUIRED)
    line = read_line(scope.at("line"), data.get("line"))
    commit = read_str(scope.at("commit"), data["commit"]) if "commit" in data else None
    if library is None or version is None or file is None or method is None:
        return None
    source = Source(library, version, file, method, line, commit)
    return source if len(scope.sink) == before else None


def _kwargs(scope: Scope, value: Any, context: RuleContext) -> dict[str, Any] | None:
    data = read_mapping(scope, value, non_empty=True)
    return None if data is None else dict(data)


READERS: Mapping[str, Reader] = {
    "id": lambda scope, value, _: read_str(scope, value),
    "engine": read_engine,
    "severity": lambda scope, value, _: read_choice(scope, value, SEVERITIES),
    "native_type": read_native_name,
    "match": read_match,
    "kwargs_positive": _kwargs,
    "kwargs_negative": _kwargs,
    "expected_outcome": lambda scope, value, _: read_choice(scope, value, OUTCOMES),
    "message_template": lambda scope, value, _: read_str(scope, value),
    "source": read_source,
    "added_by": lambda scope, value, _: read_choice(scope, value, ADDED_BY),
    "normalised": read_normalised,
    "description": lambda scope, value, _: read_str(scope, value, non_empty=False),
}
"""A reader per rule key (``match`` becomes the rule's ``fields``)."""


def read_native_types(scope: Scope, value: Any) -> dict[str, NativeType] | None:
    """``native_types:``: name → ``{target, stage, config_paths}``."""
    data = read_mapping(scope, value, non_empty=True)
    if data is None:
        return None
    types = {name: read_native_type(scope.at(name), name, raw) for name, raw in data.items()}
    return None if None in types.values() else {k: v for k, v in types.items() if v is not None}


def read_native_type(scope: Scope, name: str, value: Any) -> NativeType | None:
    data = read_mapping(scope, value)
    if data is None or not check_keys(scope, data, NATIVE_REQUIRED):
        return None
    target = read_str(scope.at("target"), data["target"])
    stage = read_str(scope.at("stage"), data["stage"])
    paths = read_config_paths(scope.at("config_paths"), data["config_paths"])
    if target is None or stage is None or paths is None:
        return None
    return NativeType(name, target, stage, paths)


def read_config_paths(scope: Scope, value: Any) -> dict[str, str] | None:
    """Native keyword (or ``"*"``) → dotted config path."""
    data = read_mapping(scope, value, non_empty=True)
    if data is None:
        return None
    paths = {keyword: read_path(scope.at(keyword), path) for keyword, path in data.items()}
    usable = {keyword: path for keyword, path in paths.items() if path is not None}
    return usable if len(usable) == len(paths) else None
