"""The checks the replay gate runs on one rule (see :mod:`llem_miners.gate.run`).

(a) the positive kwargs show the expected outcome; (b) the negative kwargs do not; (c) the
predicate matches the positive example mapped into config space and not the negative one;
(d) boundary probes: the predicate fires exactly when the library shows the outcome.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from llem.rules import native
from llem.rules.model import Corpus, FieldMatcher, NativeType, Rule, View
from llem.rules.predicates import MISSING, lookup
from llem_miners.gate.probes import probe_values, template_regex
from llem_miners.gate.report import ProbeResult, RuleResult, Showing, trim
from llem_miners.replay import Observation, Replayer


@attrs.define
class ReplayCache:
    """Replays each distinct (native type, kwargs) once: replays are deterministic by contract."""

    replayer: Replayer
    _seen: dict[str, Observation] = attrs.field(factory=dict, init=False)

    def replay(self, native_type: str, kwargs: Mapping[str, Any]) -> Observation:
        key = native_type + repr(sorted(kwargs.items(), key=lambda item: item[0]))
        if key not in self._seen:
            self._seen[key] = self.replayer.replay(native_type, kwargs)
        return self._seen[key]


def normalised_keywords(rule: Rule, native_type: NativeType) -> tuple[dict[str, Any], list[str]]:
    """The rule's ``normalised`` values by native keyword, and the paths that map to none."""
    values: dict[str, Any] = {}
    unmapped: list[str] = []
    for path, value in rule.normalised.items():
        keyword = native.keyword_of(native_type, path)
        if keyword is None:
            unmapped.append(path)
        else:
            values[keyword] = value
    return values, unmapped


