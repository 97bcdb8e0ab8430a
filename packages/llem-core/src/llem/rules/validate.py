"""Validate a resolved experiment against its engine's rules and schema, before anything loads.

Errors become a :class:`llem.errors.ConfigError` naming the YAML location of the offending key,
the rule id, its message and the library source it came from. Warnings and dormant values are
returned for the CLI to show and the result to record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import cattrs

from llem.config.resolve import ResolvedExperiment
from llem.errors import ConfigError
from llem.results.models import ConfigChecks, RuleNote
from llem.rules.check import check_view
from llem.rules.fixpoint import canonical_hash, normalise
from llem.rules.memo import memo_key
from llem.rules.model import Finding, RuleReport
from llem.rules.native import overlay
from llem.rules.predicates import MISSING, lookup
from llem.rules.rulebook import EngineRules
from llem.rules.schema import EngineSchema, unknown_parameters
from llem.rules.schema_values import mistyped_parameters
from llem.rules.views import config_view

DEFAULT_ORIGIN = "default"
NOT_RUN_RELEVANT = ("name", "output_dir")
"""Top-level keys that change where results go, not what runs: left out of the effective hash."""


@attrs.frozen
class Validation:
    """What the rules and schema said about one config view."""

    rules: EngineRules
    report: RuleReport
    schema_problems: tuple[tuple[str, str], ...]
    effective_view: Mapping[str, Any]
    effective_hash: str

    @property
    def ok(self) -> bool:
        return self.report.ok and not self.schema_problems

    def checks(self) -> ConfigChecks:
        """The record kept on the result."""
        return ConfigChecks(
            corpus=self.rules.describe(),
            warnings=tuple(note(finding) for finding in self.report.warnings),
            dormant=tuple(note(finding) for finding in self.report.dormant),
            effective_config_hash=self.effective_hash,
        )


def validate_view(view: Mapping[str, Any], rules: EngineRules) -> Validation:
    """Check ``view`` (the resolved config as plain data) against an engine's schema and rules.

    Outcomes are memoised on the values the rules and schema read (see :mod:`llem.rules.memo`)."""
    key = memo_key(view, rules.key_plan)
    if key not in rules.memo:
        rules.memo[key] = _outcome(view, rules)
    report, problems, writes = rules.memo[key]
    effective = overlay(view, writes) if writes else view
    return Validation(rules, report, problems, effective, effective_hash(effective))


def _outcome(
    view: Mapping[str, Any], rules: EngineRules
) -> tuple[RuleReport, tuple[tuple[str, str], ...], dict[str, Any]]:
    """What the schema and the rules say, and the values the dormant rules rewrite."""
    problems = schema_problems(view, rules.schema) if rules.schema else ()
    report = check_view(view, rules.corpus) if rules.corpus else RuleReport()
    dormant_rules = rules.corpus.by_severity("dormant") if rules.corpus else ()
    effective, applied = normalise(view, dormant_rules)
    paths = {path for rule in applied for path in rule.normalised}
    writes = {path: lookup(effective, path) for path in paths}
    return report, problems, {path: value for path, value in writes.items() if value is not MISSING}


def schema_problems(view: Mapping[str, Any], schema: EngineSchema) -> tuple[tuple[str, str], ...]:
    """Pass-through keys the library does not take, then values of a type it does not take."""
    return (*unknown_parameters(view, schema), *mistyped_parameters(view, schema))


def effective_hash(effective: Mapping[str, Any]) -> str:
    """The hash of what would run: the effective view without names and output folders."""
    return canonical_hash({k: v for k, v in effective.items() if k not in NOT_RUN_RELEVANT})


def note(finding: Finding) -> RuleNote:
    rule = finding.rule
    return RuleNote(rule.id, rule.severity, finding.message, finding.paths, rule.source.describe())


def raise_for_problems(validation: Validation, resolved: ResolvedExperiment) -> None:
    """A :class:`ConfigError` listing every schema problem and error rule, if there are any."""
    if validation.ok:
        return
    # Mappings too: a rule on `compile_config: {...}` blames the mapping, which has no leaf origin.
    provenance = {**resolved.origins, **resolved.provenance}
    problems = [_located(path, message, provenance) for path, message in validation.schema_problems]
    problems += [describe_error(finding, provenance) for finding in validation.report.errors]
    if problems:
        raise ConfigError(problems)


def describe_error(finding: Finding, provenance: Mapping[str, str]) -> str:
    """``file:line:col: path: message [rule ID; transformers 5.23.0 file:line (method)]``."""
    rule = finding.rule
    path = blamed_path(finding.paths, rule.message_template, provenance)
    return _located(path, f"{finding.message} [{rule.id}; {rule.source.describe()}]", provenance)


def blamed_path(paths: Sequence[str], template: str, provenance: Mapping[str, str]) -> str:
    """The key to point at: one the user set, preferably the one the message is about
    (``do_sample: true`` + ``temperature: 0`` blames ``temperature``); else the first path."""
    user_set = [path for path in paths if provenance.get(path, DEFAULT_ORIGIN) != DEFAULT_ORIGIN]
    named = [path for path in user_set if path.rsplit(".", 1)[-1] in template]
    return (named or user_set or list(paths) or [""])[0]


def _located(path: str, message: str, provenance: Mapping[str, str]) -> str:
    origin = provenance.get(path, DEFAULT_ORIGIN)
    return f"{origin}: {path}: {message}" if path else f"{origin}: {message}"


def validate_experiment(
    resolved: ResolvedExperiment, converter: cattrs.Converter, rules: EngineRules
) -> Validation:
    """Validate a resolved experiment; raises :class:`ConfigError` on any error."""
    view = resolved.view if resolved.view is not None else config_view(resolved.config, converter)
    validation = validate_view(view, rules)
    raise_for_problems(validation, resolved)
    return validation
