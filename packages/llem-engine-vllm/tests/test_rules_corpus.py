"""The shipped rule corpus (``llem_vllm/rules.yaml``) through the rule-corpus suite
(:mod:`llem.testing.rule_corpus`), and what is the vLLM engine's own: the engine spec ships it and
every rule cites a line of vLLM's source with examples.

Nothing here imports vLLM except the source-location check, which is skipped without it. The
replay against the real library is the gate's job (``llem-miners gate vllm``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llem.rules.model import ADDED_BY, Corpus
from llem.testing.rule_corpus import RuleCorpusSuite, assert_sources_exist_in_installed_library
from llem_vllm.plugin import ENGINE_SPEC, LIBRARY_VERSION, llem_register_miners

RESOURCE = "llem_vllm:rules.yaml"


class TestVllmRuleCorpus(RuleCorpusSuite):
    resource = RESOURCE
    engine = "vllm"
    library = "vllm"
    library_version = LIBRARY_VERSION
    native_types = frozenset({"SamplingParams", "EngineArgs"})
    min_rules = 50
    greedy_knobs = {"sampling": {"top_k": 10, "top_p": 0.9, "min_p": 0.05}}
    sampling_knobs = {"sampling": {"temperature": 0.7, "top_k": 40, "top_p": 0.9}}
    invalid_values = (
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
    )

    def hand_made_views(self, base: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Configs where several dormant rules fire at once and a normalised value enables
        others."""
        greedy_everything = self.with_values(
            base,
            sampling={"temperature": 0.0, "top_p": 1.0, "top_k": -1, "min_p": 0.0, "seed": -1},
            sampling_args={"thinking_token_budget": -1},
            engine={"kv_cache_dtype": "auto"},
        )
        sampling_neutral = self.with_values(
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

    def test_the_engine_spec_ships_the_corpus(self) -> None:
        assert ENGINE_SPEC.rules == RESOURCE
        (miners,) = llem_register_miners()
        assert miners.replayer == "llem_vllm.mining.replay:make_replayer"

    def test_every_rule_has_provenance_and_examples(self, corpus: Corpus) -> None:
        for rule in corpus.rules:
            assert rule.added_by in ADDED_BY, rule.id
            assert rule.description or rule.added_by != "manual_seed", rule.id
            assert rule.source.file.startswith("vllm/"), rule.id
            assert rule.source.line is not None, rule.id
            assert rule.kwargs_positive and rule.kwargs_negative, rule.id
            assert rule.kwargs_positive != rule.kwargs_negative, rule.id

    def test_the_hand_rules_come_first_then_the_mined_ones(self, corpus: Corpus) -> None:
        """llem-miners writes its rules below the hand-written ones (``--write``)."""
        added_by = [rule.added_by for rule in corpus.rules]
        hand = added_by.count("manual_seed")
        assert hand == 57
        assert set(added_by[:hand]) == {"manual_seed"}
        assert "manual_seed" not in added_by[hand:] and len(added_by) > hand

    def test_source_locations_exist_in_the_installed_library(self, corpus: Corpus) -> None:
        assert_sources_exist_in_installed_library(corpus, "vllm")
