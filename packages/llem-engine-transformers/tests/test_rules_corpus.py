"""The shipped rule corpus (``llem_transformers/rules.yaml``): it loads, is pinned to the engine's
library version, every rule's predicate agrees with its own examples in config space, and its
dormant rules normalise to a fixpoint that is idempotent and independent of rule order.

Nothing here imports transformers except the source-location check, which is skipped without it.
The replay against the real library is the gate's job (``nox -s rules_gate``).
"""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from llem.config.converter import make_converter
from llem.plugins.host import build_host
from llem.rules import native
from llem.rules.check import check_view
from llem.rules.corpus import load_corpus_resource
from llem.rules.fixpoint import canonical_hash, normalise
from llem.rules.model import Corpus, Rule
from llem.rules.views import default_view

RESOURCE = "llem_transformers:rules.yaml"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
PIN_FILE = PACKAGE_DIR.parents[1] / "engine_versions" / "transformers.yaml"
SHUFFLES = 6


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus_resource(RESOURCE)


@pytest.fixture(scope="module")
def base_view() -> dict[str, Any]:
    host = build_host()
    return default_view("transformers", host.registry, make_converter(host.registry))


def example_view(
    corpus: Corpus, base: Mapping[str, Any], rule: Rule, kwargs: Any
) -> dict[str, Any]:
    """The default config with the rule's native kwargs set at their config paths."""
    native_type = corpus.native_types[rule.native_type]
    return native.overlay(base, native.kwargs_to_paths(native_type, kwargs))


def rule_ids(corpus: Corpus) -> list[str]:
    return [rule.id for rule in corpus.rules]


# --- the corpus itself ---------------------------------------------------------------------------


def test_corpus_loads_with_errors_and_dormant_rules(corpus: Corpus) -> None:
    assert corpus.engine == "transformers"
    assert corpus.library == "transformers"
    assert corpus.by_severity("error")
    assert corpus.by_severity("dormant")
    for rule in corpus.by_severity("dormant"):
        assert rule.normalised, rule.id
    assert set(corpus.native_types) == {"GenerationConfig", "generate", "BitsAndBytesConfig"}


def test_corpus_is_written_for_the_pinned_library_version(corpus: Corpus) -> None:
    pins = YAML(typ="safe").load(PIN_FILE.read_text())
    assert corpus.library_version == str(pins["library"]["version"])
    assert {rule.source.version for rule in corpus.rules} == {corpus.library_version}
    assert {rule.source.library for rule in corpus.rules} == {"transformers"}


def test_rule_ids_are_unique_and_namespaced(corpus: Corpus) -> None:
    ids = rule_ids(corpus)
    assert len(ids) == len(set(ids))
    assert all(rule_id.startswith("transformers.") for rule_id in ids)


def test_every_rule_says_what_it_is_about(corpus: Corpus) -> None:
    for rule in corpus.rules:
        assert rule.description, rule.id
        assert rule.source.line is not None, rule.id
        assert rule.paths, rule.id


def test_source_locations_exist_in_the_installed_library(corpus: Corpus) -> None:
    spec = importlib.util.find_spec("transformers")
    if spec is None or spec.origin is None:
        pytest.skip("transformers is not installed")
    import transformers

    if transformers.__version__ != corpus.library_version:
        pytest.skip(f"installed transformers {transformers.__version__} is not the corpus's")
    site = Path(spec.origin).parent.parent
    for rule in corpus.rules:
        source = site / rule.source.file
        assert source.is_file(), f"{rule.id}: {rule.source.file} does not exist"
        lines = source.read_text(encoding="utf-8").splitlines()
        assert rule.source.line is not None
        assert 1 <= rule.source.line <= len(lines), f"{rule.id}: line {rule.source.line}"
        assert lines[rule.source.line - 1].strip(), f"{rule.id}: line {rule.source.line} is blank"


# --- predicates against the rules' own examples --------------------------------------------------


@pytest.mark.parametrize("rule_id", rule_ids(load_corpus_resource(RESOURCE)))
def test_predicate_fires_on_the_positive_example_only(
    corpus: Corpus, base_view: dict[str, Any], rule_id: str
) -> None:
    rule = corpus.rule(rule_id)
    positive = example_view(corpus, base_view, rule, rule.kwargs_positive)
    negative = example_view(corpus, base_view, rule, rule.kwargs_negative)
    assert rule.matches(positive), f"{rule_id} does not fire on {dict(rule.kwargs_positive)}"
    assert not rule.matches(negative), f"{rule_id} fires on {dict(rule.kwargs_negative)}"


def test_the_default_config_breaks_no_rule_and_has_nothing_dormant(
    corpus: Corpus, base_view: dict[str, Any]
) -> None:
    report = check_view(base_view, corpus)
    assert report.errors == ()
    assert report.warnings == ()
    assert report.dormant == ()
    effective, fired = normalise(base_view, corpus.by_severity("dormant"))
    assert fired == ()
    assert canonical_hash(effective) == canonical_hash(base_view)


# --- the dormant fixpoint ------------------------------------------------------------------------


