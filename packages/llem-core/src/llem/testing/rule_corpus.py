"""The rule-corpus suite: checks every engine package runs on the rule corpus it ships.

Subclass :class:`RuleCorpusSuite` in the engine package's tests and set its class attributes::

    class TestMyEngineRuleCorpus(RuleCorpusSuite):
        resource = "llem_my_engine:rules.yaml"
        engine = "my-engine"
        library = "mylib"
        library_version = "1.2.3"
        native_types = frozenset({"SamplingParams"})
        greedy_knobs = {"sampling": {"top_k": 10}}
        sampling_knobs = {"sampling": {"temperature": 0.7, "top_k": 40}}
        invalid_values = (({"sampling": {"top_k": -2}}, "my-engine.sampling.top_k_not_negative"),)

Values are given by section, as :meth:`RuleCorpusSuite.with_values` sets them: ``engine`` is the
engine's own section (``my-engine.<key>``), any other ``my-engine.<section>.<key>``. Nothing here
imports the engine's library; :func:`assert_sources_exist_in_installed_library` checks the
corpus's source locations where the pinned library is installed.
"""

from __future__ import annotations

import importlib
import importlib.util
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest

from llem.config.converter import make_converter
from llem.plugins.host import build_host
from llem.rules import native
from llem.rules.check import check_view
from llem.rules.corpus import load_corpus_resource
from llem.rules.fixpoint import canonical_hash, normalise
from llem.rules.model import Corpus, Rule, Severity
from llem.rules.views import default_view

Sections = Mapping[str, Mapping[str, Any]]


def rule_ids(corpus: Corpus) -> list[str]:
    return [rule.id for rule in corpus.rules]


def example_view(
    corpus: Corpus, base: Mapping[str, Any], rule: Rule, kwargs: Any
) -> dict[str, Any]:
    """The default config with the rule's native kwargs set at their config paths."""
    native_type = corpus.native_types[rule.native_type]
    return native.overlay(base, native.kwargs_to_paths(native_type, kwargs))


def still_changes(rule: Rule, view: Mapping[str, Any]) -> bool:
    """Whether applying ``rule``'s normalised values would still change ``view``."""
    return canonical_hash(native.overlay(view, rule.normalised)) != canonical_hash(view)


