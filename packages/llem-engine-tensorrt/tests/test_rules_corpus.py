"""The shipped rule corpus (``llem_tensorrt/rules.yaml``): it loads, is pinned to the engine's
library version, says it was never replayed and why, every rule has provenance and examples its
own predicate agrees with, and its dormant rules normalise to an idempotent, order-independent
fixpoint. What the real library does with the examples is NOT checked: it cannot be installed."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import pytest

from llem.config.converter import make_converter
from llem.plugins.host import build_host
from llem.rules import native
from llem.rules.check import check_view
from llem.rules.corpus import load_corpus_resource
from llem.rules.fixpoint import canonical_hash, normalise
from llem.rules.model import Corpus, Rule
from llem.rules.package_data import read_text
from llem.rules.views import default_view
from llem_tensorrt.native_params import BACKEND_ONLY, BASE_LLM_ARGS, SAMPLING_PARAMS
from llem_tensorrt.plugin import ENGINE_SPEC, LIBRARY, LIBRARY_VERSION

RESOURCE = "llem_tensorrt:rules.yaml"
SOURCES = (
    "tensorrt_llm/sampling_params.py",
    "tensorrt_llm/llmapi/llm_args.py",
    "tensorrt_llm/llmapi/llm.py",
)
SHUFFLES = 6


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus_resource(RESOURCE)


@pytest.fixture(scope="module")
def base_view() -> dict[str, Any]:
    host = build_host()
    return default_view("tensorrt", host.registry, make_converter(host.registry))


def example_view(
    corpus: Corpus, base: Mapping[str, Any], rule: Rule, kwargs: Any
) -> dict[str, Any]:
    native_type = corpus.native_types[rule.native_type]
    return native.overlay(base, native.kwargs_to_paths(native_type, kwargs))


def rule_ids(corpus: Corpus) -> list[str]:
    return [rule.id for rule in corpus.rules]


def test_the_engine_spec_ships_the_corpus() -> None:
    assert ENGINE_SPEC.rules == RESOURCE


def test_the_header_says_no_rule_was_replayed_and_why() -> None:
    header = read_text(RESOURCE).split("\nformat:", 1)[0]
    assert "# replay: unavailable" in header
    assert "cannot\n# be installed" in header and "llem-miners" in header
    assert "a98a9061d72f6fd39f5d055ebdd2c6878a100e2c" in header


def test_corpus_loads_with_every_severity(corpus: Corpus) -> None:
    assert (corpus.engine, corpus.library) == ("tensorrt", LIBRARY)
    assert set(corpus.native_types) == {"SamplingParams", "LLM", "KvCacheConfig"}
    for severity in ("error", "warn", "dormant"):
        assert corpus.by_severity(severity), severity
    assert all(rule.normalised for rule in corpus.by_severity("dormant"))
    assert len(corpus.rules) >= 30


def test_corpus_is_written_for_the_pinned_library_version(corpus: Corpus) -> None:
    assert corpus.library_version == LIBRARY_VERSION
    assert {rule.source.version for rule in corpus.rules} == {LIBRARY_VERSION}
    assert {rule.source.library for rule in corpus.rules} == {LIBRARY}


def test_rule_ids_are_unique_and_namespaced(corpus: Corpus) -> None:
    ids = rule_ids(corpus)
    assert len(ids) == len(set(ids))
    assert all(rule_id.startswith("tensorrt.") for rule_id in ids)


def test_every_rule_is_hand_written_from_a_named_source(corpus: Corpus) -> None:
    for rule in corpus.rules:
        assert rule.added_by == "manual_seed", rule.id
        assert rule.description, rule.id
        assert rule.source.file in SOURCES, rule.id
        assert rule.source.method, rule.id
        assert rule.kwargs_positive != rule.kwargs_negative, rule.id


def test_sampling_params_rules_cite_lines_at_the_commit_read(corpus: Corpus) -> None:
    header = read_text(RESOURCE).split("\nformat:", 1)[0]
    assert "lines at commit a98a9061" in header
    for rule in corpus.rules:
        has_line = rule.source.line is not None
        assert has_line == (rule.source.file == SOURCES[0]), rule.id


def test_pass_through_rules_name_real_parameters(corpus: Corpus) -> None:
    known = {
        "tensorrt.llm_args": {p[0] for p in BASE_LLM_ARGS}
        | {p[0] for params in BACKEND_ONLY.values() for p in params},
        "tensorrt.sampling_args": {p[0] for p in SAMPLING_PARAMS},
    }
    for rule in corpus.rules:
        for path in rule.paths:
            section, _, key = path.rpartition(".")
            if section in known:
                assert key in known[section], (rule.id, path)


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


def with_values(base: Mapping[str, Any], **sections: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with values under ``tensorrt`` (``engine=...``) or ``tensorrt.<section>``."""
    values = {
        f"tensorrt.{key}" if section == "engine" else f"tensorrt.{section}.{key}": value
        for section, mapping in sections.items()
        for key, value in mapping.items()
    }
    return native.overlay(base, values)


