"""The shipped rule corpus (``llem_tensorrt/rules.yaml``) through the rule-corpus suite
(:mod:`llem.testing.rule_corpus`), and what is the TensorRT-LLM engine's own: it says it was never
replayed and why, every rule is hand-written or mined from a named source (the mined ones with
their line and, where known, commit), and pass-through rules name real parameters. What the
real library does with the examples is NOT checked: it cannot be installed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llem.rules.check import check_view
from llem.rules.model import Corpus
from llem.rules.package_data import read_text
from llem.testing.rule_corpus import RuleCorpusSuite
from llem_tensorrt.native_params import BACKEND_ONLY, BASE_LLM_ARGS, SAMPLING_PARAMS
from llem_tensorrt.plugin import ENGINE_SPEC, LIBRARY, LIBRARY_VERSION

RESOURCE = "llem_tensorrt:rules.yaml"
MINED_BY = ("static_miner", "pydantic_lift")
SAMPLING_COMMIT = "a98a9061d72f6fd39f5d055ebdd2c6878a100e2c"
SOURCES = (
    "tensorrt_llm/sampling_params.py",
    "tensorrt_llm/llmapi/llm_args.py",
    "tensorrt_llm/llmapi/llm.py",
)


class TestTensorrtRuleCorpus(RuleCorpusSuite):
    resource = RESOURCE
    engine = "tensorrt"
    library = LIBRARY
    library_version = LIBRARY_VERSION
    native_types = frozenset({"SamplingParams", "LLM", "KvCacheConfig"})
    min_rules = 30
    greedy_knobs = {"sampling": {"top_k": 10, "top_p": 0.9}}
    sampling_knobs = {"sampling": {"temperature": 0.7, "top_k": 40, "top_p": 0.9}}
    invalid_values = (
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
    )

    def hand_made_views(self, base: Mapping[str, Any]) -> list[dict[str, Any]]:
        many_dormant = self.with_values(
            base,
            sampling={"temperature": 0.0, "top_k": 0, "top_p": 0.5, "repetition_penalty": 1.0},
            engine={"max_batch_size": 2048, "max_num_tokens": 8192, "cuda_graphs": True},
            kv_cache={"free_gpu_memory_fraction": 0.9},
        )
        return [many_dormant]

    def test_the_engine_spec_ships_the_corpus(self) -> None:
        assert ENGINE_SPEC.rules == RESOURCE

    def test_the_header_says_no_rule_was_replayed_and_why(self) -> None:
        header = read_text(RESOURCE).split("\nformat:", 1)[0]
        assert "# replay: unavailable" in header
        assert "cannot\n# be installed" in header and "llem-miners" in header
        assert "a98a9061d72f6fd39f5d055ebdd2c6878a100e2c" in header

    def test_every_rule_is_hand_written_or_mined_from_a_named_source(self, corpus: Corpus) -> None:
        text = read_text(RESOURCE)
        marker = "# --- mined: all below is rewritten by `llem-miners mine tensorrt --write`"
        assert marker in text
        hand_ids = {rule.id for rule in corpus.rules if rule.added_by == "manual_seed"}
        assert all(f"id: {rule_id}\n" in text.split(marker)[0] for rule_id in hand_ids)
        for rule in corpus.rules:
            assert rule.added_by in ("manual_seed", *MINED_BY), rule.id
            assert rule.description, rule.id
            assert rule.source.file in SOURCES, rule.id
            assert rule.source.method, rule.id
            assert rule.kwargs_positive != rule.kwargs_negative, rule.id
        mined = [rule for rule in corpus.rules if rule.added_by != "manual_seed"]
        assert len(hand_ids) == 32 and len(mined) >= 5

    def test_the_mined_rules_say_they_were_read_never_replayed(self) -> None:
        block = read_text(RESOURCE).split("# --- mined", 1)[1]
        assert "# replay: unavailable -- read off the library's sources (--source)" in block

    def test_rules_cite_lines_at_the_version_read(self, corpus: Corpus) -> None:
        header = read_text(RESOURCE).split("\nformat:", 1)[0]
        assert "lines at commit a98a9061" in header
        for rule in corpus.rules:
            has_line = rule.source.line is not None
            if rule.added_by == "manual_seed":
                assert has_line == (rule.source.file == SOURCES[0]), rule.id
                assert rule.source.commit is None, rule.id
            else:
                assert has_line, rule.id
                at_commit = rule.source.file == SOURCES[0]
                assert (rule.source.commit == SAMPLING_COMMIT) == at_commit, rule.id

    def test_pass_through_rules_name_real_parameters(self, corpus: Corpus) -> None:
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

    def test_a_batch_larger_than_the_token_budget_is_a_warning(
        self, corpus: Corpus, base_view: dict[str, Any]
    ) -> None:
        report = check_view(
            self.with_values(base_view, engine={"max_batch_size": 64, "max_num_tokens": 32}),
            corpus,
        )
        assert [finding.rule.id for finding in report.warnings] == [
            "tensorrt.llm.max_batch_size_above_max_num_tokens"
        ]
        assert report.errors == ()