def with_sections(base: Mapping[str, Any], **sections: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``sampling=...`` / ``generation=...`` values set under ``transformers``."""
    values = {
        f"transformers.{section}.{key}": value
        for section, mapping in sections.items()
        for key, value in mapping.items()
    }
    return native.overlay(base, values)


def hand_made_views(base: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Configs where several dormant rules fire at once and normalised values enable others."""
    greedy_everything = with_sections(
        base,
        sampling={"temperature": 0.3, "top_k": 10, "top_p": 1.5, "min_p": 0.0},
        generation={
            "num_beams": 1,
            "early_stopping": True,
            "length_penalty": 2.0,
            "typical_p": 1.5,
            "epsilon_cutoff": -1.0,
            "eta_cutoff": 2.0,
            "top_h": 0.5,
            "num_return_sequences": 1,
            "num_beam_groups": 2,
            "low_memory": True,
            "guidance_scale": 1,
            "no_repeat_ngram_size": 0,
            "encoder_no_repeat_ngram_size": -1,
            "encoder_repetition_penalty": 1.0,
        },
    )
    sampling_neutral = with_sections(
        base,
        sampling={"do_sample": True, "top_p": 1.0, "min_p": 0.0, "repetition_penalty": 1.0},
        generation={"typical_p": 1.0, "epsilon_cutoff": 0.0, "eta_cutoff": 1.0},
    )
    caches = with_sections(
        base,
        generation={
            "use_cache": False,
            "cache_implementation": "static",
            "cache_config": {"nbits": 4},
            "max_cache_len": 128,
        },
    )
    hybrid_cache = with_sections(
        base, generation={"cache_implementation": "hybrid", "max_cache_len": 128}
    )
    beams = with_sections(
        base,
        generation={"num_beams": 4, "dola_layers": "low", "prompt_lookup_num_tokens": 3},
    )
    return [greedy_everything, sampling_neutral, caches, hybrid_cache, beams]


def fixpoint_views(corpus: Corpus, base: dict[str, Any]) -> list[dict[str, Any]]:
    views = [base, *hand_made_views(base)]
    for rule in corpus.rules:
        views.append(example_view(corpus, base, rule, rule.kwargs_positive))
        views.append(example_view(corpus, base, rule, rule.kwargs_negative))
    return views


def test_dormant_rules_reach_an_idempotent_order_independent_fixpoint(
    corpus: Corpus, base_view: dict[str, Any]
) -> None:
    dormant = list(corpus.by_severity("dormant"))
    orders = [dormant, list(reversed(dormant))]
    generator = random.Random(0)
    for _ in range(SHUFFLES):
        order = dormant[:]
        generator.shuffle(order)
        orders.append(order)
    for view in fixpoint_views(corpus, base_view):
        effective, fired = normalise(view, dormant)
        again, _ = normalise(effective, dormant)
        assert canonical_hash(again) == canonical_hash(effective), "not idempotent"
        assert not any(rule.matches(effective) and _changes(rule, effective) for rule in dormant)
        for order in orders:
            other, other_fired = normalise(view, order)
            assert canonical_hash(other) == canonical_hash(effective), "depends on rule order"
            assert {rule.id for rule in other_fired} == {rule.id for rule in fired}


def _changes(rule: Rule, view: Mapping[str, Any]) -> bool:
    """Whether applying ``rule``'s normalised values would still change ``view``."""
    return canonical_hash(native.overlay(view, rule.normalised)) != canonical_hash(view)


def test_greedy_decoding_ignores_every_sampling_knob(
    corpus: Corpus, base_view: dict[str, Any]
) -> None:
    """Greedy configs that differ only in sampling knobs run identically: one effective config."""
    dormant = corpus.by_severity("dormant")
    knobs = with_sections(
        base_view,
        sampling={"temperature": 0.3, "top_k": 10, "top_p": 0.9, "min_p": 0.05},
        generation={"typical_p": 0.5, "epsilon_cutoff": 0.01, "eta_cutoff": 0.01, "top_h": 0.5},
    )
    effective, fired = normalise(knobs, dormant)
    assert canonical_hash(effective) == canonical_hash(normalise(base_view, dormant)[0])
    assert {rule.id for rule in fired} == {
        f"transformers.dormant.{knob}_greedy"
        for knob in (
            "temperature",
            "top_k",
            "top_p",
            "min_p",
            "typical_p",
            "epsilon_cutoff",
            "eta_cutoff",
            "top_h",
        )
    }


def test_sampling_keeps_its_knobs(corpus: Corpus, base_view: dict[str, Any]) -> None:
    dormant = corpus.by_severity("dormant")
    sampling = with_sections(
        base_view, sampling={"do_sample": True, "temperature": 0.7, "top_k": 40, "top_p": 0.9}
    )
    effective, fired = normalise(sampling, dormant)
    assert fired == ()
    assert canonical_hash(effective) == canonical_hash(sampling)


@pytest.mark.parametrize(
    ("sampling", "rule_id"),
    [
        ({"do_sample": True, "temperature": 0.0}, "transformers.logits.temperature_positive"),
        ({"do_sample": True, "top_k": -1}, "transformers.logits.top_k_not_negative"),
        ({"do_sample": True, "top_p": -0.1}, "transformers.logits.top_p_not_negative"),
        ({"do_sample": True, "min_p": 1.5}, "transformers.logits.min_p_at_most_one"),
        ({"repetition_penalty": 0.0}, "transformers.logits.repetition_penalty_positive"),
    ],
)
def test_invalid_sampling_values_are_errors(
    corpus: Corpus, base_view: dict[str, Any], sampling: dict[str, Any], rule_id: str
) -> None:
    report = check_view(with_sections(base_view, sampling=sampling), corpus)
    assert [finding.rule.id for finding in report.errors] == [rule_id]