def fixpoint_views(corpus: Corpus, base: dict[str, Any]) -> list[dict[str, Any]]:
    many_dormant = with_values(
        base,
        sampling={"temperature": 0.0, "top_k": 0, "top_p": 0.5, "repetition_penalty": 1.0},
        engine={"max_batch_size": 2048, "max_num_tokens": 8192, "cuda_graphs": True},
        kv_cache={"free_gpu_memory_fraction": 0.9},
    )
    views = [base, many_dormant]
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


def test_greedy_decoding_ignores_top_p_and_top_k(corpus: Corpus, base_view: dict[str, Any]) -> None:
    knobs = with_values(base_view, sampling={"top_k": 10, "top_p": 0.9})
    effective, fired = normalise(knobs, corpus.by_severity("dormant"))
    assert canonical_hash(effective) == canonical_hash(base_view)
    assert {rule.id for rule in fired} == {
        "tensorrt.dormant.top_p_greedy",
        "tensorrt.dormant.top_k_greedy",
    }


def test_sampling_keeps_its_knobs(corpus: Corpus, base_view: dict[str, Any]) -> None:
    sampling = with_values(base_view, sampling={"temperature": 0.7, "top_k": 40, "top_p": 0.9})
    effective, fired = normalise(sampling, corpus.by_severity("dormant"))
    assert fired == ()
    assert canonical_hash(effective) == canonical_hash(sampling)


@pytest.mark.parametrize(
    ("values", "rule_id"),
    [
        ({"sampling": {"top_k": -1}}, "tensorrt.sampling.top_k_not_negative"),
        ({"sampling": {"temperature": -0.1}}, "tensorrt.sampling.temperature_not_negative"),
        (
            {"kv_cache": {"free_gpu_memory_fraction": 1.2}},
            "tensorrt.kv_cache.free_gpu_memory_fraction_at_most_one",
        ),
        ({"engine": {"quantization": "FP8"}}, "tensorrt.llm.quantization_needs_tensorrt_backend"),
        (
            {"engine": {"backend": "tensorrt", "cuda_graphs": False}},
            "tensorrt.llm.cuda_graphs_need_pytorch_backend",
        ),
        ({"llm_args": {"fast_build": True}}, "tensorrt.llm.fast_build_needs_tensorrt_backend"),
        (
            {"sampling": {"temperature": 0.5, "top_p": 0.0}},
            "tensorrt.sampling.top_p_zero_disallowed",
        ),
    ],
)
def test_invalid_values_are_errors(
    corpus: Corpus, base_view: dict[str, Any], values: dict[str, Any], rule_id: str
) -> None:
    report = check_view(with_values(base_view, **values), corpus)
    assert [finding.rule.id for finding in report.errors] == [rule_id]


def test_a_batch_larger_than_the_token_budget_is_a_warning(
    corpus: Corpus, base_view: dict[str, Any]
) -> None:
    report = check_view(
        with_values(base_view, engine={"max_batch_size": 64, "max_num_tokens": 32}), corpus
    )
    assert [finding.rule.id for finding in report.warnings] == [
        "tensorrt.llm.max_batch_size_above_max_num_tokens"
    ]
    assert report.errors == ()
