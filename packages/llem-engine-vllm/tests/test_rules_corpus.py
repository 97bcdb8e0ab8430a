"""The shipped rule corpus (``llem_vllm/rules.yaml``): it loads, is pinned to the engine's library
version, every rule has provenance and examples its own predicate agrees with, and its dormant
rules normalise to a fixpoint that is idempotent and independent of rule order.

Nothing here imports vLLM except the source-location check, which is skipped without it. The
replay against the real library is the gate's job (``python -m llem.rules.gate vllm``).
"""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from llem.config.converter import make_converter
from llem.plugins.host import build_host
from llem.rules import native
from llem.rules.check import check_view
from llem.rules.corpus import load_corpus_resource
from llem.rules.fixpoint import canonical_hash, normalise
from llem.rules.model import Corpus, Rule
from llem.rules.views import default_view
from llem_vllm.plugin import ENGINE_SPEC, LIBRARY_VERSION

RESOURCE = "llem_vllm:rules.yaml"
SAMPLING = "vllm.sampling"
SHUFFLES = 6


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus_resource(RESOURCE)


@pytest.fixture(scope="module")
def base_view() -> dict[str, Any]:
    host = build_host()
    return default_view("vllm", host.registry, make_converter(host.registry))


def example_view(
    corpus: Corpus, base: Mapping[str, Any], rule: Rule, kwargs: Any
) -> dict[str, Any]:
    """The default config with the rule's native kwargs set at their config paths."""
    native_type = corpus.native_types[rule.native_type]
    return native.overlay(base, native.kwargs_to_paths(native_type, kwargs))


def rule_ids(corpus: Corpus) -> list[str]:
    return [rule.id for rule in corpus.rules]


# --- the corpus itself ---------------------------------------------------------------------------


def test_the_engine_spec_ships_the_corpus() -> None:
    assert ENGINE_SPEC.rules == RESOURCE
    assert ENGINE_SPEC.replayer == "llem_vllm.replay:make_replayer"


def test_corpus_loads_with_every_severity(corpus: Corpus) -> None:
    assert (corpus.engine, corpus.library) == ("vllm", "vllm")
    assert set(corpus.native_types) == {"SamplingParams", "EngineArgs"}
    for severity in ("error", "warn", "dormant"):
        assert corpus.by_severity(severity), severity
    for rule in corpus.by_severity("dormant"):
        assert rule.normalised, rule.id
    assert len(corpus.rules) >= 50


def test_corpus_is_written_for_the_pinned_library_version(corpus: Corpus) -> None:
    assert corpus.library_version == LIBRARY_VERSION
    assert {rule.source.version for rule in corpus.rules} == {LIBRARY_VERSION}
    assert {rule.source.library for rule in corpus.rules} == {"vllm"}


def test_rule_ids_are_unique_and_namespaced(corpus: Corpus) -> None:
    ids = rule_ids(corpus)
    assert len(ids) == len(set(ids))
    assert all(rule_id.startswith("vllm.") for rule_id in ids)


def test_every_rule_has_provenance_and_examples(corpus: Corpus) -> None:
    for rule in corpus.rules:
        assert rule.added_by == "manual_seed", rule.id
        assert rule.description, rule.id
        assert rule.source.file.startswith("vllm/"), rule.id
        assert rule.source.line is not None, rule.id
        assert rule.kwargs_positive and rule.kwargs_negative, rule.id
        assert rule.kwargs_positive != rule.kwargs_negative, rule.id


def test_source_locations_exist_in_the_installed_library(corpus: Corpus) -> None:
    spec = importlib.util.find_spec("vllm")
    if spec is None or spec.origin is None:
        pytest.skip("vllm is not installed")
    import vllm

    if vllm.__version__ != corpus.library_version:
        pytest.skip(f"installed vllm {vllm.__version__} is not the corpus's")
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
    assert (report.errors, report.warnings, report.dormant) == ((), (), ())
    effective, fired = normalise(base_view, corpus.by_severity("dormant"))
    assert fired == ()
    assert canonical_hash(effective) == canonical_hash(base_view)