def apply_normalised(kwargs: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """``kwargs`` with each normalised keyword set (``None``: the keyword dropped)."""
    result = dict(kwargs)
    for keyword, value in values.items():
        if value is None:
            result.pop(keyword, None)
        else:
            result[keyword] = value
    return result


@attrs.frozen
class RuleReplay:
    """Replays kwargs for one rule and says whether the library showed the rule's outcome."""

    rule: Rule
    replays: ReplayCache
    pattern: re.Pattern[str]
    normalised: Mapping[str, Any]

    def show(self, kwargs: Mapping[str, Any]) -> Showing:
        observation = self.replays.replay(self.rule.native_type, kwargs)
        if self.rule.severity == "dormant":
            return self._dormant(kwargs, observation)
        if self.rule.expected_outcome == "raise":
            return self._raised(observation)
        return self._warned(observation)

    def _raised(self, observation: Observation) -> Showing:
        if observation.raised is None:
            return Showing(observation, False, "raised nothing" + _warning_note(observation))
        if self.pattern.search(observation.raised):
            return Showing(observation, True, f"raised {trim(observation.raised)!r}")
        detail = f"raised {trim(observation.raised)!r}, which does not match the template"
        return Showing(observation, False, detail)

    def _warned(self, observation: Observation) -> Showing:
        for message in observation.warnings:
            if self.pattern.search(message):
                return Showing(observation, True, f"warned {trim(message)!r}")
        detail = "no warning matches the template" + _warning_note(observation)
        if observation.raised is not None:
            detail += f"; raised {trim(observation.raised)!r}"
        return Showing(observation, False, detail)

    def _dormant(self, kwargs: Mapping[str, Any], observation: Observation) -> Showing:
        if observation.raised is not None:
            return Showing(observation, False, f"raised {trim(observation.raised)!r}")
        variant = apply_normalised(kwargs, self.normalised)
        reference = self.replays.replay(self.rule.native_type, variant)
        same = reference.raised is None and observation.effect == reference.effect
        relation = "equals" if same else "differs from"
        detail = f"its effect {relation} that of the normalised kwargs {variant}"
        if self.rule.expected_outcome == "warn":
            warned = self._warned(observation)
            return Showing(observation, same and warned.shown, f"{detail}; {warned.detail}", same)
        return Showing(observation, same, detail, same)


def _warning_note(observation: Observation) -> str:
    if not observation.warnings:
        return " (no warnings)"
    return " (warnings: " + "; ".join(trim(message, 120) for message in observation.warnings) + ")"


def mapped_kwargs(
    native_type: NativeType, kwargs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The kwargs whose keyword maps to a config path, and the keywords that map to none."""
    mapped: dict[str, Any] = {}
    unmapped: list[str] = []
    for keyword, value in kwargs.items():
        try:
            native.config_path_of(native_type, keyword)
        except KeyError:
            unmapped.append(keyword)
        else:
            mapped[keyword] = value
    return mapped, unmapped


def example_view(base_view: View, native_type: NativeType, kwargs: Mapping[str, Any]) -> View:
    """``base_view`` with the (mappable) kwargs set at their config paths."""
    mapped, _unmapped = mapped_kwargs(native_type, kwargs)
    return native.overlay(base_view, native.kwargs_to_paths(native_type, mapped))


def _field_values(rule: Rule, view: View, *, firing: bool) -> str:
    shown = [
        f"{matcher.path}={_describe(lookup(view, matcher.path))}"
        for matcher in rule.fields
        if matcher.matches(view) == firing
    ]
    return ", ".join(shown) or "none"


def _describe(value: Any) -> str:
    return "<missing>" if value is MISSING else repr(value)


def predicate_reasons(rule: Rule, native_type: NativeType, base_view: View) -> list[str]:
    """Check (c): the predicate matches the positive example and not the negative one."""
    reasons: list[str] = []
    examples = (("positive", rule.kwargs_positive, True), ("negative", rule.kwargs_negative, False))
    for label, kwargs, wanted in examples:
        _mapped, unmapped = mapped_kwargs(native_type, kwargs)
        if unmapped:
            reasons.append(
                f"{label} example keyword(s) {unmapped} map to no config path of "
                f"{native_type.name} (add them to its config_paths)"
            )
        view = example_view(base_view, native_type, kwargs)
        if rule.matches(view) == wanted:
            continue
        if wanted:
            not_firing = _field_values(rule, view, firing=False)
            reasons.append(
                f"the predicate does not match the positive example {dict(kwargs)} "
                f"(fields not firing: {not_firing})"
            )
        else:
            reasons.append(f"the predicate matches the negative example {dict(kwargs)}")
    return reasons


@attrs.frozen
class Prober:
    """Check (d): boundary probes of one rule's field predicates."""

    replay: RuleReplay
    native_type: NativeType
    base_view: View

    def probe_all(self) -> tuple[list[ProbeResult], list[str]]:
        results: list[ProbeResult] = []
        notes: list[str] = []
        for matcher in self.replay.rule.fields:
            keyword = native.keyword_of(self.native_type, matcher.path)
            values = self._values(matcher, keyword)
            if keyword is None:
                if values:
                    notes.append(
                        f"{matcher.path} maps to no keyword of {self.native_type.name}: "
                        "its thresholds are not probed"
                    )
                continue
            results += [self.probe(matcher.path, keyword, value) for value in values]
        return results, notes

    def _values(self, matcher: FieldMatcher, keyword: str | None) -> list[Any]:
        example = self.replay.rule.kwargs_positive.get(keyword) if keyword else None
        values = probe_values(matcher.spec, example)
        if keyword is not None and keyword in self.replay.normalised:
            # A dormant rule's own normalised value trivially has the normalised effect: such a
            # probe tells nothing about the predicate.
            target = self.replay.normalised[keyword]
            values = [v for v in values if not (type(v) is type(target) and v == target)]
        return values

    def probe(self, path: str, keyword: str, value: Any) -> ProbeResult:
        kwargs = {**self.replay.rule.kwargs_positive, keyword: value}
        fires = self.replay.rule.matches(example_view(self.base_view, self.native_type, kwargs))
        showing = self.replay.show(kwargs)
        return ProbeResult(path, keyword, value, fires, showing.shown, showing.detail)


def probe_reason(probe: ProbeResult, outcome: str) -> str:
    where = f"boundary probe {probe.keyword}={probe.value!r}"
    if probe.fires:
        return (
            f"{where}: the predicate fires but the library does not {outcome} ({probe.detail}); "
            "the predicate is too broad"
        )
    return (
        f"{where}: the library shows the outcome ({probe.detail}) but the predicate does not "
        "fire; the predicate is too narrow"
    )


def is_positive(rule: Rule, probe: ProbeResult) -> bool:
    """The probe replays the positive example itself (checks (a) and (c) already judged it)."""
    current = rule.kwargs_positive.get(probe.keyword, MISSING)
    return type(current) is type(probe.value) and current == probe.value


def gate_rule(rule: Rule, corpus: Corpus, replays: ReplayCache, base_view: View) -> RuleResult:
    """Every check of one rule (a) to (d) of the module docstring."""
    native_type = corpus.native_types[rule.native_type]
    result = RuleResult(rule.id, rule.native_type, rule.expected_outcome)
    normalised, unmapped = normalised_keywords(rule, native_type)
    reasons = [
        f"normalised path {path} maps to no keyword of {native_type.name}" for path in unmapped
    ]
    replay = RuleReplay(rule, replays, template_regex(rule.message_template), normalised)
    try:
        positive = replay.show(rule.kwargs_positive)
        negative = replay.show(rule.kwargs_negative)
    except ValueError as error:
        return attrs.evolve(result, reasons=(*reasons, f"cannot replay: {error}"))
    outcome = rule.expected_outcome
    if not positive.shown:
        reasons.append(
            f"positive {dict(rule.kwargs_positive)}: expected to {outcome}, but {positive.detail}"
        )
    if negative.shown:
        reasons.append(
            f"negative {dict(rule.kwargs_negative)}: must not {outcome}, but {negative.detail}"
        )
    reasons += predicate_reasons(rule, native_type, base_view)
    probes, notes = Prober(replay, native_type, base_view).probe_all()
    reasons += [
        probe_reason(probe, outcome)
        for probe in probes
        if not probe.ok and not is_positive(rule, probe)
    ]
    return attrs.evolve(
        result,
        positive=positive,
        negative=negative,
        probes=tuple(probes),
        reasons=tuple(reasons),
        notes=tuple(notes),
    )