def assert_sources_exist_in_installed_library(corpus: Corpus, module: str) -> None:
    """Every rule's source line is a non-blank line of the installed library; skips unless the
    pinned version of ``module`` is installed."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        pytest.skip(f"{module} is not installed")
    installed = str(importlib.import_module(module).__version__)
    if installed != corpus.library_version:
        pytest.skip(f"installed {module} {installed} is not the corpus's")
    site = Path(spec.origin).parent.parent
    for rule in corpus.rules:
        source = site / rule.source.file
        assert source.is_file(), f"{rule.id}: {rule.source.file} does not exist"
        lines = source.read_text(encoding="utf-8").splitlines()
        assert rule.source.line is not None
        assert 1 <= rule.source.line <= len(lines), f"{rule.id}: line {rule.source.line}"
        assert lines[rule.source.line - 1].strip(), f"{rule.id}: line {rule.source.line} is blank"


class RuleCorpusSuite:
    """What every engine's rule corpus guarantees: it loads, is pinned to the engine's library
    version, every predicate agrees with its rule's own examples, and the dormant rules
    normalise to a fixpoint that is idempotent and independent of rule order."""

    resource: ClassVar[str]
    engine: ClassVar[str]
    library: ClassVar[str]
    library_version: ClassVar[str]
    native_types: ClassVar[frozenset[str]]
    severities: ClassVar[tuple[Severity, ...]] = ("error", "warn", "dormant")
    """Severities the corpus must have rules of."""
    min_rules: ClassVar[int] = 1
    greedy_knobs: ClassVar[Sections]
    """Knobs greedy decoding ignores: each fires ``<engine>.dormant.<knob>_greedy``."""
    sampling_knobs: ClassVar[Sections]
    """A sampling config no dormant rule touches."""
    invalid_values: ClassVar[Sequence[tuple[Sections, str]]] = ()
    """``(values, rule_id)``: values that break exactly the error rule ``rule_id``."""
    shuffles: ClassVar[int] = 6

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "values" in metafunc.fixturenames:
            metafunc.parametrize(("values", "rule_id"), self.invalid_values)
        elif "rule_id" in metafunc.fixturenames:
            metafunc.parametrize("rule_id", rule_ids(load_corpus_resource(self.resource)))

    @pytest.fixture(scope="class")
    @classmethod
    def corpus(cls) -> Corpus:
        return load_corpus_resource(cls.resource)

    @pytest.fixture(scope="class")
    @classmethod
    def base_view(cls) -> dict[str, Any]:
        host = build_host()
        return default_view(cls.engine, host.registry, make_converter(host.registry))

    @classmethod
    def with_values(cls, base: Mapping[str, Any], **sections: Mapping[str, Any]) -> dict[str, Any]:
        """``base`` with values under ``<engine>`` (``engine=...``) or ``<engine>.<section>``."""
        values = {
            f"{cls.engine}.{key}" if section == "engine" else f"{cls.engine}.{section}.{key}": value
            for section, mapping in sections.items()
            for key, value in mapping.items()
        }
        return native.overlay(base, values)

    def hand_made_views(self, base: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Configs where several dormant rules fire at once (override to add some)."""
        return []

    def test_corpus_loads_with_its_native_types_and_severities(self, corpus: Corpus) -> None:
        assert (corpus.engine, corpus.library) == (self.engine, self.library)
        assert set(corpus.native_types) == self.native_types
        for severity in self.severities:
            assert corpus.by_severity(severity), severity
        for rule in corpus.by_severity("dormant"):
            assert rule.normalised, rule.id
        assert len(corpus.rules) >= self.min_rules

    def test_corpus_is_written_for_the_pinned_library_version(self, corpus: Corpus) -> None:
        assert corpus.library_version == self.library_version
        assert {rule.source.version for rule in corpus.rules} == {self.library_version}
        assert {rule.source.library for rule in corpus.rules} == {self.library}

    def test_rule_ids_are_unique_and_namespaced(self, corpus: Corpus) -> None:
        ids = rule_ids(corpus)
        assert len(ids) == len(set(ids))
        assert all(rule_id.startswith(f"{self.engine}.") for rule_id in ids)

    def test_predicate_fires_on_the_positive_example_only(
        self, corpus: Corpus, base_view: dict[str, Any], rule_id: str
    ) -> None:
        rule = corpus.rule(rule_id)
        positive = example_view(corpus, base_view, rule, rule.kwargs_positive)
        negative = example_view(corpus, base_view, rule, rule.kwargs_negative)
        assert rule.matches(positive), f"{rule_id} does not fire on {dict(rule.kwargs_positive)}"
        assert not rule.matches(negative), f"{rule_id} fires on {dict(rule.kwargs_negative)}"

    def test_the_default_config_breaks_no_rule_and_has_nothing_dormant(
        self, corpus: Corpus, base_view: dict[str, Any]
    ) -> None:
        report = check_view(base_view, corpus)
        assert (report.errors, report.warnings, report.dormant) == ((), (), ())
        effective, fired = normalise(base_view, corpus.by_severity("dormant"))
        assert fired == ()
        assert canonical_hash(effective) == canonical_hash(base_view)

    def fixpoint_views(self, corpus: Corpus, base: dict[str, Any]) -> list[dict[str, Any]]:
        views = [base, *self.hand_made_views(base)]
        for rule in corpus.rules:
            views.append(example_view(corpus, base, rule, rule.kwargs_positive))
            views.append(example_view(corpus, base, rule, rule.kwargs_negative))
        return views

    def test_dormant_rules_reach_an_idempotent_order_independent_fixpoint(
        self, corpus: Corpus, base_view: dict[str, Any]
    ) -> None:
        dormant = list(corpus.by_severity("dormant"))
        orders = [dormant, list(reversed(dormant))]
        generator = random.Random(0)
        for _ in range(self.shuffles):
            order = dormant[:]
            generator.shuffle(order)
            orders.append(order)
        for view in self.fixpoint_views(corpus, base_view):
            effective, fired = normalise(view, dormant)
            again, _ = normalise(effective, dormant)
            assert canonical_hash(again) == canonical_hash(effective), "not idempotent"
            assert not any(
                rule.matches(effective) and still_changes(rule, effective) for rule in dormant
            )
            for order in orders:
                other, other_fired = normalise(view, order)
                assert canonical_hash(other) == canonical_hash(effective), "depends on rule order"
                assert {rule.id for rule in other_fired} == {rule.id for rule in fired}

    def test_greedy_decoding_ignores_the_filtering_knobs(
        self, corpus: Corpus, base_view: dict[str, Any]
    ) -> None:
        """Greedy configs that differ only in knobs greedy decoding ignores run identically."""
        knobs = self.with_values(base_view, **self.greedy_knobs)
        effective, fired = normalise(knobs, corpus.by_severity("dormant"))
        assert canonical_hash(effective) == canonical_hash(base_view)
        assert {rule.id for rule in fired} == {
            f"{self.engine}.dormant.{knob}_greedy"
            for section in self.greedy_knobs.values()
            for knob in section
        }

    def test_sampling_keeps_its_knobs(self, corpus: Corpus, base_view: dict[str, Any]) -> None:
        sampling = self.with_values(base_view, **self.sampling_knobs)
        effective, fired = normalise(sampling, corpus.by_severity("dormant"))
        assert fired == ()
        assert canonical_hash(effective) == canonical_hash(sampling)

    def test_invalid_values_are_errors(
        self, corpus: Corpus, base_view: dict[str, Any], values: Sections, rule_id: str
    ) -> None:
        report = check_view(self.with_values(base_view, **values), corpus)
        assert [finding.rule.id for finding in report.errors] == [rule_id]