# --- the dormant fixpoint ------------------------------------------------------------------------


def with_values(base: Mapping[str, Any], **sections: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with values set under ``vllm`` (``engine=...``) or ``vllm.<section>``."""
    values = {
        f"vllm.{key}" if section == "engine" else f"vllm.{section}.{key}": value
        for section, mapping in sections.items()
        for key, value in mapping.items()
    }
    return native.overlay(base, values)


def hand_made_views(base: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Configs where several dormant rules fire at once and a normalised value enables others."""
    greedy_everything = with_values(
        base,
        sampling={"temperature": 0.0, "top_p": 1.0, "top_k": -1, "min_p": 0.0, "seed": -1},
        sampling_args={"thinking_token_budget": -1},
        engine={"kv_cache_dtype": "auto"},
    )
    sampling_neutral = with_values(
        base,
        sampling={
            "temperature": 0.005,
            "top_p": 1.0,
            "top_k": 0,
            "repetition_penalty": 1.0,
            "presence_penalty": 0.0,
            "frequency_penalty": 0.0,
        },
    )
    return [greedy_everything, sampling_neutral]


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
        for order in orders:
            other, other_fired = normalise(view, order)
            assert canonical_hash(other) == canonical_hash(effective), "depends on rule order"
            assert {rule.id for rule in other_fired} == {rule.id for rule in fired}


def test_greedy_decoding_ignores_the_filtering_knobs(
    corpus: Corpus, base_view: dict[str, Any]
) -> None:
    """Greedy configs that differ only in top_p / top_k / min_p run identically."""
    dormant = corpus.by_severity("dormant")
    knobs = with_values(base_view, sampling={"top_k": 10, "top_p": 0.9, "min_p": 0.05})
    effective, fired = normalise(knobs, dormant)
    assert canonical_hash(effective) == canonical_hash(base_view)
    assert {rule.id for rule in fired} == {
        f"vllm.dormant.{knob}_greedy" for knob in ("top_p", "top_k", "min_p")
    }


def test_sampling_keeps_its_knobs(corpus: Corpus, base_view: dict[str, Any]) -> None:
    sampling = with_values(base_view, sampling={"temperature": 0.7, "top_k": 40, "top_p": 0.9})
    effective, fired = normalise(sampling, corpus.by_severity("dormant"))
    assert fired == ()
    assert canonical_hash(effective) == canonical_hash(sampling)


@pytest.mark.parametrize(
    ("values", "rule_id"),
    [
        ({"sampling": {"temperature": -0.5}}, "vllm.sampling.temperature_not_negative"),
        ({"sampling": {"temperature": 2.5}}, "vllm.sampling.temperature_at_most_two"),
        ({"sampling": {"temperature": 0.7, "top_p": 0.0}}, "vllm.sampling.top_p_positive"),
        ({"sampling": {"top_k": -2}}, "vllm.sampling.top_k_at_least_minus_one"),
        ({"sampling": {"min_p": 1.5}}, "vllm.sampling.min_p_at_most_one"),
        ({"sampling": {"repetition_penalty": 0.0}}, "vllm.sampling.repetition_penalty_positive"),
        (
            {"engine": {"gpu_memory_utilization": 1.5}},
            "vllm.engine.gpu_memory_utilization_at_most_one",
        ),
        ({"engine": {"block_size": 0}}, "vllm.engine.block_size_positive"),
        ({"engine": {"kv_cache_dtype": "fp16"}}, "vllm.engine.kv_cache_dtype_allowed_values"),
        ({"engine": {"tensor_parallel_size": 0}}, "vllm.engine.tensor_parallel_size_at_least_one"),
    ],
)
def test_invalid_values_are_errors(
    corpus: Corpus, base_view: dict[str, Any], values: dict[str, Any], rule_id: str
) -> None:
    report = check_view(with_values(base_view, **values), corpus)
    assert [finding.rule.id for finding in report.errors] == [rule_id]
