"""The records of a rule corpus (the in-memory form of an engine's ``rules.yaml``).

The YAML format is documented in ``docs/rules.md``; :mod:`llem.rules.corpus` loads it into these
records. A config *view* is the resolved experiment config as plain data, keyed as in YAML (the
engine section under the engine's name): ``{"task": {...}, "transformers": {"sampling": {...}}}``.
Rules address it with dotted paths (``transformers.sampling.temperature``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

Severity = Literal["error", "warn", "dormant"]
SEVERITIES: tuple[Severity, ...] = ("error", "warn", "dormant")

Outcome = Literal["raise", "warn", "normalise", "ignore"]
"""What the library does with the positive example: ``raise`` an exception, ``warn`` (a Python
warning or a log record), ``normalise`` the value into another one, or silently ``ignore`` it
(accepted, no effect). ``error`` rules expect ``raise``; ``warn`` rules ``warn``; ``dormant`` rules
``normalise`` or ``ignore`` (possibly with a warning: then ``warn`` is allowed too)."""
OUTCOMES: tuple[Outcome, ...] = ("raise", "warn", "normalise", "ignore")

AddedBy = Literal[
    "manual_seed",
    "static_miner",
    "dynamic_miner",
    "pydantic_lift",
    "msgspec_lift",
    "dataclass_lift",
    "attrs_lift",
    "runtime_warning",
    "observed_collision",
]
ADDED_BY: tuple[str, ...] = AddedBy.__args__  # type: ignore[attr-defined]

View = Mapping[str, Any]
"""A config view: nested mappings of plain data (see the module docstring)."""


@attrs.frozen
class RuleSource:
    """Where in the library a rule comes from (``line`` at the pinned ``version``; ``commit``:
    the source revision read, for a rule mined off a source tree rather than a release)."""

    library: str
    version: str
    file: str
    method: str
    line: int | None = None
    commit: str | None = None

    def describe(self) -> str:
        """``transformers 5.23.0 generation/utils.py:801 (GenerationMixin.generate)``."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{self.library} {self.version} {where} ({self.method})"


@attrs.frozen
class FieldMatcher:
    """The compiled predicate of one ``match.fields`` entry.

    ``path`` is the dotted config path of the field; ``spec`` the predicate as written in YAML;
    ``test(view)`` is true when the predicate fires for that view. Built by
    :func:`llem.rules.predicates.compile_field`.
    """

    path: str
    spec: Any
    test: Callable[[View], bool] = attrs.field(eq=False, repr=False)

    def matches(self, view: View) -> bool:
        return self.test(view)


@attrs.frozen
class Rule:
    """A rule: when all its field predicates fire, the library reacts with ``expected_outcome``.

    ``kwargs_positive`` / ``kwargs_negative`` are keyword arguments of the *native* type (e.g.
    ``GenerationConfig``) that must / must not trigger the outcome; ``normalised`` (dormant rules
    only) maps config paths to the value the library effectively uses instead (``None``: unset).
    """

    id: str
    engine: str
    severity: Severity
    native_type: str
    fields: tuple[FieldMatcher, ...]
    kwargs_positive: Mapping[str, Any]
    kwargs_negative: Mapping[str, Any]
    expected_outcome: Outcome
    message_template: str
    source: RuleSource
    added_by: str
    normalised: Mapping[str, Any] = attrs.field(factory=dict)
    description: str = ""

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(matcher.path for matcher in self.fields)

    def matches(self, view: View) -> bool:
        """All field predicates fire (a rule with no fields never fires)."""
        # A plain loop over ``test``: this runs for every rule of every config checked.
        for matcher in self.fields:
            if not matcher.test(view):
                return False
        return bool(self.fields)


@attrs.frozen
class NativeType:
    """A library type (or call) the rules of a corpus are about, and how its keywords map to config.

    ``target``: import string of the type, informational for docs and the replay gate
    (``transformers:GenerationConfig``). ``stage``: when the library checks it (``construct``,
    ``generate``, ``load``). ``config_paths``: native keyword → dotted config path; the key ``"*"``
    maps every other keyword into a pass-through section (``"*": transformers.generation`` sends
    ``num_beams`` to ``transformers.generation.num_beams``).
    """

    name: str
    target: str
    stage: str
    config_paths: Mapping[str, str]


@attrs.frozen
class Corpus:
    """An engine's rules for one pinned library version; ``origin`` names the file it came from."""

    engine: str
    library: str
    library_version: str
    native_types: Mapping[str, NativeType]
    rules: tuple[Rule, ...]
    origin: str = "<memory>"

    def by_severity(self, severity: Severity) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.severity == severity)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@attrs.frozen
class Finding:
    """A rule that fired for a config: its rendered message and the config paths it concerns."""

    rule: Rule
    message: str
    paths: tuple[str, ...]


@attrs.frozen
class RuleReport:
    """The rules that fired for one config, by severity."""

    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    dormant: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors
